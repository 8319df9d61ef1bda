//! The tools' declarations against the spec, and the checks of what an
//! agent sends.

use serde_json::{Value, json};

use super::*;

fn object(value: Value) -> Option<JsonObject> {
    value.as_object().cloned()
}

#[test]
fn every_input_schema_has_the_specs_required_fields_and_no_secret() {
    for tool in all() {
        let schema = tool.input_schema();
        assert_eq!(schema["type"], "object", "{}", tool.name);
        let properties = schema["properties"].as_object().unwrap();
        for secret in SERVER_HELD {
            assert!(
                !properties.contains_key(*secret),
                "{} takes {secret}",
                tool.name
            );
        }
        let Input::Body { required: own, .. } = &tool.input else {
            continue;
        };
        let mut required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut expected = tool.operation.required.to_vec();
        expected.extend(own.iter());
        expected.sort_unstable();
        required.sort_unstable();
        assert_eq!(required, expected, "{}", tool.name);
        for field in tool.operation.fields {
            assert!(
                SERVER_HELD.contains(field) || properties.contains_key(*field),
                "{} lacks {field}",
                tool.name
            );
        }
    }
}

#[test]
fn the_feedback_enum_and_the_question_limit_come_from_the_spec() {
    let rate = named("rate_answer").unwrap().input_schema();
    assert_eq!(
        rate["properties"]["feedback"]["enum"],
        json!(["HELPFUL", "NOT_HELPFUL"])
    );
    let ask = named("ask_chatbot").unwrap().input_schema();
    assert_eq!(ask["properties"]["question"]["maxLength"], 4000);
    assert_eq!(ask["properties"]["question"]["minLength"], 1);
    let pages = named("add_pages").unwrap().input_schema();
    assert_eq!(pages["properties"]["urls"]["minItems"], 1);
    assert_eq!(pages["properties"]["urls"]["items"]["format"], "uri");
    assert!(
        ask["properties"]["chatbotId"]["description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
}

#[test]
fn read_only_is_the_annotation_and_asking_an_explicit_choice() {
    let names = |tools: Vec<&Tool>| tools.iter().map(|t| t.name).collect::<Vec<_>>();
    let read_only = offered(true, false, None).unwrap();
    assert!(read_only.iter().all(|t| t.read_only));
    assert!(
        read_only
            .iter()
            .all(|t| t.listed().annotations.unwrap().read_only_hint == Some(true))
    );
    assert!(!names(read_only).contains(&"ask_chatbot"));
    let asking = names(offered(true, true, None).unwrap());
    assert!(
        asking.contains(&"ask_chatbot") && !asking.contains(&"rate_answer"),
        "{asking:?}"
    );
    let allow = ["ask_chatbot".to_owned(), " add_tags".to_owned()];
    assert_eq!(
        names(offered(false, false, Some(&allow)).unwrap()),
        ["ask_chatbot", "add_tags"]
    );
    assert!(names(offered(true, false, Some(&allow)).unwrap()).is_empty());
    assert!(offered(false, false, Some(&["nope".to_owned()])).is_err());
}

#[test]
fn every_tool_is_declared_once_with_a_distinct_name() {
    let mut seen = std::collections::BTreeSet::new();
    for tool in all() {
        assert!(seen.insert(tool.name), "{} twice", tool.name);
        assert!(!tool.description.is_empty() && !tool.title.is_empty());
        assert_eq!(tool.output_schema()["type"], "object", "{}", tool.name);
    }
}

#[test]
fn no_schema_has_a_format_json_schema_does_not_define() {
    for tool in all() {
        let text = serde_json::to_string(&tool.listed()).unwrap();
        for format in ["uint", "int64", "double", "float"] {
            assert!(
                !text.contains(&format!("\"format\":\"{format}")),
                "{}: {format}",
                tool.name
            );
        }
    }
}

#[test]
fn annotations_follow_the_spec() {
    // The hints as a client reads them: what is left out has MCP's default
    // (not read-only, destructive, not idempotent, open world).
    let hints = |name: &str| {
        let a = named(name).unwrap().listed().annotations.unwrap();
        (
            a.read_only_hint.unwrap_or(false),
            a.destructive_hint.unwrap_or(true),
            a.idempotent_hint.unwrap_or(false),
            a.open_world_hint.unwrap_or(true),
        )
    };
    // (read-only, destructive, idempotent, open world)
    assert_eq!(hints("ask_chatbot"), (false, false, false, true));
    assert_eq!(hints("remove_tags"), (false, true, true, true));
    assert_eq!(hints("add_tags"), (false, false, true, true));
    assert!(hints("get_conversation").0 && hints("get_conversation").3);
    assert!(!hints("save_chatlogs").0);
    // The title is said once, not again in the annotations.
    let listed = named("ask_chatbot").unwrap().listed();
    assert!(listed.title.is_some() && listed.annotations.unwrap().title.is_none());
}

#[test]
fn arguments_are_checked_against_the_specs_type() {
    let ask = named("ask_chatbot").unwrap();
    let body = |value: Value| -> Result<wonderchat::low_level::types::ChatRequest, String> {
        ask.arguments(object(value))?.body(false)
    };
    assert!(body(json!({"chatbotId": "b", "question": "hi"})).is_ok());
    let missing = body(json!({"chatbotId": "b"})).unwrap_err();
    assert!(missing.contains("missing field `question`"), "{missing}");
    let wrong = body(json!({"chatbotId": 5, "question": "hi"})).unwrap_err();
    assert!(wrong.contains("`chatbotId`"), "{wrong}");
    let long = body(json!({"chatbotId": "b", "question": "x".repeat(1 << 20)})).unwrap_err();
    assert!(
        long.contains("longer than 4000") && long.len() < 400,
        "{long}"
    );
    let key = body(json!({"chatbotId": "b", "question": "hi", "apiKey": "k"})).unwrap_err();
    assert!(key.contains("holds the API key"), "{key}");
    let unknown =
        body(json!({"chatbotId": "b", "question": "hi", "x".repeat(5000): 1})).unwrap_err();
    assert!(
        unknown.contains("has no argument") && unknown.len() < 400,
        "{unknown}"
    );
}

#[test]
fn tool_only_arguments_are_taken_out() {
    let tool = named("get_conversation").unwrap();
    let arguments = tool
        .arguments(object(json!({"chatlogId": "c", "offset": 5})))
        .unwrap();
    assert_eq!(arguments.integer("offset", 0, 0, 10).unwrap(), 5);
    assert!(arguments.integer("offset", 0, 0, 4).is_err());
    let request: wonderchat::low_level::types::GetMessagesRequest = arguments.body(true).unwrap();
    assert_eq!(request.chatlog_id, "c");
}

/// What `tools/list` shows in every mode, frozen: a spec edit that changes
/// what agents see shows up here as a reviewed diff.
#[test]
fn tools_list_in_every_mode() {
    for (mode, read_only, allow_ask) in [
        ("all", false, false),
        ("read_only", true, false),
        ("read_only_allow_ask", true, true),
    ] {
        let listed: Vec<Value> = offered(read_only, allow_ask, None)
            .unwrap()
            .iter()
            .map(|t| serde_json::to_value(t.listed()).unwrap())
            .collect();
        insta::assert_json_snapshot!(format!("tools_list_{mode}"), listed);
    }
}

/// The characters `tools/list` takes in an agent's context, per tool.
fn listed_sizes() -> Vec<(&'static str, usize)> {
    all()
        .into_iter()
        .map(|t| (t.name, serde_json::to_string(&t.listed()).unwrap().len()))
        .collect()
}

#[test]
fn the_tool_list_takes_under_1100_characters_a_tool() {
    // It was 27,900 for 11 tools, of which feedback_report's output schema
    // alone took 12,400: every agent paid that before its first call. Then
    // 11,800 for the same 11 (a budget of 12,000), 12,700 with
    // plan_pages_sync.
    let sizes = listed_sizes();
    let total: usize = sizes.iter().map(|(_, n)| n).sum();
    assert!(
        total < 1_100 * sizes.len(),
        "tools/list takes {total} characters: {sizes:?}"
    );
}

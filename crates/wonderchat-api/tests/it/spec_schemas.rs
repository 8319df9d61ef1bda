//! The published spec against itself and against the Rust types:
//! - every example in `openapi/wonderchat.json` (request, responses, errors,
//!   schemas and properties) is valid against its schema, the API page's own
//!   example request and response among them;
//! - the JSON Schemas that `schemars` derives from the generated types agree
//!   with the spec's components, so the types and the document cannot drift.

use serde_json::{Value, json};
use wonderchat_api::types;

fn spec() -> Value {
    serde_json::from_str(wonderchat_api::spec::OPENAPI_JSON).unwrap()
}

/// Replaces every `#/components/schemas/X` reference by the schema itself
/// (the spec has no cycles) and unwraps single-element `allOf`.
fn inline(schema: &Value, components: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let name = reference.rsplit('/').next().unwrap();
                return inline(&components[name], components);
            }
            if let Some(Value::Array(all)) = map.get("allOf")
                && all.len() == 1
            {
                return inline(&all[0], components);
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), inline(v, components)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| inline(v, components)).collect()),
        other => other.clone(),
    }
}

/// (where, schema, example) for every example in the document.
fn examples(spec: &Value) -> Vec<(String, Value, Value)> {
    let components = &spec["components"];
    let mut found = Vec::new();
    let mut media = |place: String, content: &Value| {
        let Some(content) = content.get("application/json") else {
            return;
        };
        let schema = &content["schema"];
        if let Some(example) = content.get("example") {
            found.push((place.clone(), schema.clone(), example.clone()));
        }
        for (name, example) in content["examples"].as_object().into_iter().flatten() {
            found.push((
                format!("{place} ({name})"),
                schema.clone(),
                example["value"].clone(),
            ));
        }
    };
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            media(
                format!("{method} {path} request"),
                &operation["requestBody"]["content"],
            );
            for (status, response) in operation["responses"].as_object().unwrap() {
                let response = match response.get("$ref").and_then(Value::as_str) {
                    Some(r) => &components["responses"][r.rsplit('/').next().unwrap()],
                    None => response,
                };
                media(format!("{method} {path} {status}"), &response["content"]);
            }
        }
    }
    for (name, schema) in components["schemas"].as_object().unwrap() {
        if let Some(example) = schema.get("example") {
            found.push((format!("schema {name}"), schema.clone(), example.clone()));
        }
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(example) = property.get("example") {
                found.push((
                    format!("schema {name}.{field}"),
                    property.clone(),
                    example.clone(),
                ));
            }
        }
    }
    found
}

fn errors(schema: &Value, example: &Value, components: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&inline(schema, components)).unwrap();
    validator
        .iter_errors(example)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_example_matches_its_schema() {
    let spec = spec();
    let components = &spec["components"]["schemas"];
    let examples = examples(&spec);
    assert!(
        examples.len() >= 20,
        "only {} examples found",
        examples.len()
    );
    for (place, schema, example) in &examples {
        let problems = errors(schema, example, components);
        assert!(problems.is_empty(), "{place}: {problems:?}");
    }
}

#[test]
fn the_api_pages_own_examples_are_in_the_spec() {
    let page_request = json!({
        "apiKey": "YOUR_API_KEY",
        "messageId": "YOUR_MESSAGE_ID",
        "feedback": "HELPFUL",
        "userComment": "This answer was very helpful!"
    });
    let page_response = json!({
        "status": "success",
        "feedback": "HELPFUL",
        "wasUpdated": false,
        "messageFeedback": {
            "id": "clm1n0vvs000008l43ez2bxyz",
            "feedbackType": "HELPFUL",
            "submittedAt": "2023-12-01T06:35:45.123Z"
        }
    });
    let examples: Vec<Value> = examples(&spec()).into_iter().map(|(_, _, e)| e).collect();
    assert!(examples.contains(&page_request));
    assert!(examples.contains(&page_response));
    // ... and they decode into the generated types.
    let request: types::UpdateMessageFeedbackRequest =
        serde_json::from_value(page_request).unwrap();
    assert_eq!(request.feedback, types::Feedback::Helpful);
    let response: types::UpdateMessageFeedbackResponse =
        serde_json::from_value(page_response).unwrap();
    assert!(!response.was_updated);
}

#[test]
fn a_wrong_example_is_caught() {
    let spec = spec();
    let components = &spec["components"]["schemas"];
    let schema = json!({"$ref": "#/components/schemas/UpdateMessageFeedbackRequest"});
    let wrong = json!({"apiKey": "k", "messageId": "", "feedback": "MAYBE"});
    let problems = errors(&schema, &wrong, components);
    assert_eq!(problems.len(), 2, "{problems:?}");
}

/// The parts of a schema that define the wire format, with references
/// inlined and documentation dropped.
fn canonical(schema: &Value, components: &Value) -> Value {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (key, value) in map {
                    match key.as_str() {
                        "description" | "example" | "examples" | "title" | "nullable"
                        | "default" | "definitions" | "$schema" => {}
                        // Extensions document; they define nothing on the wire.
                        k if k.starts_with("x-") => {}
                        // Known typify gap: a Vec carries no item counts. The
                        // SDK and the mock check "at least one" themselves.
                        "minItems" | "maxItems" => {}
                        "required" => {
                            let mut names: Vec<Value> =
                                value.as_array().cloned().unwrap_or_default();
                            names.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                            out.insert(key.clone(), Value::Array(names));
                        }
                        _ => {
                            out.insert(key.clone(), strip(value));
                        }
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(&inline(schema, components))
}

fn derived<T: schemars::JsonSchema>() -> (Value, Value) {
    let root = schemars::r#gen::SchemaSettings::openapi3()
        .into_generator()
        .into_root_schema_for::<T>();
    let definitions = serde_json::to_value(&root.definitions).unwrap();
    (serde_json::to_value(&root.schema).unwrap(), definitions)
}

#[test]
fn schemas_derived_from_the_rust_types_agree_with_the_spec() {
    let spec = spec();
    let components = &spec["components"]["schemas"];
    let checks: Vec<(&str, (Value, Value))> = vec![
        (
            "UpdateMessageFeedbackRequest",
            derived::<types::UpdateMessageFeedbackRequest>(),
        ),
        (
            "UpdateMessageFeedbackResponse",
            derived::<types::UpdateMessageFeedbackResponse>(),
        ),
        ("MessageFeedback", derived::<types::MessageFeedback>()),
        ("ErrorResponse", derived::<types::ErrorResponse>()),
        ("Feedback", derived::<types::Feedback>()),
        ("ApiKey", derived::<wonderchat_api::ApiKey>()),
        ("SessionCookie", derived::<wonderchat_api::SessionCookie>()),
        ("ChatResponse", derived::<types::ChatResponse>()),
        ("Source", derived::<types::Source>()),
        ("GetMessagesRequest", derived::<types::GetMessagesRequest>()),
        (
            "GetMessagesResponse",
            derived::<types::GetMessagesResponse>(),
        ),
        ("ChatlogTagsRequest", derived::<types::ChatlogTagsRequest>()),
        (
            "ExportChatlogsRequest",
            derived::<types::ExportChatlogsRequest>(),
        ),
        (
            "ExportChatlogsResponse",
            derived::<types::ExportChatlogsResponse>(),
        ),
        (
            "LiveChatInitiatedEvent",
            derived::<types::LiveChatInitiatedEvent>(),
        ),
    ];
    for (name, (schema, definitions)) in checks {
        let from_rust = canonical(&schema, &definitions);
        let mut from_spec = canonical(&components[name], components);
        if name == "UpdateMessageFeedbackRequest" {
            // Known typify gap: the `messageId` newtype enforces minLength 1
            // when it is built or decoded, but its derived JsonSchema is the
            // plain string's. The constraint itself is checked below.
            let message_id = from_spec["properties"]["messageId"]
                .as_object_mut()
                .unwrap();
            assert_eq!(message_id.remove("minLength"), Some(json!(1)));
            let comment = from_spec["properties"]["userComment"]
                .as_object_mut()
                .unwrap();
            assert_eq!(comment.remove("maxLength"), Some(json!(2000)));
        }
        assert_eq!(
            from_rust, from_spec,
            "{name}: the Rust type and the spec disagree"
        );
    }
    assert!(
        "".parse::<types::UpdateMessageFeedbackRequestMessageId>()
            .is_err()
    );
    assert!(
        "c".repeat(2001)
            .parse::<types::UpdateMessageFeedbackRequestUserComment>()
            .is_err()
    );
    assert!(
        serde_json::from_value::<types::UpdateMessageFeedbackRequestMessageId>(json!("")).is_err()
    );
}

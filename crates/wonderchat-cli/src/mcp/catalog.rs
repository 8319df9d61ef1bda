//! The tools: names, descriptions, JSON Schemas and annotations. Input
//! schemas are the spec's request bodies (the generated types' schemars
//! schemas, so the spec's descriptions, enums, limits and required fields)
//! without what the server holds itself (`apiKey`, `sessionCookie`) and
//! with the few tool-only fields; output schemas are the result types'.

use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde_json::{Value, json};
use wonderchat::low_level::{operations, types};

use super::outputs;

/// The request-body fields no tool takes: the server holds the secrets, and
/// a tool answers whole (never as a stream).
pub(crate) const SERVER_HELD: &[&str] = &["apiKey", "sessionCookie", "stream"];

/// One tool of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ToolName {
    AskChatbot,
    RateAnswer,
    GetConversation,
    ExportChatlogs,
    SaveChatlogs,
    AddPages,
    RemovePages,
    AddTags,
    RemoveTags,
    FeedbackReport,
}

impl ToolName {
    /// Every tool, in the order they are listed.
    pub(crate) const ALL: [ToolName; 10] = [
        ToolName::AskChatbot,
        ToolName::RateAnswer,
        ToolName::GetConversation,
        ToolName::ExportChatlogs,
        ToolName::SaveChatlogs,
        ToolName::AddPages,
        ToolName::RemovePages,
        ToolName::AddTags,
        ToolName::RemoveTags,
        ToolName::FeedbackReport,
    ];

    /// The name agents call it by.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ToolName::AskChatbot => "ask_chatbot",
            ToolName::RateAnswer => "rate_answer",
            ToolName::GetConversation => "get_conversation",
            ToolName::ExportChatlogs => "export_chatlogs",
            ToolName::SaveChatlogs => "save_chatlogs",
            ToolName::AddPages => "add_pages",
            ToolName::RemovePages => "remove_pages",
            ToolName::AddTags => "add_tags",
            ToolName::RemoveTags => "remove_tags",
            ToolName::FeedbackReport => "feedback_report",
        }
    }

    /// The tool of a name.
    pub(crate) fn parse(name: &str) -> Option<ToolName> {
        ToolName::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The spec's operation behind it (`None`: the report, which reads the
    /// export).
    pub(crate) fn operation(self) -> operations::Operation {
        match self {
            ToolName::AskChatbot => operations::CHAT,
            ToolName::RateAnswer => operations::UPDATE_MESSAGE_FEEDBACK,
            ToolName::GetConversation => operations::GET_MESSAGES,
            ToolName::ExportChatlogs | ToolName::SaveChatlogs | ToolName::FeedbackReport => {
                operations::EXPORT_CHATLOGS
            }
            ToolName::AddPages => operations::ADD_PAGES,
            ToolName::RemovePages => operations::DELETE_PAGES,
            ToolName::AddTags => operations::ADD_TAGS_TO_CHATLOG,
            ToolName::RemoveTags => operations::DELETE_TAGS_FROM_CHATLOG,
        }
    }

    /// Whether it changes stored data (Wonderchat's, or a file here):
    /// hidden by `--read-only`. Asking adds a conversation, which is the
    /// chatbot's purpose, so it stays.
    pub(crate) fn changes_data(self) -> bool {
        matches!(
            self,
            ToolName::RateAnswer
                | ToolName::SaveChatlogs
                | ToolName::AddPages
                | ToolName::RemovePages
                | ToolName::AddTags
                | ToolName::RemoveTags
        )
    }

    /// Whether it changes nothing at all (MCP's `readOnlyHint`).
    fn read_only(self) -> bool {
        matches!(
            self,
            ToolName::GetConversation | ToolName::ExportChatlogs | ToolName::FeedbackReport
        )
    }

    /// Whether it may remove something (MCP's `destructiveHint`).
    fn destructive(self) -> bool {
        matches!(self, ToolName::RemovePages | ToolName::RemoveTags)
    }

    fn title(self) -> &'static str {
        match self {
            ToolName::AskChatbot => "Ask a Wonderchat chatbot",
            ToolName::RateAnswer => "Rate a chatbot answer",
            ToolName::GetConversation => "Read a conversation",
            ToolName::ExportChatlogs => "Export conversations",
            ToolName::SaveChatlogs => "Save conversations to a file",
            ToolName::AddPages => "Add knowledge-base pages",
            ToolName::RemovePages => "Remove knowledge-base pages",
            ToolName::AddTags => "Tag a conversation",
            ToolName::RemoveTags => "Untag a conversation",
            ToolName::FeedbackReport => "Feedback report",
        }
    }

    fn description(self) -> &'static str {
        match self {
            ToolName::AskChatbot => {
                "Asks a Wonderchat chatbot a question and returns its answer, the answer's \
                 messageId (for rate_answer), the chatlogId (pass it back to go on with the \
                 same conversation) and the source pages. Not read-only: every question is \
                 stored as (part of) a conversation in the chatbot's chatlogs."
            }
            ToolName::RateAnswer => {
                "Records feedback (HELPFUL or NOT_HELPFUL, with an optional comment) on one \
                 chatbot answer, by the messageId ask_chatbot returned. Sending it again \
                 replaces the earlier feedback."
            }
            ToolName::GetConversation => {
                "Reads the messages of one conversation (chatlog), oldest first. Long \
                 conversations come in parts: pass offset and limit."
            }
            ToolName::ExportChatlogs => {
                "Exports conversations (all chatbots, or one; optionally between two times) \
                 and returns a summary (counts, time span, ratings) and a few samples. Writes \
                 nothing (save_chatlogs writes a file). Reports progress; can be cancelled."
            }
            ToolName::SaveChatlogs => {
                "Exports conversations (all chatbots, or one; optionally between two times) \
                 to a new JSON Lines file in the server's export folder (one chatlog per \
                 line) and returns the same summary as export_chatlogs. Never replaces a \
                 file: `path` must be a new name. Reports progress; can be cancelled (nothing \
                 is left behind)."
            }
            ToolName::AddPages => {
                "Adds web pages (URLs) to a chatbot's knowledge base; the chatbot learns them. \
                 Adding a page that is already there changes nothing."
            }
            ToolName::RemovePages => {
                "Removes web pages (URLs) from a chatbot's knowledge base; its answers no \
                 longer draw on them."
            }
            ToolName::AddTags => "Adds free-form tags to one conversation (chatlog).",
            ToolName::RemoveTags => "Removes tags from one conversation (chatlog).",
            ToolName::FeedbackReport => {
                "What the feedback says, from the conversations of a period: satisfaction, \
                 resolution, confidence, where it happens, and the questions the knowledge \
                 base answers badly (the pages to add). The same figures as `wonderchat report \
                 --format json`. Reads every conversation of the period: reports progress; can \
                 be cancelled."
            }
        }
    }

    /// The JSON Schema of its arguments.
    fn input_schema(self) -> JsonObject {
        match self {
            ToolName::AskChatbot => from_body::<types::ChatRequest>("ChatRequest", &[]),
            ToolName::RateAnswer => from_body::<types::UpdateMessageFeedbackRequest>(
                "UpdateMessageFeedbackRequest",
                &[],
            ),
            ToolName::GetConversation => from_body::<types::GetMessagesRequest>(
                "GetMessagesRequest",
                &[
                    (
                        "offset",
                        json!({"type": "integer", "minimum": 0, "default": 0,
                           "description": "Skip this many messages (for reading a long conversation in parts)."}),
                    ),
                    (
                        "limit",
                        json!({"type": "integer", "minimum": 1, "maximum": 1000, "default": 200,
                           "description": "At most this many messages."}),
                    ),
                ],
            ),
            ToolName::ExportChatlogs => {
                from_body::<types::ExportChatlogsRequest>("ExportChatlogsRequest", &[samples()])
            }
            ToolName::SaveChatlogs => {
                let mut schema = from_body::<types::ExportChatlogsRequest>(
                    "ExportChatlogsRequest",
                    &[
                        (
                            "path",
                            json!({"type": "string", "minLength": 1,
                               "description": "The new file's name, relative to the server's export folder (it may not leave it, nor name a file that exists)."}),
                        ),
                        samples(),
                    ],
                );
                if let Some(Value::Array(required)) = schema.get_mut("required") {
                    required.push(json!("path"));
                } else {
                    schema.insert("required".to_owned(), json!(["path"]));
                }
                schema
            }
            ToolName::AddPages => from_body::<types::AddPagesRequest>("AddPagesRequest", &[]),
            ToolName::RemovePages => {
                from_body::<types::DeletePagesRequest>("DeletePagesRequest", &[])
            }
            ToolName::AddTags | ToolName::RemoveTags => {
                from_body::<types::ChatlogTagsRequest>("ChatlogTagsRequest", &[])
            }
            ToolName::FeedbackReport => schema_of::<outputs::ReportInput>(),
        }
    }

    /// The JSON Schema of its `structuredContent`.
    fn output_schema(self) -> JsonObject {
        match self {
            ToolName::AskChatbot => schema_of::<outputs::Answer>(),
            ToolName::RateAnswer => schema_of::<outputs::Rated>(),
            ToolName::GetConversation => schema_of::<outputs::Conversation>(),
            ToolName::ExportChatlogs | ToolName::SaveChatlogs => schema_of::<outputs::Exported>(),
            ToolName::AddPages | ToolName::RemovePages => schema_of::<outputs::PagesChanged>(),
            ToolName::AddTags | ToolName::RemoveTags => schema_of::<outputs::TagsChanged>(),
            ToolName::FeedbackReport => schema_of::<outputs::ReportOutput>(),
        }
    }

    /// The tool as `tools/list` shows it.
    pub(crate) fn tool(self) -> Tool {
        let annotations = ToolAnnotations::with_title(self.title())
            .read_only(self.read_only())
            .destructive(self.destructive())
            .idempotent(self.operation().idempotent && self != ToolName::AskChatbot)
            // Every tool reaches Wonderchat, a service outside this machine.
            .open_world(true);
        Tool::new(
            self.as_str(),
            self.description(),
            Arc::new(self.input_schema()),
        )
        .with_title(self.title())
        .with_raw_output_schema(Arc::new(self.output_schema()))
        .with_annotations(annotations)
    }

    /// The argument names its schema declares (worked out once).
    pub(crate) fn fields(self) -> &'static [String] {
        static FIELDS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
        let all = FIELDS.get_or_init(|| {
            ToolName::ALL
                .iter()
                .map(|tool| {
                    tool.input_schema()
                        .get("properties")
                        .and_then(Value::as_object)
                        .map(|p| p.keys().cloned().collect())
                        .unwrap_or_default()
                })
                .collect()
        });
        let index = ToolName::ALL.iter().position(|t| *t == self).unwrap_or(0);
        &all[index]
    }
}

/// `export_chatlogs`' and `save_chatlogs`' `samples`.
fn samples() -> (&'static str, Value) {
    (
        "samples",
        json!({"type": "integer", "minimum": 0, "maximum": 20, "default": 3,
           "description": "How many of the first conversations to include, shortened."}),
    )
}

/// The tools offered: all, less those `--read-only` hides, limited to the
/// `--tools` allow-list.
pub(crate) fn offered(read_only: bool, allow: Option<&[String]>) -> Result<Vec<ToolName>, String> {
    if let Some(allow) = allow {
        for name in allow {
            if ToolName::parse(name.trim()).is_none() {
                let known: Vec<&str> = ToolName::ALL.iter().map(|t| t.as_str()).collect();
                return Err(format!(
                    "--tools: there is no tool {:?}; the tools are {}",
                    wonderchat::printable(name),
                    known.join(", ")
                ));
            }
        }
    }
    Ok(ToolName::ALL
        .into_iter()
        .filter(|t| !(read_only && t.changes_data()))
        .filter(|t| allow.is_none_or(|a| a.iter().any(|n| n.trim() == t.as_str())))
        .collect())
}

/// A type's JSON Schema as one object: subschemas inlined (some clients do
/// not follow `$ref`), no `$schema` or `title`.
pub(crate) fn schema_of<T: JsonSchema>() -> JsonObject {
    let settings = schemars::r#gen::SchemaSettings::draft2019_09().with(|s| {
        s.inline_subschemas = true;
        s.meta_schema = None;
    });
    let root = settings.into_generator().into_root_schema_for::<T>();
    let Ok(Value::Object(mut schema)) = serde_json::to_value(root) else {
        unreachable!("a schemars schema is a JSON object");
    };
    schema.remove("title");
    schema.remove("definitions");
    let mut schema = Value::Object(schema);
    drop_rust_formats(&mut schema);
    let Value::Object(schema) = schema else {
        unreachable!("still an object");
    };
    schema
}

/// Removes schemars' Rust number formats (`uint64`, `double`, …), which
/// JSON Schema does not define (validators warn); `minimum: 0` stays.
fn drop_rust_formats(value: &mut Value) {
    const RUST: &[&str] = &[
        "int", "int8", "int16", "int32", "int64", "int128", "uint", "uint8", "uint16", "uint32",
        "uint64", "uint128", "float", "double",
    ];
    match value {
        Value::Object(map) => {
            if map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| RUST.contains(&f))
            {
                map.remove("format");
            }
            map.values_mut().for_each(drop_rust_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_rust_formats),
        _ => {}
    }
}

/// The keywords of the spec's schemas that the generated types enforce but
/// their schemars derive does not show.
const LIMITS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "format",
    "minimum",
    "maximum",
];

/// The published spec, parsed once.
fn spec() -> &'static Value {
    static SPEC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| {
        serde_json::from_str(wonderchat::low_level::spec::OPENAPI_JSON).unwrap_or(Value::Null)
    })
}

/// The spec's schema at `schema`, its `$ref` followed (one step).
fn resolve(schema: &Value) -> &Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix("#/")
            .map(|path| format!("/{path}"))
            .and_then(|pointer| spec().pointer(&pointer))
            .unwrap_or(schema),
        None => schema,
    }
}

/// Copies the spec's limits of `from` (and of its items) onto `to`.
fn add_limits(to: &mut Value, from: &Value) {
    let from = resolve(from);
    for keyword in LIMITS {
        if let (Some(limit), Value::Object(to)) = (from.get(*keyword), &mut *to) {
            to.insert((*keyword).to_owned(), limit.clone());
        }
    }
    if let (Some(items), Some(to_items)) = (from.get("items"), to.get_mut("items")) {
        add_limits(to_items, items);
    }
}

/// A request body's schema (the spec's component `component`) less the
/// server-held fields, with the spec's limits, plus `extra` tool-only
/// fields; unknown arguments are refused.
fn from_body<T: JsonSchema>(component: &str, extra: &[(&str, Value)]) -> JsonObject {
    let mut schema = schema_of::<T>();
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        for field in SERVER_HELD {
            properties.remove(*field);
        }
        let spec_properties = spec()
            .pointer(&format!("/components/schemas/{component}/properties"))
            .and_then(Value::as_object);
        for (name, property) in properties.iter_mut() {
            if let Some(from) = spec_properties.and_then(|p| p.get(name)) {
                add_limits(property, from);
                // A field typed by a named schema (`urls`: PageUrls) takes
                // that schema's description.
                if let (Some(text), Value::Object(property)) =
                    (resolve(from).get("description"), &mut *property)
                {
                    property
                        .entry("description")
                        .or_insert_with(|| text.clone());
                }
            }
        }
        for (name, field) in extra {
            properties.insert((*name).to_owned(), field.clone());
        }
    }
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.retain(|f| f.as_str().is_none_or(|f| !SERVER_HELD.contains(&f)));
    }
    schema.insert("additionalProperties".to_owned(), Value::Bool(false));
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_schema_has_the_specs_required_fields_and_no_secret() {
        for tool in ToolName::ALL {
            let schema = tool.input_schema();
            assert_eq!(schema["type"], "object", "{tool:?}");
            let properties = schema["properties"].as_object().unwrap();
            for secret in SERVER_HELD {
                assert!(!properties.contains_key(*secret), "{tool:?} takes {secret}");
            }
            if tool == ToolName::FeedbackReport {
                continue;
            }
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut expected = tool.operation().required.to_vec();
            if tool == ToolName::SaveChatlogs {
                expected.push("path");
            }
            let mut required = required;
            expected.sort_unstable();
            required.sort_unstable();
            assert_eq!(required, expected, "{tool:?}");
            for field in tool.operation().fields {
                assert!(
                    SERVER_HELD.contains(field) || properties.contains_key(*field),
                    "{tool:?} lacks {field}"
                );
            }
        }
    }

    #[test]
    fn the_feedback_enum_and_the_question_limit_come_from_the_spec() {
        let rate = ToolName::RateAnswer.input_schema();
        assert_eq!(
            rate["properties"]["feedback"]["enum"],
            json!(["HELPFUL", "NOT_HELPFUL"])
        );
        let ask = ToolName::AskChatbot.input_schema();
        assert_eq!(ask["properties"]["question"]["maxLength"], 4000);
        assert_eq!(ask["properties"]["question"]["minLength"], 1);
        let pages = ToolName::AddPages.input_schema();
        assert_eq!(pages["properties"]["urls"]["minItems"], 1);
        assert_eq!(pages["properties"]["urls"]["items"]["format"], "uri");
        assert!(
            ask["properties"]["chatbotId"]["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty())
        );
    }

    #[test]
    fn read_only_hides_every_tool_that_changes_data_and_the_allow_list_filters() {
        let tools = offered(true, None).unwrap();
        assert!(tools.iter().all(|t| !t.changes_data()));
        assert!(tools.contains(&ToolName::AskChatbot));
        let allow = ["ask_chatbot".to_owned(), " add_tags".to_owned()];
        assert_eq!(
            offered(false, Some(&allow)).unwrap(),
            [ToolName::AskChatbot, ToolName::AddTags]
        );
        assert_eq!(offered(true, Some(&allow)).unwrap(), [ToolName::AskChatbot]);
        assert!(offered(false, Some(&["nope".to_owned()])).is_err());
    }

    #[test]
    fn no_schema_has_a_format_json_schema_does_not_define() {
        for tool in ToolName::ALL {
            let text = serde_json::to_string(&tool.tool()).unwrap();
            for format in ["uint", "int64", "double", "float"] {
                assert!(
                    !text.contains(&format!("\"format\":\"{format}")),
                    "{tool:?}: {format}"
                );
            }
        }
    }

    #[test]
    fn annotations_follow_the_spec() {
        let ask = ToolName::AskChatbot.tool().annotations.unwrap();
        assert_eq!(ask.read_only_hint, Some(false));
        assert_eq!(ask.idempotent_hint, Some(false));
        let remove = ToolName::RemoveTags.tool().annotations.unwrap();
        assert_eq!(remove.destructive_hint, Some(true));
        assert_eq!(remove.idempotent_hint, Some(true));
        let read = ToolName::GetConversation.tool().annotations.unwrap();
        assert_eq!(read.read_only_hint, Some(true));
        assert_eq!(read.open_world_hint, Some(true));
    }
}

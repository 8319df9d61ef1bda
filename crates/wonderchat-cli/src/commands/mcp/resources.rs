//! What an agent can read without a tool call, and the prompt that strings
//! the tools together. Each follows the tools offered: the report resource
//! is there when `feedback_report` is, a conversation when
//! `get_conversation` is, and the triage prompt when both reading tools are
//! (so `--tools` and `--read-only` bound these as they bound the tools).

use rmcp::model::{
    GetPromptResult, Prompt, PromptArgument, PromptMessage, ReadResourceResult, Resource,
    ResourceContents, ResourceTemplate, Role,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer};
use serde_json::{Value, json};

use super::Inner;
use super::tools;

/// The report of the last 30 days.
const REPORT: &str = "wonderchat://report/latest";
/// A conversation, by its chatlog id.
const CONVERSATION: &str = "wonderchat://conversation/";
/// The triage prompt.
const TRIAGE: &str = "triage_thumbs_down";

/// Whether the server offers the tool `name`.
fn offers(inner: &Inner, name: &str) -> bool {
    inner.offered.iter().any(|t| t.name == name)
}

/// The resources offered.
pub(crate) fn list(inner: &Inner) -> Vec<Resource> {
    let mut out = Vec::new();
    if offers(inner, "feedback_report") {
        out.push(
            Resource::new(REPORT, "latest-report")
                .with_title("The feedback report of the last 30 days")
                .with_description(
                    "feedback_report's answer for the last 30 days (every chatbot), made when \
                     read: the headline, changes, escalation and the top knowledge gaps with \
                     the add_pages call that fixes each; then its JSON.",
                )
                .with_mime_type("text/plain"),
        );
    }
    out
}

/// The resource templates offered.
pub(crate) fn templates(inner: &Inner) -> Vec<ResourceTemplate> {
    let mut out = Vec::new();
    if offers(inner, "get_conversation") {
        out.push(
            ResourceTemplate::new(format!("{CONVERSATION}{{chatlogId}}"), "conversation")
                .with_title("A conversation")
                .with_description(
                    "The messages of one conversation, oldest first, as get_conversation \
                     returns them (a chatlogId comes from ask_chatbot; exports carry none).",
                )
                .with_mime_type("application/json"),
        );
    }
    out
}

/// Reads `uri`.
pub(crate) async fn read(
    inner: &Inner,
    uri: &str,
    context: &RequestContext<RoleServer>,
) -> Result<ReadResourceResult, ErrorData> {
    let not_found = || {
        ErrorData::resource_not_found(
            format!(
                "no resource {:?}: read {REPORT} or {CONVERSATION}{{chatlogId}}",
                wonderchat::printable(&uri.chars().take(200).collect::<String>())
            ),
            None,
        )
    };
    let failed = |message: String| ErrorData::internal_error(message, None);
    if uri == REPORT && offers(inner, "feedback_report") {
        let done = tools::export::latest_report(inner, context)
            .await
            .map_err(failed)?;
        let text = format!("{}\n{}", done.summary, done.value);
        return Ok(ReadResourceResult::new(vec![
            ResourceContents::text(text, uri).with_mime_type("text/plain"),
        ]));
    }
    let Some(chatlog) = uri
        .strip_prefix(CONVERSATION)
        .filter(|id| !id.is_empty() && offers(inner, "get_conversation"))
    else {
        return Err(not_found());
    };
    let messages = inner
        .client
        .messages(chatlog.to_owned())
        .send()
        .await
        .map_err(|e| failed(tools::api(e)))?;
    let text = serde_json::to_string(&messages).map_err(|e| failed(e.to_string()))?;
    Ok(ReadResourceResult::new(vec![
        ResourceContents::text(text, uri).with_mime_type("application/json"),
    ]))
}

/// The prompts offered.
pub(crate) fn prompts(inner: &Inner) -> Vec<Prompt> {
    if !(offers(inner, "feedback_report") && offers(inner, "export_chatlogs")) {
        return Vec::new();
    }
    vec![
        Prompt::new(
            TRIAGE,
            Some(
                "Triage the thumbs-down conversations of a period: what users failed at, how \
                 often, and the page that would fix each (proposed, not made).",
            ),
            Some(vec![
                PromptArgument::new("since").with_description(
                    "From when: a date (2026-11-26) or an age (7d); 7d if left out",
                ),
                PromptArgument::new("chatbotId").with_description(
                    "Only this chatbot's conversations; every chatbot if left out",
                ),
            ]),
        )
        .with_title("Triage this week's thumbs-down"),
    ]
}

/// The prompt `name` with `arguments`.
pub(crate) fn prompt(
    inner: &Inner,
    name: &str,
    arguments: Option<&serde_json::Map<String, Value>>,
) -> Result<GetPromptResult, ErrorData> {
    if name != TRIAGE || prompts(inner).is_empty() {
        return Err(ErrorData::invalid_params(
            format!(
                "no prompt {:?}; this server offers {}",
                wonderchat::printable(&name.chars().take(100).collect::<String>()),
                prompts(inner)
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None,
        ));
    }
    let argument = |key: &str| {
        arguments
            .and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let since = argument("since").unwrap_or("7d");
    let mut period = json!({"since": since});
    if let Some(chatbot) = argument("chatbotId") {
        period["chatbotId"] = json!(chatbot);
    }
    let mut bad = period.clone();
    bad["rating"] = json!("BAD");
    bad["samples"] = json!(10);
    let changes = if offers(inner, "add_pages") {
        "Do not call add_pages or remove_pages until I confirm."
    } else {
        "This server cannot change pages: say what to add, and I will."
    };
    let text = format!(
        "Triage the conversations users rated thumbs-down since {since}.\n\
         1. Call feedback_report {period} and read its knowledge gaps.\n\
         2. Call export_chatlogs {bad} to read the newest thumbs-down conversations.\n\
         3. Group them by what the user wanted, and say which gap of the report each group is.\n\
         4. For each group: how many conversations, one example question, and the fix: the \
            add_pages call the report gives (or the page still to be written). {changes}\n\
         Answer with that list, largest group first."
    );
    Ok(
        GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
            .with_description("Triage the thumbs-down conversations of a period"),
    )
}

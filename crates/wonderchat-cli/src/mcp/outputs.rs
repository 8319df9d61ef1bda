//! What the tools return as `structuredContent` (their output schemas come
//! from these types), and the report tool's arguments. These are the tools'
//! own shapes, built from the SDK's results: not the wire format.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `ask_chatbot`'s result.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Answer {
    /// The chatbot's answer.
    pub answer: String,
    /// The answer's id: give it to rate_answer.
    pub message_id: String,
    /// The conversation: pass it as chatlogId to ask a follow-up question.
    pub chatlog_id: String,
    /// The pages the answer is drawn from, most relevant first.
    pub sources: Vec<Page>,
    /// Set when the result was cut to fit the size limit: how to get the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
}

/// A source page.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct Page {
    /// Its address.
    pub url: String,
    /// Its title, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// `rate_answer`'s result.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Rated {
    /// The answer rated.
    pub message_id: String,
    /// The feedback Wonderchat recorded (HELPFUL or NOT_HELPFUL).
    pub feedback: String,
    /// Whether it replaced earlier feedback on the same answer.
    pub replaced_earlier: bool,
    /// When Wonderchat stored it.
    pub submitted_at: DateTime<Utc>,
    /// Set when the result was cut to fit the size limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
}

/// `get_conversation`'s result.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Conversation {
    /// The conversation.
    pub chatlog_id: String,
    /// How many messages it has in all.
    pub total: usize,
    /// The index of the first message shown.
    pub offset: usize,
    /// The messages shown, oldest first.
    pub messages: Vec<Message>,
    /// Pass this as offset for the next part; absent when all is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_offset: Option<usize>,
    /// Set when the result was cut to fit the size limit: how to get the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
}

/// One message of a conversation.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Message {
    /// Who wrote it: user, bot, agent, or what the server says.
    pub author: String,
    /// The text.
    pub content: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// `export_chatlogs`'s result: a summary, never the whole export.
#[derive(Debug, Default, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Exported {
    /// Conversations exported.
    pub chatlogs: u64,
    /// Question/answer pairs in them.
    pub exchanges: u64,
    /// When the earliest conversation started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest: Option<DateTime<Utc>>,
    /// When the latest conversation started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<DateTime<Utc>>,
    /// Conversations per chatbot.
    pub per_chatbot: BTreeMap<String, u64>,
    /// Conversations per rating (userFeedback), `none` for unrated ones.
    pub per_rating: BTreeMap<String, u64>,
    /// The file written (with `path`), as the server resolved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Its size in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The first conversations, shortened.
    pub samples: Vec<Sample>,
    /// Set when the result was cut to fit the size limit: how to get the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
}

/// A conversation, shortened.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Sample {
    /// Its chatbot.
    pub chatbot_id: String,
    /// When it started.
    pub created_at: DateTime<Utc>,
    /// Question/answer pairs.
    pub exchanges: usize,
    /// The first question (at most 200 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_question: Option<String>,
    /// Its rating.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_feedback: Option<String>,
}

/// `add_pages`' and `remove_pages`' result.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PagesChanged {
    /// The chatbot.
    pub chatbot_id: String,
    /// The pages added or removed.
    pub urls: Vec<String>,
    /// Set when the result was cut to fit the size limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
}

/// `add_tags`' and `remove_tags`' result.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TagsChanged {
    /// The conversation.
    pub chatlog_id: String,
    /// The tags added or removed.
    pub tags: Vec<String>,
    /// Set when the result was cut to fit the size limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
}

/// `feedback_report`'s result: the report's figures (docs/report-json.md).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReportOutput {
    /// Every figure, as `wonderchat report --format json` writes them.
    #[serde(flatten)]
    pub report: wonderchat_insights::Report,
    /// Set when the result was cut to fit the size limit: how to get the rest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
}

/// `feedback_report`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ReportInput {
    /// Only this chatbot's conversations; leave out for every chatbot of the account.
    pub chatbot_id: Option<String>,
    /// From this time (RFC 3339); leave out for all time.
    pub since: Option<DateTime<Utc>>,
    /// Until this time (RFC 3339, inclusive); leave out for now.
    pub until: Option<DateTime<Utc>>,
    /// Compare with the period of the same length before `since` (needs `since`).
    #[serde(default)]
    pub compare_previous: bool,
    /// A conversation whose average confidence is below this counts as failed.
    #[serde(default = "default_low_confidence")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub low_confidence: f64,
}

fn default_low_confidence() -> f64 {
    0.5
}

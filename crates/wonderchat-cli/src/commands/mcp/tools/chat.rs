//! Asking (`x-resource: chatbot`, the `chat` operation): `ask_chatbot`.

use wonderchat::low_level::{operations, types};

use wonderchat_insights::ledger::LedgerEntry;

use super::{Done, Input, Outcome, Tool, api, schema_of};
use crate::actions::eval::Ledger;
use crate::commands::mcp::Inner;
use crate::plumbing::profile::eval_ledger_path;

/// `ask_chatbot`: a question, and the chatbot's answer.
pub(super) const ASK: Tool = Tool {
    name: "ask_chatbot",
    title: "Ask a Wonderchat chatbot",
    description: "Asks a chatbot a question: its answer (`text`), sources, messageId (for \
                  rate_answer) and chatlogId (pass it back to go on). Each question is stored \
                  as a real conversation, marked as an agent's so reports leave it out.",
    operation: operations::CHAT,
    read_only: false,
    destructive: false,
    input: Input::Body {
        component: "ChatRequest",
        schema: schema_of::<types::ChatRequest>,
        extra: Vec::new,
        required: &[],
    },
    output: schema_of::<wonderchat::ChatAnswer>,
    run: |inner, arguments, _| {
        Box::pin(async move {
            let request: types::ChatRequest = arguments.body(false)?;
            let question = String::from(request.question);
            let mut chat = inner
                .client
                .chat(request.chatbot_id.clone(), question.clone());
            let fresh = request.chatlog_id.is_none();
            if let Some(chatlog) = request.chatlog_id {
                chat = chat.chatlog(chatlog);
            }
            if let Some(context) = request.context {
                chat = chat.context(context);
            }
            if let Some(url) = request.context_url {
                chat = chat.context_url(url);
            }
            let asked_from = chrono::Utc::now();
            let answer = chat.send().await.map_err(api)?;
            let marked = if fresh {
                mark(inner, request.chatbot_id, question, asked_from, &answer).await
            } else {
                Ok(())
            };
            ask_summary(&answer, marked)
        })
    },
};

/// The tag every conversation an agent starts gets.
pub(super) const AGENT_TAG: &str = "wonderchat-agent";

/// Marks a conversation an agent started as not a user's: tagged
/// [`AGENT_TAG`], and recorded in the eval ledger, through which `report`
/// and `feedback_report` leave it out (exports carry no tags).
async fn mark(
    inner: &Inner,
    chatbot_id: String,
    question: String,
    asked_from: chrono::DateTime<chrono::Utc>,
    answer: &wonderchat::ChatAnswer,
) -> Result<(), String> {
    let entry = LedgerEntry {
        run_id: "agent".to_owned(),
        chatbot_id,
        chatlog_id: answer.chatlog_id.clone(),
        question,
        asked_from,
        asked_until: chrono::Utc::now(),
    };
    let recorded = eval_ledger_path()
        .ok_or_else(|| "this server has no place for the ledger".to_owned())
        .and_then(|path| {
            Ledger::open(&path)
                .and_then(|mut ledger| ledger.add(&entry))
                .map_err(|e| format!("the ledger cannot be written: {e}"))
        });
    let tagged = inner
        .client
        .add_tags(answer.chatlog_id.clone(), [AGENT_TAG])
        .send()
        .await
        .map(drop)
        .map_err(|e| format!("it could not be tagged: {}", api(e)));
    recorded.and(tagged)
}

/// The answer, with its ids in the text part, and whether its conversation
/// could be marked as an agent's.
fn ask_summary(answer: &wonderchat::ChatAnswer, marked: Result<(), String>) -> Outcome {
    let note = match marked {
        Ok(()) => String::new(),
        Err(why) => format!(" Reports may count this conversation as a user's: {why}."),
    };
    Done::of(
        answer,
        format!(
            "The chatbot answered (messageId {}, chatlogId {}).{note}",
            answer.message_id, answer.chatlog_id
        ),
        "Read the whole answer with get_conversation (its chatlogId), in parts.",
    )
}

/// This file's tools.
pub(super) const TOOLS: &[&Tool] = &[&ASK];

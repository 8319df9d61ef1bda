//! Asking (`x-resource: chatbot`, the `chat` operation): `ask_chatbot`.

use wonderchat::low_level::{operations, types};

use super::{Done, Input, Outcome, Tool, api, schema_of};

/// `ask_chatbot`: a question, and the chatbot's answer.
pub(super) const ASK: Tool = Tool {
    name: "ask_chatbot",
    title: "Ask a Wonderchat chatbot",
    description: "Asks a Wonderchat chatbot a question and returns its answer (`text`), the \
                  answer's messageId (for rate_answer), the chatlogId (pass it back to go on with \
                  the same conversation) and the source pages. Not read-only: every question is \
                  stored as (part of) a conversation in the chatbot's chatlogs, and shows in \
                  exports and reports.",
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
            let mut chat = inner
                .client
                .chat(request.chatbot_id, String::from(request.question));
            if let Some(chatlog) = request.chatlog_id {
                chat = chat.chatlog(chatlog);
            }
            if let Some(context) = request.context {
                chat = chat.context(context);
            }
            if let Some(url) = request.context_url {
                chat = chat.context_url(url);
            }
            let answer = chat.send().await.map_err(api)?;
            ask_summary(&answer)
        })
    },
};

/// The answer, with its ids in the text part.
fn ask_summary(answer: &wonderchat::ChatAnswer) -> Outcome {
    Done::of(
        answer,
        format!(
            "The chatbot answered (messageId {}, chatlogId {}).",
            answer.message_id, answer.chatlog_id
        ),
        "Read the whole answer with get_conversation (its chatlogId), in parts.",
    )
}

/// This file's tools.
pub(super) const TOOLS: &[&Tool] = &[&ASK];

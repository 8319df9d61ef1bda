//! The operations about a chatlog (`x-resource: chatlog`):
//! `get_conversation`, `add_tags`, `remove_tags`.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::json;
use wonderchat::low_level::{operations, types};

use super::{Done, Input, Outcome, Tool, api, schema_of};

/// `get_conversation`: a conversation's messages, in parts.
pub(super) const CONVERSATION: Tool = Tool {
    name: "get_conversation",
    title: "Read a conversation",
    description: "Reads the messages of one conversation (chatlog), oldest first, by the \
                  chatlogId ask_chatbot returned (exports carry no chatlog ids). Long \
                  conversations come in parts: pass offset and limit.",
    operation: operations::GET_MESSAGES,
    read_only: true,
    destructive: false,
    input: Input::Body {
        component: "GetMessagesRequest",
        schema: schema_of::<types::GetMessagesRequest>,
        extra: || {
            vec![
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
            ]
        },
        required: &[],
    },
    output: schema_of::<ConversationPart>,
    run: |inner, arguments, _| {
        Box::pin(async move {
            let request: types::GetMessagesRequest = arguments.body(true)?;
            let offset =
                usize::try_from(arguments.integer("offset", 0, 0, u64::MAX)?).unwrap_or(usize::MAX);
            let limit = arguments.integer("limit", 200, 1, 1000)? as usize;
            let mut read = inner
                .client
                .messages(request.chatlog_id)
                .send()
                .await
                .map_err(api)?;
            let total = read.messages.len();
            read.messages = read.messages.into_iter().skip(offset).take(limit).collect();
            let end = offset.saturating_add(read.messages.len());
            let summary = if read.messages.is_empty() {
                format!(
                    "No messages from offset {offset}: chatlog {} has {}.",
                    read.chatlog_id,
                    crate::plumbing::numbers::count(total as u64, "message", "messages")
                )
            } else {
                format!(
                    "Messages {}–{end} of {total} of chatlog {}.",
                    offset.saturating_add(1),
                    read.chatlog_id
                )
            };
            let part = ConversationPart {
                next_offset: (end < total).then_some(end),
                messages: read,
                total,
                offset,
            };
            Done::of(
                &part,
                summary,
                "Call get_conversation again with a smaller limit, and offset for the next part.",
            )
        })
    },
};

/// `get_conversation`'s result: a part of the SDK's `ChatMessages`.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConversationPart {
    /// The conversation and the messages shown, oldest first.
    #[serde(flatten)]
    messages: wonderchat::ChatMessages,
    /// How many messages it has in all.
    total: usize,
    /// The index of the first message shown.
    offset: usize,
    /// Pass this as offset for the next part; absent when all is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_offset: Option<usize>,
}

/// `add_tags`: tags on a conversation.
pub(super) const ADD_TAGS: Tool = Tool {
    name: "add_tags",
    title: "Tag a conversation",
    description: "Adds free-form tags to one conversation (chatlog), by its chatlogId. Exports \
                  do not carry tags.",
    operation: operations::ADD_TAGS_TO_CHATLOG,
    read_only: false,
    destructive: false,
    input: Input::Body {
        component: "ChatlogTagsRequest",
        schema: schema_of::<types::ChatlogTagsRequest>,
        extra: Vec::new,
        required: &[],
    },
    output: schema_of::<wonderchat::TagsUpdate>,
    run: |inner, arguments, _| {
        Box::pin(async move {
            let request: types::ChatlogTagsRequest = arguments.body(true)?;
            let call = inner.client.add_tags(request.chatlog_id, request.tags);
            changed(call.send().await.map_err(api)?, "Added")
        })
    },
};

/// `remove_tags`: tags off a conversation.
pub(super) const REMOVE_TAGS: Tool = Tool {
    name: "remove_tags",
    title: "Untag a conversation",
    description: "Removes tags from one conversation (chatlog).",
    operation: operations::DELETE_TAGS_FROM_CHATLOG,
    read_only: false,
    destructive: true,
    input: Input::Body {
        component: "ChatlogTagsRequest",
        schema: schema_of::<types::ChatlogTagsRequest>,
        extra: Vec::new,
        required: &[],
    },
    output: schema_of::<wonderchat::TagsUpdate>,
    run: |inner, arguments, _| {
        Box::pin(async move {
            let request: types::ChatlogTagsRequest = arguments.body(true)?;
            let call = inner.client.delete_tags(request.chatlog_id, request.tags);
            changed(call.send().await.map_err(api)?, "Removed")
        })
    },
};

fn changed(update: wonderchat::TagsUpdate, verb: &str) -> Outcome {
    let summary = format!(
        "{verb} {} on chatlog {}.",
        crate::plumbing::numbers::count(update.tags.len() as u64, "tag", "tags"),
        update.chatlog_id
    );
    Done::of(
        &update,
        summary,
        "Every tag given was sent; the list shown is shortened.",
    )
}

/// This file's tools.
pub(super) const TOOLS: &[&Tool] = &[&CONVERSATION, &ADD_TAGS, &REMOVE_TAGS];

//! The top layer's handlers: one module per resource kind of the spec
//! (`x-resource`: `message.rs`, `chatlog.rs`, `chatbot.rs`), plus `chat.rs`
//! and `export.rs`, each built on the shared pipeline (`pipeline.rs`) and the
//! state (`shared.rs`), each listing its own routes (a new operation of an
//! existing kind touches its file only); `mock.rs` the `/mock/` endpoints.

pub(crate) mod chat;
pub(crate) mod chatbot;
pub(crate) mod chatlog;
pub(crate) mod export;
pub(crate) mod message;
pub(crate) mod mock;

use std::sync::Arc;

use wonderchat_api::operations::OperationId;

use crate::shared::Shared;

/// A module's operations and their handlers.
pub(crate) type Routes = Vec<(OperationId, axum::routing::MethodRouter<Arc<Shared>>)>;

/// Every operation's handler, from every module.
pub(crate) fn routes() -> Routes {
    [
        chat::routes(),
        message::routes(),
        chatlog::routes(),
        chatbot::routes(),
        export::routes(),
    ]
    .concat()
}

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::pipeline::Handled;

/// A 200 answer with `value` as JSON. (axum's `Json` starts from 128 bytes
/// and grows three times for a chat answer; this starts where answers end.)
pub(crate) fn json(value: &impl serde::Serialize) -> Response {
    let mut body = Vec::with_capacity(1024);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(err) => crate::pipeline::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("the mock cannot encode its answer: {err}"),
        ),
    }
}

/// The answer of the four operations whose answer Wonderchat does not document.
pub(crate) fn done() -> Handled {
    Ok((None, json(&serde_json::json!({"status": "success"}))))
}

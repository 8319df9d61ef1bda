//! The top layer's handlers: one module per operation group, each built
//! on the shared pipeline (`pipeline.rs`) and the state (`shared.rs`).

pub(crate) mod chat;
pub(crate) mod export;
pub(crate) mod feedback;
pub(crate) mod messages;
pub(crate) mod mock;
pub(crate) mod pages;
pub(crate) mod tags;

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

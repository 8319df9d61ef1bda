//! The top layer's handlers: one module per operation group, each built
//! on the shared pipeline (`pipeline.rs`) and the state (`shared.rs`).

pub(crate) mod chat;
pub(crate) mod export;
pub(crate) mod feedback;
pub(crate) mod messages;
pub(crate) mod mock;
pub(crate) mod pages;
pub(crate) mod tags;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::pipeline::Handled;

pub(crate) fn json(value: &impl serde::Serialize) -> Response {
    (StatusCode::OK, axum::Json(value)).into_response()
}

/// The answer of the four operations whose answer Wonderchat does not document.
pub(crate) fn done() -> Handled {
    Ok((None, json(&serde_json::json!({"status": "success"}))))
}

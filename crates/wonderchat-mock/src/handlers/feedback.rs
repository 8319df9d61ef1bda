//! `POST /api/v1/update-message-feedback`: one submission stored, with its
//! `wasUpdated` semantics.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use wonderchat_api::types;

use crate::pipeline::{Handled, Reject, authorize, operation};
use crate::shared::Shared;
use crate::state::Rejection;

/// `POST /api/v1/update-message-feedback`.
pub(crate) async fn update(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(shared, request, |shared, request| async move {
        handle_feedback(&shared, request)
    })
    .await
}

/// Authenticates and stores one submission; returns the message id and the
/// answer, or the error answer.
fn handle_feedback(shared: &Shared, request: types::UpdateMessageFeedbackRequest) -> Handled {
    authorize(shared, &request.api_key)?;
    let feedback = request.feedback;
    let message_id = request.message_id.to_string();
    let submitted = shared
        .store
        .submit(
            &message_id,
            feedback,
            request.user_comment.map(String::from),
        )
        .map_err(|Rejection::UnknownMessage| {
            Reject::new(
                StatusCode::NOT_FOUND,
                format!("messageId: no message with id {message_id:?}"),
            )
        })?;
    let stored = &submitted.stored;
    let answer = types::UpdateMessageFeedbackResponse {
        status: "success".to_owned(),
        feedback: feedback.to_string(),
        was_updated: submitted.was_updated,
        message_feedback: types::MessageFeedback {
            id: stored.id.clone(),
            feedback_type: stored.feedback.to_string(),
            submitted_at: stored.submitted_at,
        },
    };
    let mut json = serde_json::to_value(&answer).unwrap_or(Value::Null);
    // Always three fractional digits, as in the API page's example
    // (chrono drops them when they are zero).
    json["messageFeedback"]["submittedAt"] = Value::String(
        stored
            .submitted_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    );
    Ok((Some(message_id), super::json(&json)))
}

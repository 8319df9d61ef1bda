//! `POST /api/v1/update-message-feedback`: one submission stored, with its
//! `wasUpdated` semantics.

use std::sync::Arc;

use axum::routing::post;
use wonderchat_api::operations::OperationId;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use wonderchat_api::types;

use crate::pipeline::{Handled, Reject, authorize, operation};
use crate::shared::Shared;

use crate::state::Rejection;

use super::Routes;

/// This file's operations and their handlers.
pub(crate) fn routes() -> Routes {
    vec![(OperationId::UpdateMessageFeedback, post(update))]
}

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
    let message_id = String::from(request.message_id);
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
        message: None,
    };
    Ok((Some(message_id), encode(&answer)))
}

/// The answer as JSON, `submittedAt` always with three fractional digits as
/// in the API page's example. chrono writes them for a time stored to the
/// millisecond, except one on a whole second, where it writes none: only
/// then is the answer patched (through a `Value`, which costs more than the
/// rest of the request).
fn encode(answer: &types::UpdateMessageFeedbackResponse) -> Response {
    let at = answer.message_feedback.submitted_at;
    let nanos = at.timestamp_subsec_nanos();
    if nanos != 0 && nanos.is_multiple_of(1_000_000) {
        return super::json(answer);
    }
    let mut json = serde_json::to_value(answer).unwrap_or(Value::Null);
    json["messageFeedback"]["submittedAt"] =
        Value::String(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    super::json(&json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    async fn submitted_at(at: DateTime<Utc>) -> String {
        let answer = types::UpdateMessageFeedbackResponse {
            status: "success".to_owned(),
            feedback: "HELPFUL".to_owned(),
            was_updated: false,
            message_feedback: types::MessageFeedback {
                id: "fb_1".to_owned(),
                feedback_type: "HELPFUL".to_owned(),
                submitted_at: at,
            },
            message: None,
        };
        let body = axum::body::to_bytes(encode(&answer).into_body(), 4096)
            .await
            .unwrap();
        let json: Value = serde_json::from_slice(&body).unwrap();
        json["messageFeedback"]["submittedAt"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[tokio::test]
    async fn submitted_at_always_has_three_fractional_digits() {
        let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().to_utc();
        for (stored, shown) in [
            ("2023-12-01T06:35:45.123Z", "2023-12-01T06:35:45.123Z"),
            ("2023-12-01T06:35:45.120Z", "2023-12-01T06:35:45.120Z"),
            ("2023-12-01T06:35:45Z", "2023-12-01T06:35:45.000Z"),
            ("2023-12-01T06:35:45.123456Z", "2023-12-01T06:35:45.123Z"),
        ] {
            assert_eq!(submitted_at(at(stored)).await, shown, "stored {stored}");
        }
    }
}

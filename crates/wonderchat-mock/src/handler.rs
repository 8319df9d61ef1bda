//! The HTTP routes: the feedback operation (validated against the generated
//! request type), the spec documents, and JSON 404/405 answers.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use wonderchat_api::UPDATE_MESSAGE_FEEDBACK_PATH;
use wonderchat_api::types::{self, UpdateMessageFeedbackRequest};

use crate::faults::Fault;
use crate::server::Shared;
use crate::spec::{OPENAPI_JSON, OPENAPI_YAML, REFERENCE_HTML};
use crate::state::Rejection;

/// Set on each request by the connection task: cancelling it closes the
/// connection without an answer.
#[derive(Clone)]
pub(crate) struct ConnectionKill(pub(crate) CancellationToken);

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            UPDATE_MESSAGE_FEEDBACK_PATH,
            post(update_message_feedback).fallback(method_not_allowed),
        )
        .route("/openapi.yaml", get(openapi_yaml))
        .route("/openapi.json", get(openapi_json))
        .route("/docs", get(reference))
        .fallback(not_found)
        .with_state(shared)
}

/// `POST /api/v1/update-message-feedback`.
async fn update_message_feedback(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let received_at = Instant::now();
    let (parts, body) = request.into_parts();
    for fault in shared.faults.next() {
        match fault {
            Fault::Delay(delay) => tokio::time::sleep(delay).await,
            Fault::DropConnection => {
                shared.record(received_at, None, None);
                if let Some(kill) = parts.extensions.get::<ConnectionKill>() {
                    kill.0.cancel();
                }
                // The connection task drops this future with the connection.
                return std::future::pending().await;
            }
            other => {
                let response = fault_response(other);
                shared.record(received_at, None, Some(response.status()));
                return response;
            }
        }
    }
    let (message_id, response) = match handle(&shared, &parts.headers, body).await {
        Ok((message_id, response)) => (Some(message_id), response),
        Err(reject) => (None, reject.into_response()),
    };
    shared.record(received_at, message_id, Some(response.status()));
    response
}

/// Validates, authenticates and stores one submission; returns the message
/// id and the answer, or the error answer.
async fn handle(
    shared: &Shared,
    headers: &HeaderMap,
    body: Body,
) -> Result<(String, Response), Reject> {
    check_content_type(headers)?;
    let bytes = read_body(shared, body).await?;
    let request = parse(&bytes)?;
    if !shared
        .api_keys
        .iter()
        .any(|key| key.matches(request.api_key.expose_secret()))
    {
        return Err(Reject::new(
            StatusCode::UNAUTHORIZED,
            "apiKey: invalid API key",
        ));
    }
    let feedback = request.feedback;
    let message_id = request.message_id.to_string();
    let submitted = shared
        .store
        .submit(&message_id, feedback, request.user_comment)
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
    Ok((
        message_id,
        (StatusCode::OK, axum::Json(json)).into_response(),
    ))
}

fn check_content_type(headers: &HeaderMap) -> Result<(), Reject> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else if content_type.is_empty() {
        Err(Reject::new(
            StatusCode::BAD_REQUEST,
            "Content-Type: missing; send the body as application/json",
        ))
    } else {
        Err(Reject::new(
            StatusCode::BAD_REQUEST,
            format!("Content-Type: {content_type:?} is not application/json"),
        ))
    }
}

async fn read_body(shared: &Shared, body: Body) -> Result<axum::body::Bytes, Reject> {
    let limit = shared.max_body_bytes;
    let read = axum::body::to_bytes(body, limit);
    match tokio::time::timeout(shared.request_timeout, read).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(err)) => {
            let too_large = std::error::Error::source(&err)
                .is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
            if too_large {
                Err(Reject::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("request body is larger than {limit} bytes"),
                ))
            } else {
                Err(Reject::new(
                    StatusCode::BAD_REQUEST,
                    format!("body: could not be read: {err}"),
                ))
            }
        }
        Err(_) => Err(Reject::new(
            StatusCode::REQUEST_TIMEOUT,
            "body: not received in time; send the whole request at once",
        )),
    }
}

/// Decodes the body into the generated request type; errors name the field.
fn parse(bytes: &[u8]) -> Result<UpdateMessageFeedbackRequest, Reject> {
    // serde would also read a struct from a JSON array; the spec wants an object.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return Err(Reject::new(
            StatusCode::BAD_REQUEST,
            "body: must be a JSON object",
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let request =
        serde_path_to_error::deserialize::<_, UpdateMessageFeedbackRequest>(&mut deserializer)
            .map_err(|err| {
                let message = field_message(&err.path().to_string(), err.inner());
                // A missing or empty key is an authentication failure.
                let status = if message.starts_with("apiKey: required")
                    || message.starts_with("apiKey: must not be empty")
                {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::BAD_REQUEST
                };
                Reject::new(status, &message)
            })?;
    deserializer.end().map_err(|err| {
        Reject::new(
            StatusCode::BAD_REQUEST,
            format!("body: invalid JSON: {err}"),
        )
    })?;
    Ok(request)
}

/// `field: problem`, naming the field for every kind of decoding error.
fn field_message(path: &str, err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let text = err.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text);
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => format!("body: invalid JSON: {err}"),
        Category::Data if path == "." => {
            if let Some(field) = text
                .strip_prefix("missing field `")
                .and_then(|r| r.strip_suffix('`'))
            {
                format!("{field}: required field is missing")
            } else if text.starts_with("invalid type") {
                format!("body: must be a JSON object ({text})")
            } else {
                format!("body: {text}")
            }
        }
        Category::Data => format!("{path}: {text}"),
    }
}

fn fault_response(fault: Fault) -> Response {
    match fault {
        Fault::RateLimited { retry_after_secs } => {
            let mut response = error(
                StatusCode::TOO_MANY_REQUESTS,
                "rate limit exceeded, retry later",
            );
            if let Some(secs) = retry_after_secs {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            response
        }
        Fault::InternalError => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal server error (injected)",
        ),
        Fault::Unavailable => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "service temporarily unavailable (injected)",
        ),
        Fault::Respond {
            status,
            headers,
            body,
        } => {
            let mut response = Response::new(Body::from(body));
            *response.status_mut() =
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            for (name, value) in headers {
                if let (Ok(name), Ok(value)) = (
                    header::HeaderName::try_from(name),
                    HeaderValue::try_from(value),
                ) {
                    response.headers_mut().append(name, value);
                }
            }
            response
        }
        Fault::Delay(_) | Fault::DropConnection => {
            error(StatusCode::INTERNAL_SERVER_ERROR, "unreachable fault")
        }
    }
}

/// A refused request: the status and the `ErrorResponse` message.
pub(crate) struct Reject {
    status: StatusCode,
    message: String,
}

impl Reject {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for Reject {
    fn into_response(self) -> Response {
        error(self.status, &self.message)
    }
}

/// An `ErrorResponse` answer.
pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    let body = types::ErrorResponse {
        status: "error".to_owned(),
        message: message.to_owned(),
    };
    (status, axum::Json(body)).into_response()
}

async fn method_not_allowed() -> Response {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("method not allowed: use POST {UPDATE_MESSAGE_FEEDBACK_PATH}"),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    response
}

async fn not_found(request: Request) -> Response {
    error(
        StatusCode::NOT_FOUND,
        &format!(
            "no route for {} {}: the API serves POST {UPDATE_MESSAGE_FEEDBACK_PATH}",
            request.method(),
            request.uri().path()
        ),
    )
}

async fn openapi_yaml() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI_YAML)
}

async fn reference() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        REFERENCE_HTML,
    )
}

async fn openapi_json() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..Default::default() })]

        /// Any body is a request or a 400/401 naming what is wrong; never a panic.
        #[test]
        fn any_body_parses_or_is_refused(body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..300),
            "\\{[\"a-zA-Z:, 0-9\\[\\]{}]{0,80}".prop_map(String::into_bytes),
        ]) {
            if let Err(reject) = parse(&body) {
                prop_assert!(reject.status == StatusCode::BAD_REQUEST || reject.status == StatusCode::UNAUTHORIZED);
                prop_assert!(reject.message.contains(": "), "{}", reject.message);
            }
        }
    }
}

//! The middle layer: the request pipeline every operation shares (faults,
//! the rate limit, body checks, decoding into the generated request type,
//! the request log), the refusals it answers with, and the local-only guard
//! of the `/mock/` endpoints. It imports only the bottom layer.

use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use wonderchat_api::{operations, types};

use crate::faults::Fault;
use crate::shared::Shared;
use crate::world::Missing;

/// What an operation's handler returns: the message id to log (feedback
/// only) and the answer.
pub(crate) type Handled = Result<(Option<String>, Response), Reject>;

/// The pipeline of every operation: faults first, then the body checked and
/// decoded into `Req`, then `run`; the request is logged with its status.
pub(crate) async fn operation<Req, F, Fut>(
    shared: Arc<Shared>,
    request: Request,
    run: F,
) -> Response
where
    Req: DeserializeOwned,
    F: FnOnce(Arc<Shared>, Req) -> Fut,
    Fut: Future<Output = Handled>,
{
    let received_at = tokio::time::Instant::now().into_std();
    let (parts, body) = request.into_parts();
    let path = operations::ALL
        .iter()
        .find(|op| op.path == parts.uri.path())
        .map_or("", |op| op.id);
    let record = |message_id: Option<String>, status: Option<StatusCode>| {
        shared.record(received_at, path, message_id, status.map(|s| s.as_u16()));
    };
    for fault in shared.faults.next() {
        match fault {
            Fault::Delay(delay) => tokio::time::sleep(delay).await,
            Fault::DropConnection => {
                record(None, None);
                crate::connections::kill_connection();
                // The connection task drops this future with the connection.
                return std::future::pending().await;
            }
            other => {
                let response = answer_early(&shared, body, fault_response(other)).await;
                record(None, Some(response.status()));
                return response;
            }
        }
    }
    if let Some(secs) = shared.rate_limited() {
        let mut limited = error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate limit exceeded, retry later",
        );
        limited
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        let limited = answer_early(&shared, body, limited).await;
        record(None, Some(limited.status()));
        return limited;
    }
    let handled = async {
        check_content_type(&parts.headers)?;
        let bytes = read_body(&shared, body).await?;
        let request = parse::<Req>(&bytes)?;
        run(Arc::clone(&shared), request).await
    };
    let (message_id, response) = match handled.await {
        Ok(done) => done,
        Err(reject) => (None, reject.into_response()),
    };
    record(message_id, Some(response.status()));
    response
}

/// Refuses a key the mock does not know (401).
pub(crate) fn authorize(shared: &Shared, key: &wonderchat_api::ApiKey) -> Result<(), Reject> {
    if shared
        .api_keys
        .iter()
        .any(|known| known.matches(key.expose_secret()))
    {
        Ok(())
    } else {
        Err(Reject::new(
            StatusCode::UNAUTHORIZED,
            "apiKey: invalid API key",
        ))
    }
}

/// 404 naming the field of what does not exist.
pub(crate) fn missing(what: Missing, id: &str) -> Reject {
    match what {
        Missing::Chatbot => Reject::new(
            StatusCode::NOT_FOUND,
            format!("chatbotId: no chatbot with id {id:?}"),
        ),
        Missing::Chatlog => Reject::new(
            StatusCode::NOT_FOUND,
            format!("chatlogId: no chatlog with id {id:?}"),
        ),
    }
}

/// An answer given before the request's body was needed (a fault, 429):
/// the body is read and dropped first (bounded, within the request
/// timeout), so the next request on the connection is read from its start;
/// a body that cannot be read whole closes the connection, and the answer
/// says so with `Connection: close`.
async fn answer_early(shared: &Shared, body: Body, mut response: Response) -> Response {
    if read_body(shared, body).await.is_err() {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The `/mock/` endpoints change or show the whole state: a web page the
/// user visits must not reach them. Refused (403): a request whose
/// `Origin` is not a loopback page (a browser sends one on every
/// cross-origin POST, `text/plain` ones included), and one whose `Host` is
/// a name other than `localhost` (DNS rebinding: a site's own name pointed
/// at 127.0.0.1).
pub(crate) async fn local_only(request: Request, next: axum::middleware::Next) -> Response {
    if is_local(request.headers()) {
        next.run(request).await
    } else {
        Reject::new(
            StatusCode::FORBIDDEN,
            "the /mock/ endpoints answer only local tools (no web page's Origin, Host an \
             address or localhost)",
        )
        .into_response()
    }
}

/// Whether the request comes from a local tool, not a web page: see
/// [`local_only`].
fn is_local(headers: &HeaderMap) -> bool {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    /// `host[:port]` or `[v6][:port]` → the host.
    fn host(authority: &str) -> &str {
        let name = authority
            .rsplit_once(':')
            .filter(|(name, port)| {
                port.chars().all(|c| c.is_ascii_digit())
                    && (!name.contains(':') || name.ends_with(']'))
            })
            .map_or(authority, |(name, _)| name);
        name.trim_start_matches('[').trim_end_matches(']')
    }
    let origin_ok = header(header::ORIGIN).is_none_or(|origin| {
        let name = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .map(host);
        name.is_some_and(|name| {
            name.eq_ignore_ascii_case("localhost")
                || name
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
    });
    let host_ok = header(header::HOST).is_none_or(|authority| {
        let name = host(authority);
        name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok()
    });
    origin_ok && host_ok
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
fn parse<Req: DeserializeOwned>(bytes: &[u8]) -> Result<Req, Reject> {
    // serde would also read a struct from a JSON array; the spec wants an object.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return Err(Reject::new(
            StatusCode::BAD_REQUEST,
            "body: must be a JSON object",
        ));
    }
    // Most bodies are good: parse without tracking the path (a third of
    // the parse's cost), and again with it only to name a bad field.
    if let Ok(request) = serde_json::from_slice::<Req>(bytes) {
        return Ok(request);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let request = serde_path_to_error::deserialize::<_, Req>(&mut deserializer).map_err(|err| {
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

pub(crate) fn fault_response(fault: Fault) -> Response {
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
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
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
            if let Err(reject) = parse::<types::UpdateMessageFeedbackRequest>(&body) {
                prop_assert!(reject.status == StatusCode::BAD_REQUEST || reject.status == StatusCode::UNAUTHORIZED);
                prop_assert!(reject.message.contains(": "), "{}", reject.message);
            }
        }
    }
}

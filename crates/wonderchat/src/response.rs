//! Turns what the generated client returns into a [`FeedbackUpdate`] or an
//! [`Error`], tolerating any answer a server may send.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};

use reqwest::StatusCode;
use reqwest::header::{HeaderValue, LOCATION};
use wonderchat_api::{ApiKey, Error as ApiError, REDACTED, ResponseMeta, ResponseValue, types};

use crate::{Error, RecordedFeedback};

/// How many characters of a body an error keeps.
const SNIPPET_CHARS: usize = 200;

/// The outcome of a successful update.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FeedbackUpdate {
    /// `true` when the message already had feedback and this call replaced it.
    pub was_updated: bool,
    /// The feedback value the server recorded (`feedback` in the answer).
    pub feedback: RecordedFeedback,
    /// The id of the stored feedback entry.
    pub feedback_id: String,
    /// The type of the stored entry (`messageFeedback.feedbackType`).
    pub feedback_type: RecordedFeedback,
    /// When the server stored the feedback.
    pub submitted_at: DateTime<Utc>,
    /// How many requests it took (more than 1 after retries).
    pub attempts: u32,
    /// The answer as decoded from the wire.
    pub response: types::UpdateMessageFeedbackResponse,
}

impl FeedbackUpdate {
    fn new(response: types::UpdateMessageFeedbackResponse) -> Self {
        Self {
            was_updated: response.was_updated,
            feedback: RecordedFeedback::from_wire(&response.feedback),
            feedback_id: response.message_feedback.id.clone(),
            feedback_type: RecordedFeedback::from_wire(&response.message_feedback.feedback_type),
            submitted_at: response.message_feedback.submitted_at,
            attempts: 1,
            response,
        }
    }
}

/// What the generated client's `send()` returns.
pub(crate) type ApiResult =
    Result<ResponseValue<types::UpdateMessageFeedbackResponse>, ApiError<types::ErrorResponse>>;

/// Maps one attempt's result. `meta` is what the response slot recorded.
pub(crate) async fn interpret(
    result: ApiResult,
    meta: Option<ResponseMeta>,
    key: &ApiKey,
    timeout: Duration,
) -> Result<FeedbackUpdate, Error> {
    match result {
        Ok(value) => {
            let response = value.into_inner();
            if response.status.eq_ignore_ascii_case("error") {
                return Err(Error::Api {
                    message: "the answer's status is \"error\"".to_owned(),
                });
            }
            Ok(FeedbackUpdate::new(response))
        }
        Err(err) => Err(interpret_error(err, meta, key, timeout).await),
    }
}

async fn interpret_error(
    err: ApiError<types::ErrorResponse>,
    meta: Option<ResponseMeta>,
    key: &ApiKey,
    timeout: Duration,
) -> Error {
    match err {
        ApiError::ErrorResponse(value) => {
            let answer = Answer {
                status: value.status(),
                retry_after: value.headers().get(reqwest::header::RETRY_AFTER).cloned(),
                location: None,
                message: Ok(scrub(&value.message, key)),
            };
            answer.into_error()
        }
        ApiError::InvalidResponsePayload(bytes, source) => {
            let status = meta.as_ref().map_or(StatusCode::OK, |m| m.status);
            if status == StatusCode::OK {
                return undecodable_success(&bytes, source, key);
            }
            Answer {
                status,
                retry_after: meta.and_then(|m| m.retry_after),
                location: None,
                message: body_message(&bytes, key).map_err(|_| (snippet(&bytes, key), source)),
            }
            .into_error()
        }
        ApiError::UnexpectedResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = match response.bytes().await {
                Ok(bytes) => bytes,
                Err(source) => return transport(source, timeout),
            };
            Answer {
                status,
                retry_after: headers.get(reqwest::header::RETRY_AFTER).cloned(),
                location: headers
                    .get(LOCATION)
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
                message: body_message(&bytes, key),
            }
            .into_error()
        }
        ApiError::CommunicationError(source)
        | ApiError::ResponseBodyError(source)
        | ApiError::InvalidUpgrade(source) => transport(source, timeout),
        ApiError::InvalidRequest(reason) | ApiError::Custom(reason) => Error::InvalidInput {
            field: "request",
            reason: scrub(&reason, key),
        },
    }
}

/// A non-200 answer, before it becomes an [`Error`].
struct Answer {
    status: StatusCode,
    retry_after: Option<HeaderValue>,
    location: Option<String>,
    /// The best message from the body, or (snippet, parse error) when it is not JSON.
    message: Result<String, (String, serde_json::Error)>,
}

impl Answer {
    fn into_error(self) -> Error {
        let status = self.status.as_u16();
        // Where the status alone says what happened, a body that is not JSON
        // (an HTML page from a proxy) only supplies the message.
        let text = |message: Result<String, (String, serde_json::Error)>| {
            message.unwrap_or_else(|(snippet, _)| snippet)
        };
        match status {
            300..=399 => Error::Redirect {
                status,
                location: self.location.unwrap_or_default(),
            },
            429 => Error::RateLimited {
                retry_after: self.retry_after.as_ref().and_then(parse_retry_after),
                message: text(self.message),
                attempts: 1,
            },
            500..=599 => Error::Server {
                status,
                message: text(self.message),
                attempts: 1,
            },
            400 | 401 | 403 | 404 => match self.message {
                Ok(message) => match status {
                    400 => Error::BadRequest { message },
                    404 => Error::MessageNotFound { message },
                    _ => Error::Unauthorized { status, message },
                },
                Err((snippet, source)) => Error::Decode {
                    status,
                    snippet,
                    source,
                },
            },
            _ => Error::UnexpectedStatus {
                status,
                body: text(self.message),
            },
        }
    }
}

/// A 200 whose body is not the documented answer: `Api` when it says
/// `"status": "error"`, `Decode` otherwise.
fn undecodable_success(bytes: &[u8], source: serde_json::Error, key: &ApiKey) -> Error {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let is_error = value
            .get("status")
            .and_then(|s| s.as_str())
            .is_some_and(|s| s.eq_ignore_ascii_case("error"));
        if is_error {
            return Error::Api {
                message: scrub(&best_message(&value), key),
            };
        }
    }
    Error::Decode {
        status: 200,
        snippet: snippet(bytes, key),
        source,
    }
}

/// The message of a JSON error body, whatever its shape; the parse error
/// and a snippet when the body is not JSON at all.
fn body_message(bytes: &[u8], key: &ApiKey) -> Result<String, (String, serde_json::Error)> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => Ok(scrub(&best_message(&value), key)),
        Err(source) => Err((snippet(bytes, key), source)),
    }
}

/// The most useful text of a JSON error body: `message`, `error` (a string,
/// or an object with a `message`), `detail`, `title`, else the JSON itself.
fn best_message(value: &serde_json::Value) -> String {
    for field in ["message", "error", "detail", "title", "error_description"] {
        match value.get(field) {
            Some(serde_json::Value::String(text)) if !text.is_empty() => return text.clone(),
            Some(nested @ serde_json::Value::Object(_)) => {
                if let Some(text) = nested.get("message").and_then(|m| m.as_str()) {
                    return text.to_owned();
                }
            }
            _ => {}
        }
    }
    truncate(&value.to_string())
}

fn transport(source: reqwest::Error, timeout: Duration) -> Error {
    if source.is_timeout() {
        // reqwest's own timeout, on a caller-supplied client.
        Error::Timeout {
            after: timeout,
            attempts: 1,
        }
    } else if source.is_connect() {
        Error::Connect {
            source,
            attempts: 1,
        }
    } else if source.is_builder() {
        Error::Config {
            message: format!("cannot build the request: {source}"),
        }
    } else {
        Error::Transport {
            source,
            attempts: 1,
        }
    }
}

/// `Retry-After` in either form: delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The start of a body as text, scrubbed of the key.
fn snippet(bytes: &[u8], key: &ApiKey) -> String {
    scrub(&truncate(String::from_utf8_lossy(bytes).trim()), key)
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Removes the API key from text that came from the server, in case it
/// echoed the request.
pub(crate) fn scrub(text: &str, key: &ApiKey) -> String {
    let secret = key.expose_secret();
    if secret.len() >= 4 && text.contains(secret) {
        text.replace(secret, REDACTED)
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        assert_eq!(
            parse_retry_after(&HeaderValue::from_static("7")),
            Some(Duration::from_secs(7))
        );
        let later = SystemTime::now() + Duration::from_secs(120);
        let date = HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap();
        let parsed = parse_retry_after(&date).unwrap();
        assert!(parsed <= Duration::from_secs(120) && parsed >= Duration::from_secs(118));
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(&HeaderValue::from_static("soon")), None);
        assert_eq!(parse_retry_after(&HeaderValue::from_static("-1")), None);
    }

    #[test]
    fn best_message_reads_common_error_shapes() {
        let cases = [
            (r#"{"status":"error","message":"bad"}"#, "bad"),
            (r#"{"error":"nope"}"#, "nope"),
            (r#"{"error":{"code":7,"message":"deep"}}"#, "deep"),
            (r#"{"detail":"problem+json"}"#, "problem+json"),
            (r#"{"code":42}"#, r#"{"code":42}"#),
        ];
        for (body, expected) in cases {
            let value: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(best_message(&value), expected, "{body}");
        }
    }

    #[test]
    fn snippets_are_cut_on_a_char_boundary_and_scrubbed() {
        let key = ApiKey::new("secret-key");
        let body = format!("{}é{}", "x".repeat(199), "y".repeat(50));
        let cut = snippet(body.as_bytes(), &key);
        assert_eq!(cut.chars().count(), SNIPPET_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(
            snippet(b"key secret-key echoed", &key),
            "key [redacted] echoed"
        );
    }
}

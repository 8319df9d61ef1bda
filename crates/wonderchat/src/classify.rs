//! What an answer means: a generated client's error, status and body
//! become an [`Error`] (the operation says what a 404 or a 400 is about),
//! every server text scrubbed of secrets, escaped and cut; transport
//! failures by kind. The engine (`engine.rs`) calls it once per attempt.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use wonderchat_api::operations::Operation;
use wonderchat_api::{Error as ApiError, Redactor, ResponseMeta, types};

use crate::{Client, Error};

/// How many characters of server text an error keeps.
const SNIPPET_CHARS: usize = 200;

impl Client {
    /// Maps a generated client's error; all server text goes through `redactor`.
    pub(crate) async fn api_error(
        &self,
        err: ApiError<types::ErrorResponse>,
        meta: Option<ResponseMeta>,
        redactor: &Redactor,
        op: Operation,
        ids: &[crate::ResourceId],
    ) -> Error {
        let text = |t: &str| server_text(redactor, t);
        match err {
            ApiError::ErrorResponse(value) => Answer {
                op,
                ids,
                status: value.status(),
                retry_after: value.headers().get(reqwest::header::RETRY_AFTER).cloned(),
                location: None,
                message: Ok(text(&value.message)),
            }
            .into_error(),
            ApiError::InvalidResponsePayload(bytes, source) => {
                let status = meta.as_ref().map_or(StatusCode::OK, |m| m.status);
                if status.is_success() {
                    return undecodable_success(redactor, status.as_u16(), &bytes, &source);
                }
                Answer {
                    op,
                    ids,
                    status,
                    retry_after: meta.and_then(|m| m.retry_after),
                    location: None,
                    message: body_message(redactor, &bytes),
                }
                .into_error()
            }
            ApiError::UnexpectedResponse(response) => {
                let status = response.status();
                let bytes = match response.bytes().await {
                    Ok(bytes) => bytes,
                    Err(source) => return self.transport(source, redactor),
                };
                let meta = meta.unwrap_or(ResponseMeta {
                    status,
                    retry_after: None,
                    location: None,
                    too_large: false,
                });
                Answer {
                    op,
                    ids,
                    status,
                    retry_after: meta.retry_after,
                    location: meta.location.map(|l| text(&l)),
                    message: body_message(redactor, &bytes),
                }
                .into_error()
            }
            ApiError::CommunicationError(source)
            | ApiError::ResponseBodyError(source)
            | ApiError::InvalidUpgrade(source) => self.transport(source, redactor),
            ApiError::InvalidRequest(reason) | ApiError::Custom(reason) => Error::InvalidInput {
                field: "request",
                reason: text(&reason),
            },
        }
    }

    /// Server text, safe to show, with the client's secrets removed.
    #[cfg(test)]
    pub(crate) fn server_text(&self, text: &str) -> String {
        server_text(&self.config.redactor, text)
    }

    pub(crate) fn transport(&self, source: reqwest::Error, redactor: &Redactor) -> Error {
        if head_too_large(&source) {
            Error::ResponseTooLarge {
                status: None,
                limit: None,
            }
        } else if source.is_timeout() {
            // reqwest's own timeout.
            Error::Timeout {
                after: self.config.timeout,
                attempts: 1,
            }
        } else if source.is_connect() {
            Error::Connect {
                source: crate::error::TransportError(source),
                attempts: 1,
            }
        } else if source.is_builder() {
            Error::Config {
                message: "cannot build the request".to_owned(),
                source: Some(Box::new(crate::error::Cause(server_text(
                    redactor,
                    &source.to_string(),
                )))),
            }
        } else {
            Error::Transport {
                source: crate::error::TransportError(source),
                attempts: 1,
            }
        }
    }
}

/// Server text, safe to show: secrets removed first, then control
/// characters escaped, then cut to a readable length.
pub(crate) fn server_text(redactor: &Redactor, text: &str) -> String {
    truncate(&printable(&redactor.text(text)))
}

/// A 2xx whose body is not the documented answer: `Api` when it says
/// `"status": "error"`, `Decode` otherwise.
fn undecodable_success(
    redactor: &Redactor,
    status: u16,
    bytes: &[u8],
    source: &serde_json::Error,
) -> Error {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let is_error = value
            .get("status")
            .and_then(|s| s.as_str())
            .is_some_and(|s| s.eq_ignore_ascii_case("error"));
        if is_error {
            return Error::Api {
                message: server_text(redactor, &best_message(&value)),
            };
        }
    }
    decode_error(redactor, status, bytes, source)
}

/// An answer that could not be decoded, safe to show.
pub(crate) fn decode_error(
    redactor: &Redactor,
    status: u16,
    bytes: &[u8],
    source: &serde_json::Error,
) -> Error {
    Error::Decode {
        status,
        snippet: snippet(redactor, bytes),
        source: crate::error::DecodeError(server_text(redactor, &source.to_string())),
    }
}

/// The message of a JSON error body, whatever its shape; a snippet and the
/// parse error when the body is not JSON at all.
fn body_message(
    redactor: &Redactor,
    bytes: &[u8],
) -> Result<String, (String, crate::error::DecodeError)> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => Ok(server_text(redactor, &best_message(&value))),
        Err(source) => Err((
            snippet(redactor, bytes),
            crate::error::DecodeError(server_text(redactor, &source.to_string())),
        )),
    }
}

/// The start of a body as safe text.
fn snippet(redactor: &Redactor, bytes: &[u8]) -> String {
    server_text(redactor, String::from_utf8_lossy(bytes).trim())
}

/// Whether hyper gave up on an answer whose head (status line and headers)
/// is larger than it accepts: a permanent error, not worth a retry.
/// (`hyper::Error::is_parse_too_large` exists only with hyper's server
/// feature, which a client should not compile: its parse error's text is
/// "message head is too large".)
fn head_too_large(err: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cause {
        if e.downcast_ref::<hyper::Error>()
            .is_some_and(|h| h.is_parse() && h.to_string().contains("too large"))
        {
            return true;
        }
        cause = e.source();
    }
    false
}

/// A non-2xx answer, before it becomes an [`Error`].
struct Answer<'a> {
    /// The operation it answers.
    op: Operation,
    /// The ids its request named.
    ids: &'a [crate::ResourceId],
    status: StatusCode,
    retry_after: Option<HeaderValue>,
    location: Option<String>,
    /// The best message from the body, or (snippet, parse error) when it is not JSON.
    message: Result<String, (String, crate::error::DecodeError)>,
}

impl Answer<'_> {
    fn into_error(self) -> Error {
        let status = self.status.as_u16();
        // Where the status alone says what happened, a body that is not JSON
        // (an HTML page from a proxy) only supplies the message.
        let text = |message: Result<String, (String, crate::error::DecodeError)>| {
            message.unwrap_or_else(|(snippet, _)| snippet)
        };
        let retry_after = self.retry_after.as_ref().and_then(parse_retry_after);
        match status {
            300..=399 => Error::Redirect {
                status,
                location: self.location.unwrap_or_default(),
            },
            413 => Error::RequestTooLarge {
                message: text(self.message),
            },
            429 => Error::RateLimited {
                retry_after,
                message: text(self.message),
                attempts: 1,
            },
            500..=599 => Error::Server {
                status,
                retry_after,
                message: text(self.message),
                attempts: 1,
            },
            400 | 401 | 403 | 404 => match self.message {
                Ok(message) => match status {
                    400 => Error::BadRequest {
                        operation: self.op.id,
                        message,
                    },
                    404 => Error::NotFound {
                        operation: self.op.id,
                        ids: self.ids.to_vec(),
                        message,
                    },
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
    value.to_string()
}

/// `Retry-After` in either form: delay-seconds or an HTTP date. A number of
/// seconds too large for any clock counts as "forever" (longer than any cap).
pub(crate) fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(
            text.parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Text safe to show on a terminal or write into a log line: control
/// characters (ESC, BEL, CR, newlines, …) escaped as `\u{1b}`, `\r`, `\n`,
/// so server text or input can neither drive a terminal nor forge a line.
/// The client applies it to all server text in errors; apply it to fields of
/// results before showing them.
///
/// ```
/// assert_eq!(wonderchat::printable("ok\u{1b}[2J\n"), "ok\\u{1b}[2J\\n");
/// ```
pub fn printable(text: &str) -> String {
    if !text.chars().any(is_unprintable) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether [`printable`] escapes `c`: control characters (C0, DEL, C1) and
/// the bidirectional overrides and isolates (U+202E and its kin), which
/// can make a terminal show text in another order than it is.
///
/// ```
/// assert!(wonderchat::is_unprintable('\u{9b}') && wonderchat::is_unprintable('\u{202e}'));
/// assert!(!wonderchat::is_unprintable('é'));
/// ```
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
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
    fn a_retry_after_too_large_for_a_clock_means_forever() {
        let huge = HeaderValue::from_static("100000000000000000000000");
        assert_eq!(parse_retry_after(&huge), Some(Duration::MAX));
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
    fn server_text_is_scrubbed_before_it_is_cut() {
        let client = Client::builder()
            .api_key("secret-key-abcdef")
            .build()
            .unwrap();
        let cut = client.server_text(&format!("{}é{}", "x".repeat(199), "y".repeat(50)));
        assert_eq!(cut.chars().count(), SNIPPET_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(
            client.server_text("key secret-key-abcdef echoed"),
            "key [redacted] echoed"
        );
        // The key straddles the cut at 200 characters: no prefix survives.
        let text = format!("{}secret-key-abcdef", "x".repeat(195));
        let shown = client.server_text(&text);
        assert!(!shown.contains("secr"), "{shown}");
    }

    #[test]
    fn c1_controls_del_and_bidirectional_overrides_are_escaped() {
        assert_eq!(
            printable("a\u{9b}31m\u{7f}b\u{202e}cba\u{2066}"),
            "a\\u{9b}31m\\u{7f}b\\u{202e}cba\\u{2066}"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            printable("a\u{1b}[31mred\u{7}\r\nforged"),
            "a\\u{1b}[31mred\\u{7}\\r\\nforged"
        );
        assert_eq!(printable("plain é"), "plain é");
    }
}

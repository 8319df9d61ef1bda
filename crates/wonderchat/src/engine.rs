//! The one call path every operation goes through: input already checked by
//! the operation, then attempts (each bounded by the attempt timeout or what
//! is left of the operation timeout), retries by the operation's retry class
//! with backoff or `Retry-After`, the body limit, status → [`Error`]
//! mapping, secrets scrubbed from all server text, and a tracing span per
//! attempt.
//!
//! An operation (see `ops/`) only builds the generated request, calls
//! [`Client::call`] with a closure that sends it through a generated client,
//! and turns the generated answer into its public result type.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime};

use backon::Retryable;
use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use tracing::Instrument;
use wonderchat_api::{CallContext, Error as ApiError, ResponseMeta, ResponseValue, types};

use crate::retry::full_jitter;
use crate::{Client, Error};

/// How many characters of server text an error keeps.
const SNIPPET_CHARS: usize = 200;

/// What the engine needs to know about an operation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operation {
    /// The spec's operationId (names the tracing span's `operation` field).
    pub(crate) id: &'static str,
    /// Whether sending it twice does no harm (setting a state, reading):
    /// then every retryable error is retried. Otherwise (asking a chatbot
    /// creates an answer) only errors that prove the server did not process
    /// the request are: no connection, and 429.
    pub(crate) idempotent: bool,
}

/// What a generated client's `send()` returns.
pub(crate) type ApiResult<T> = Result<ResponseValue<T>, ApiError<types::ErrorResponse>>;

/// A successful call: the answer and how many requests it took.
pub(crate) struct Answered<T> {
    pub(crate) value: T,
    pub(crate) attempts: u32,
}

impl Client {
    /// Runs one operation: `send` makes one attempt through the generated
    /// client it is given.
    pub(crate) async fn call<T, F, Fut>(&self, op: Operation, send: F) -> Result<Answered<T>, Error>
    where
        F: Fn(wonderchat_api::Client) -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        let config = &self.config;
        let attempts = AtomicU32::new(0);
        let started = Instant::now();
        let deadline = config.deadline;
        let send = &send;

        let attempt = || async {
            let n = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            self.attempt(n, started, send)
                .instrument(tracing::debug_span!(
                    "wonderchat.attempt",
                    operation = op.id,
                    attempt = n
                ))
                .await
        };
        let retried = attempt
            .retry(config.retry.backoff())
            .sleep(tokio::time::sleep)
            .when(|err: &Error| {
                err.is_retryable() && (op.idempotent || err.proves_nothing_was_processed())
            })
            .adjust(|err, bound| {
                let wait = match err.retry_after() {
                    Some(asked) if asked > config.retry.retry_after_limit() => return None,
                    Some(asked) => {
                        bound?;
                        asked
                    }
                    None => full_jitter(bound?),
                };
                // A wait that would end past the deadline is not worth starting.
                (started.elapsed().saturating_add(wait) < deadline).then_some(wait)
            })
            .notify(|err, wait| {
                tracing::info!(
                    operation = op.id,
                    error = err.kind(),
                    status = err.status(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
            });
        // No timer of its own for the deadline: each attempt is bounded by
        // what is left of it, and no wait starts that would end past it.
        let outcome = retried.await;
        let n = attempts.load(Ordering::Relaxed);
        outcome
            .map(|value| Answered { value, attempts: n })
            .map_err(|err| err.with_attempts(n))
    }

    /// One attempt: a rate slot and a turn when so configured, then one
    /// request, bounded by the attempt timeout or by what is left of the
    /// deadline, whichever is shorter.
    async fn attempt<T, F, Fut>(&self, n: u32, call_started: Instant, send: &F) -> Result<T, Error>
    where
        F: Fn(wonderchat_api::Client) -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        let config = &self.config;
        let out_of_time = || Error::Timeout {
            after: config.deadline,
            attempts: n,
        };
        if let Some(rate) = &config.rate {
            let wait = rate.reserve();
            if call_started.elapsed().saturating_add(wait) >= config.deadline {
                return Err(out_of_time());
            }
            tokio::time::sleep(wait).await;
        }
        let _permit = match &config.in_flight {
            Some(permits) => {
                let left = config.deadline.saturating_sub(call_started.elapsed());
                match tokio::time::timeout(left, Arc::clone(permits).acquire_owned()).await {
                    Ok(Ok(permit)) => Some(permit),
                    // Closed by `shutdown`.
                    Ok(Err(_)) => return Err(Error::Cancelled { attempts: n - 1 }),
                    Err(_) => return Err(out_of_time()),
                }
            }
            None => None,
        };
        if config.shut_down.load(Ordering::SeqCst) {
            return Err(Error::Cancelled { attempts: n - 1 });
        }
        let left = config.deadline.saturating_sub(call_started.elapsed());
        let (limit, after) = if left < config.timeout {
            (left, config.deadline)
        } else {
            (config.timeout, config.timeout)
        };
        let started = Instant::now();
        // A generated client per attempt: its context bounds and scrubs this
        // answer and records its status.
        let api = wonderchat_api::Client::new_with_client(
            &config.base_url,
            config.http.clone(),
            CallContext::new(config.max_response_bytes, Arc::clone(&config.redactor)),
        );
        let exchange = async {
            let result = send(api.clone()).await;
            let meta = wonderchat_api::ClientInfo::inner(&api).meta();
            self.interpret(result, meta).await
        };
        let outcome = match tokio::time::timeout(limit, exchange).await {
            Ok(outcome) => outcome,
            Err(_) => Err(Error::Timeout { after, attempts: n }),
        };
        if let Some(rate) = &config.rate {
            rate.record(matches!(outcome, Err(Error::RateLimited { .. })));
        }
        let latency_ms = started.elapsed().as_millis() as u64;
        match &outcome {
            Ok(_) => tracing::debug!(attempt = n, status = 200, latency_ms, "answered"),
            Err(err) => tracing::debug!(
                attempt = n,
                status = err.status(),
                error = err.kind(),
                latency_ms,
                "attempt failed"
            ),
        }
        outcome
    }

    /// Maps one attempt's result. `meta` is what the call context recorded.
    async fn interpret<T>(
        &self,
        result: ApiResult<T>,
        meta: Option<ResponseMeta>,
    ) -> Result<T, Error> {
        if let Some(meta) = meta.as_ref().filter(|m| m.too_large) {
            return Err(Error::ResponseTooLarge {
                status: Some(meta.status.as_u16()),
                limit: Some(self.config.max_response_bytes),
            });
        }
        let err = match result {
            Ok(value) => return Ok(value.into_inner()),
            Err(err) => err,
        };
        Err(match err {
            ApiError::ErrorResponse(value) => Answer {
                status: value.status(),
                retry_after: value.headers().get(reqwest::header::RETRY_AFTER).cloned(),
                location: None,
                message: Ok(self.server_text(&value.message)),
            }
            .into_error(),
            ApiError::InvalidResponsePayload(bytes, source) => {
                let status = meta.as_ref().map_or(StatusCode::OK, |m| m.status);
                if status.is_success() {
                    return Err(self.undecodable_success(status.as_u16(), &bytes, &source));
                }
                Answer {
                    status,
                    retry_after: meta.and_then(|m| m.retry_after),
                    location: None,
                    message: self.body_message(&bytes),
                }
                .into_error()
            }
            ApiError::UnexpectedResponse(response) => {
                let status = response.status();
                let bytes = match response.bytes().await {
                    Ok(bytes) => bytes,
                    Err(source) => return Err(self.transport(source)),
                };
                let meta = meta.unwrap_or(ResponseMeta {
                    status,
                    retry_after: None,
                    location: None,
                    too_large: false,
                });
                Answer {
                    status,
                    retry_after: meta.retry_after,
                    location: meta.location.map(|l| self.server_text(&l)),
                    message: self.body_message(&bytes),
                }
                .into_error()
            }
            ApiError::CommunicationError(source)
            | ApiError::ResponseBodyError(source)
            | ApiError::InvalidUpgrade(source) => self.transport(source),
            ApiError::InvalidRequest(reason) | ApiError::Custom(reason) => Error::InvalidInput {
                field: "request",
                reason: self.server_text(&reason),
            },
        })
    }

    /// Server text, safe to show: secrets removed first, then control
    /// characters escaped, then cut to a readable length.
    pub(crate) fn server_text(&self, text: &str) -> String {
        truncate(&printable(&self.config.redactor.text(text)))
    }

    /// A 2xx whose body is not the documented answer: `Api` when it says
    /// `"status": "error"`, `Decode` otherwise.
    fn undecodable_success(&self, status: u16, bytes: &[u8], source: &serde_json::Error) -> Error {
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
            let is_error = value
                .get("status")
                .and_then(|s| s.as_str())
                .is_some_and(|s| s.eq_ignore_ascii_case("error"));
            if is_error {
                return Error::Api {
                    message: self.server_text(&best_message(&value)),
                };
            }
        }
        self.decode_error(status, bytes, source)
    }

    fn decode_error(&self, status: u16, bytes: &[u8], source: &serde_json::Error) -> Error {
        Error::Decode {
            status,
            snippet: self.snippet(bytes),
            source: crate::error::DecodeError(self.server_text(&source.to_string())),
        }
    }

    /// The message of a JSON error body, whatever its shape; a snippet and
    /// the parse error when the body is not JSON at all.
    fn body_message(&self, bytes: &[u8]) -> Result<String, (String, crate::error::DecodeError)> {
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(value) => Ok(self.server_text(&best_message(&value))),
            Err(source) => Err((
                self.snippet(bytes),
                crate::error::DecodeError(self.server_text(&source.to_string())),
            )),
        }
    }

    /// The start of a body as safe text.
    fn snippet(&self, bytes: &[u8]) -> String {
        self.server_text(String::from_utf8_lossy(bytes).trim())
    }

    fn transport(&self, source: reqwest::Error) -> Error {
        if head_too_large(&source) {
            Error::ResponseTooLarge {
                status: None,
                limit: None,
            }
        } else if source.is_timeout() {
            // reqwest's own timeout, on a caller-supplied client.
            Error::Timeout {
                after: self.config.timeout,
                attempts: 1,
            }
        } else if source.is_connect() {
            Error::Connect {
                source,
                attempts: 1,
            }
        } else if source.is_builder() {
            Error::Config {
                message: format!(
                    "cannot build the request: {}",
                    self.server_text(&source.to_string())
                ),
            }
        } else {
            Error::Transport {
                source,
                attempts: 1,
            }
        }
    }
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
struct Answer {
    status: StatusCode,
    retry_after: Option<HeaderValue>,
    location: Option<String>,
    /// The best message from the body, or (snippet, parse error) when it is not JSON.
    message: Result<String, (String, crate::error::DecodeError)>,
}

impl Answer {
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
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
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
    fn control_characters_are_escaped() {
        assert_eq!(
            printable("a\u{1b}[31mred\u{7}\r\nforged"),
            "a\\u{1b}[31mred\\u{7}\\r\\nforged"
        );
        assert_eq!(printable("plain é"), "plain é");
    }
}

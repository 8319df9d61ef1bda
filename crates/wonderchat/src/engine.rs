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

use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};
use tokio::time::Instant;

use backon::Retryable;
use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use tracing::Instrument;
use wonderchat_api::operations::Operation;
use wonderchat_api::{
    CallContext, Error as ApiError, Redactor, ResponseMeta, ResponseValue, types,
};

use crate::retry::full_jitter;
use crate::{Client, Error, RetryPolicy};

/// How many characters of server text an error keeps.
const SNIPPET_CHARS: usize = 200;

/// How an operation's answer body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Body {
    /// JSON, up to the body limit, decoded by progenitor.
    #[default]
    Json,
    /// Undocumented: any body is accepted and nothing is read from it.
    Ignored,
    /// Left to the operation, which reads it as a stream.
    Stream,
}

/// Per-call settings: overrides of the client's, and call-specific secrets.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    /// Replaces the client's redactor (when the call carries more secrets).
    pub(crate) redactor: Option<Arc<Redactor>>,
    pub(crate) body: Body,
    /// Streamed answers: the longest wait for the next bytes.
    pub(crate) stream_idle_timeout: Option<Duration>,
    /// Streamed answers: the longest the whole body may take (`Some(None)`:
    /// no limit).
    pub(crate) stream_timeout: Option<Option<Duration>>,
}

impl CallOptions {
    /// The redactor of this call: its own, or the client's.
    pub(crate) fn redactor<'a>(&'a self, config: &'a crate::config::Config) -> &'a Redactor {
        self.redactor.as_deref().unwrap_or(&config.redactor)
    }

    /// The guard a streamed body of this call is read under: this call's
    /// timeouts or the client's, `default_total` when the call sets none.
    pub(crate) fn stream_guard(
        &self,
        config: &crate::config::Config,
        default_total: Option<Duration>,
        limit: Option<usize>,
    ) -> crate::ops::body::Guard {
        crate::ops::body::Guard {
            idle: self
                .stream_idle_timeout
                .unwrap_or(config.stream_idle_timeout),
            total: self.stream_timeout.unwrap_or(default_total),
            limit,
        }
    }
}

/// The settings one call runs with.
struct Settings<'a> {
    attempt_timeout: Duration,
    operation_timeout: Duration,
    retry: &'a RetryPolicy,
    redactor: &'a Arc<Redactor>,
    /// Put in force around each request: how its answer is read and scrubbed.
    context: Cow<'a, CallContext>,
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
    /// client it is given (the client's one, shared by all calls).
    pub(crate) async fn call<'c, T, F, Fut>(
        &'c self,
        op: Operation,
        options: &CallOptions,
        send: F,
    ) -> Result<Answered<T>, Error>
    where
        F: Fn(&'c wonderchat_api::Client) -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        let config = &self.config;
        let context = match &options.redactor {
            // A call with secrets of its own (a session cookie): its own context.
            Some(redactor) => {
                let context = CallContext::new(config.max_response_bytes, Arc::clone(redactor));
                Cow::Owned(match options.body {
                    Body::Json => context,
                    Body::Ignored => context.ignoring_body(),
                    Body::Stream => context.streaming(),
                })
            }
            None => Cow::Borrowed(match options.body {
                Body::Json => &config.contexts.json,
                Body::Ignored => &config.contexts.ignored,
                Body::Stream => &config.contexts.stream,
            }),
        };
        let settings = Settings {
            attempt_timeout: options.attempt_timeout.unwrap_or(config.timeout),
            operation_timeout: options.operation_timeout.unwrap_or(config.deadline),
            retry: options.retry.as_ref().unwrap_or(&config.retry),
            redactor: options.redactor.as_ref().unwrap_or(&config.redactor),
            context,
        };
        let settings = &settings;
        let attempts = AtomicU32::new(0);
        let started = Instant::now();
        let deadline = settings.operation_timeout;
        let send = &send;

        let attempt = || async {
            let n = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            self.attempt(n, started, settings, send)
                .instrument(tracing::debug_span!(
                    "wonderchat.attempt",
                    operation = op.id,
                    attempt = n
                ))
                .await
        };
        let retried = attempt
            .retry(settings.retry.backoff())
            .sleep(tokio::time::sleep)
            .when(|err: &Error| {
                err.is_retryable() && (op.idempotent || err.proves_nothing_was_processed())
            })
            .adjust(|err, bound| {
                let wait = match err.retry_after() {
                    Some(asked) if asked > settings.retry.retry_after_limit() => return None,
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
    async fn attempt<'c, T, F, Fut>(
        &'c self,
        n: u32,
        call_started: Instant,
        settings: &Settings<'_>,
        send: &F,
    ) -> Result<T, Error>
    where
        F: Fn(&'c wonderchat_api::Client) -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        let config = &self.config;
        let deadline = settings.operation_timeout;
        let out_of_time = || Error::Timeout {
            after: deadline,
            attempts: n,
        };
        if let Some(rate) = &config.rate
            && !rate.until_slot(call_started.checked_add(deadline)).await
        {
            return Err(out_of_time());
        }
        let _permit = match &config.in_flight {
            Some(permits) => {
                let left = deadline.saturating_sub(call_started.elapsed());
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
        let left = deadline.saturating_sub(call_started.elapsed());
        let (limit, after) = if left < settings.attempt_timeout {
            (left, deadline)
        } else {
            (settings.attempt_timeout, settings.attempt_timeout)
        };
        let started = Instant::now();
        // The call's context bounds and scrubs this answer and records its
        // status, for this request only. The generated request's future is
        // boxed: it is several KiB, which the futures around it (the task
        // local, the timeout, the retry, the caller's) would otherwise copy
        // on every move (memcpy was 5% of an import's CPU; BENCHMARKS.md).
        let exchange = async {
            let request = Box::pin(send(&config.api));
            let (result, meta) = settings.context.run(request).await;
            self.interpret(result, meta, settings).await
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
        settings: &Settings<'_>,
    ) -> Result<T, Error> {
        if let Some(meta) = meta.as_ref().filter(|m| m.too_large) {
            return Err(Error::ResponseTooLarge {
                status: Some(meta.status.as_u16()),
                limit: Some(self.config.max_response_bytes),
            });
        }
        match result {
            Ok(value) => Ok(value.into_inner()),
            Err(err) => Err(self.api_error(err, meta, settings.redactor).await),
        }
    }

    /// Maps a generated client's error; all server text goes through `redactor`.
    pub(crate) async fn api_error(
        &self,
        err: ApiError<types::ErrorResponse>,
        meta: Option<ResponseMeta>,
        redactor: &Redactor,
    ) -> Error {
        let text = |t: &str| server_text(redactor, t);
        match err {
            ApiError::ErrorResponse(value) => Answer {
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
                message: format!(
                    "cannot build the request: {}",
                    server_text(redactor, &source.to_string())
                ),
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

impl Client {
    /// Runs an operation whose successful answer is read as a stream (a
    /// chat's server-sent events, a large export): the request is built
    /// from `body` (a generated request type) and sent through the
    /// generated client's hook, with the same retries, timeouts and error
    /// mapping as [`Client::call`]; the attempt timeout covers the wait for
    /// the answer's head, the body is left to the caller.
    pub(crate) async fn call_stream<B: serde::Serialize>(
        &self,
        op: Operation,
        options: &CallOptions,
        body: &B,
        accept: &'static str,
    ) -> Result<Answered<progenitor_client::ByteStream>, Error> {
        use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
        let options = CallOptions {
            body: Body::Stream,
            ..options.clone()
        };
        self.call(op, &options, |api| async move {
            let request = api
                .client()
                .post(format!("{}{}", api.baseurl(), op.path))
                .header(reqwest::header::ACCEPT, accept)
                .json(body)
                .build()
                .map_err(ApiError::CommunicationError)?;
            let info = OperationInfo {
                operation_id: op.id,
            };
            let response = api
                .exec(request, &info)
                .await
                .map_err(ApiError::CommunicationError)?;
            if response.status().is_success() {
                Ok(ResponseValue::stream(response))
            } else {
                Err(ApiError::UnexpectedResponse(response))
            }
        })
        .await
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

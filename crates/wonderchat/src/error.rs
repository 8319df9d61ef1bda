//! [`Error`]: everything that can go wrong in a call. Its text says what
//! happened, in one short sentence with the server's own words kept; what to
//! do about it is data, [`Error::remedy`], which each front end words its
//! own way (the CLI names its flags, an agent's tool its arguments).

use std::time::Duration;

pub use wonderchat_api::operations::Resource;

/// An error from the Wonderchat client.
///
/// `Display` says what happened; [`Error::remedy`] says what to do, as data.
/// None contains the API key: texts that come from the server are scrubbed
/// of it before they are stored here.
///
/// # Examples
///
/// ```
/// use wonderchat::{Error, Feedback, Remedy};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let mock = wonderchat_mock::MockServer::builder().strict_messages(true).start().await?;
/// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
/// match client.update_message_feedback("no-such-message", Feedback::Helpful).await {
///     Ok(update) => println!("stored as {}", update.feedback_id),
///     Err(e @ Error::NotFound { .. }) => println!("{e} ({})", e.remedy()),
///     Err(e) if e.remedy() == Remedy::RetryLater => println!("try again later: {e}"),
///     Err(e) => return Err(e.into()),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument was rejected before any request was sent.
    #[error("invalid {field}: {reason}")]
    #[non_exhaustive]
    InvalidInput {
        /// The request field at fault, as the API names it (`messageId`, `apiKey`, `feedback`).
        field: &'static str,
        /// Why it was rejected and what to pass instead.
        reason: String,
    },

    /// The base URL uses plain `http://` to a host that is not loopback,
    /// which would send the API key in clear text.
    #[error(
        "the base URL {url:?} uses plain http:// to a host that is not loopback: the API key \
         would cross the network in clear text"
    )]
    #[non_exhaustive]
    InsecureBaseUrl {
        /// The URL as given.
        url: String,
    },

    /// The client was configured with values it cannot use.
    #[error("invalid client configuration: {message}")]
    #[non_exhaustive]
    Config {
        /// What is wrong.
        message: String,
        /// What failed underneath (the TLS library, the HTTP client), if anything.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// HTTP 400: the server found the request malformed.
    #[error("Wonderchat rejected the {operation} request as malformed (HTTP 400): {message}")]
    #[non_exhaustive]
    BadRequest {
        /// The operation (its `operationId`).
        operation: &'static str,
        /// The server's explanation.
        message: String,
    },

    /// HTTP 401 or 403: the API key was refused.
    #[error("Wonderchat refused the API key (HTTP {status}): {message}")]
    #[non_exhaustive]
    Unauthorized {
        /// 401 or 403.
        status: u16,
        /// The server's explanation.
        message: String,
    },

    /// HTTP 404: what the request names does not exist for the key.
    #[error(
        "Wonderchat found no {} (HTTP 404): {message}",
        crate::error::named(ids)
    )]
    #[non_exhaustive]
    NotFound {
        /// The operation (its `operationId`).
        operation: &'static str,
        /// The ids the request named, one of which was not found (the
        /// request knows what it sent; the server's words are not parsed).
        ids: Vec<ResourceId>,
        /// The server's explanation.
        message: String,
    },

    /// HTTP 413: the request was larger than the server accepts.
    #[error("Wonderchat refused the request as too large (HTTP 413): {message}")]
    #[non_exhaustive]
    RequestTooLarge {
        /// The server's explanation.
        message: String,
    },

    /// HTTP 429: too many requests, still refused after the allowed attempts.
    #[error(
        "rate limited by Wonderchat (HTTP 429) after {}{}: {message}",
        attempts_said(*.attempts),
        retry_after_hint(*.retry_after)
    )]
    #[non_exhaustive]
    RateLimited {
        /// How long the server asked to wait, from `Retry-After`.
        retry_after: Option<Duration>,
        /// The server's explanation.
        message: String,
        /// How many requests were sent.
        attempts: u32,
    },

    /// HTTP 5xx: the server failed, still after the allowed attempts.
    #[error(
        "Wonderchat failed (HTTP {status}) after {}{}: {message}",
        attempts_said(*.attempts),
        retry_after_hint(*.retry_after)
    )]
    #[non_exhaustive]
    Server {
        /// The HTTP status (500 to 599).
        status: u16,
        /// How long the server asked to wait, from `Retry-After`.
        retry_after: Option<Duration>,
        /// The server's explanation, or the start of its body.
        message: String,
        /// How many requests were sent.
        attempts: u32,
    },

    /// A status the API does not use (not 2xx, 400, 401, 403, 404, 413, 429, 5xx or a redirect).
    #[error("unexpected HTTP {status} from Wonderchat: {body}")]
    #[non_exhaustive]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The server's message, or the start of its body.
        body: String,
    },

    /// HTTP 200 whose body says `"status": "error"`.
    #[error(
        "Wonderchat reported an error in a successful (HTTP 200) answer{}{message}",
        if message.is_empty() { "" } else { ": " }
    )]
    #[non_exhaustive]
    Api {
        /// The server's own explanation, as it gave it (empty when it gave none).
        message: String,
    },

    /// The body was not the JSON the API documents (an HTML page, truncated JSON, …).
    #[error("could not read Wonderchat's answer (HTTP {status}); the body starts with {snippet:?}")]
    #[non_exhaustive]
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// The start of the body (at most 200 characters, secrets removed).
        snippet: String,
        /// Why it could not be decoded.
        #[source]
        source: DecodeError,
    },

    /// The answer was larger than the client accepts
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes),
    /// or the HTTP library's limit on headers). Not retried.
    #[error(
        "Wonderchat's answer{} is larger than this client accepts{}; it was not read",
        status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(),
        limit.map(|l| format!(" ({l} bytes)")).unwrap_or_else(|| " (its headers)".to_owned())
    )]
    #[non_exhaustive]
    ResponseTooLarge {
        /// The HTTP status, when the head was read.
        status: Option<u16>,
        /// The body limit that was exceeded; `None` when the headers were too large.
        limit: Option<usize>,
    },

    /// The server answered with a redirect, which is never followed.
    #[error(
        "Wonderchat answered with a redirect (HTTP {status}) to {location:?}, which was not \
         followed: it would send the API key there"
    )]
    #[non_exhaustive]
    Redirect {
        /// The 3xx status.
        status: u16,
        /// The `Location` header, if any.
        location: String,
    },

    /// No connection could be made.
    #[error("could not connect to Wonderchat after {}", attempts_said(*.attempts))]
    #[non_exhaustive]
    Connect {
        /// The underlying error.
        #[source]
        source: TransportError,
        /// How many connections were tried.
        attempts: u32,
    },

    /// No answer came in time.
    #[error(
        "no answer from Wonderchat within {} after {}",
        humanize(*.after),
        attempts_said(*.attempts)
    )]
    #[non_exhaustive]
    Timeout {
        /// The limit that ran out: the per-attempt timeout or the overall deadline.
        after: Duration,
        /// How many requests were sent.
        attempts: u32,
    },

    /// A streamed answer (a chat's events, an export) sent nothing for the
    /// idle timeout, or did not end within the call's stream timeout.
    #[error(
        "Wonderchat's streamed answer {}; it was cut off",
        if *.idle { format!("sent nothing for {}", humanize(*.after)) } else { format!("did not end within {}", humanize(*.after)) }
    )]
    #[non_exhaustive]
    Stalled {
        /// The limit that ran out.
        after: Duration,
        /// `true`: nothing arrived for `after`; `false`: the whole stream took longer.
        idle: bool,
    },

    /// The client was shut down ([`Client::shutdown`](crate::Client::shutdown))
    /// before this request was sent (again).
    #[error(
        "not sent: the client was shut down before the request could be sent (after \
         {} earlier)",
        attempts_said(*.attempts)
    )]
    #[non_exhaustive]
    Cancelled {
        /// How many requests were sent before the shutdown.
        attempts: u32,
    },

    /// The connection failed while a request or answer was under way.
    #[error("the connection to Wonderchat failed after {}", attempts_said(*.attempts))]
    #[non_exhaustive]
    Transport {
        /// The underlying error.
        #[source]
        source: TransportError,
        /// How many requests were sent.
        attempts: u32,
    },
}

/// An id a request named, and what kind of thing it names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ResourceId {
    /// What it names.
    pub resource: Resource,
    /// The id as sent.
    pub id: String,
}

impl ResourceId {
    /// `id` of a `resource`.
    pub fn new(resource: Resource, id: impl Into<String>) -> Self {
        Self {
            resource,
            id: id.into(),
        }
    }
}

impl std::fmt::Display for ResourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:?}", self.resource, crate::printable(&self.id))
    }
}

/// `chatbot "b"`, `chatbot "b" or chatlog "c"`: what a 404 may be about.
fn named(ids: &[ResourceId]) -> String {
    if ids.is_empty() {
        return "such thing".to_owned();
    }
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" or ")
}

/// What to do about an [`Error`], as data: each front end words it its own
/// way (the SDK's words are its `Display`, naming the builder's settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Remedy {
    /// Pass a valid value for the field the error names.
    FixInput,
    /// Use `https://`, or allow plain HTTP on a trusted network.
    UseHttps,
    /// The server's own message says what went wrong; act on it.
    SeeMessage,
    /// Fix the client's settings.
    FixConfig,
    /// Check the request's fields ([`Error::fields`]).
    CheckFields,
    /// Check the API key.
    CheckApiKey,
    /// Check the ids the request named (`Error::NotFound`'s `ids`).
    CheckIds,
    /// Send less (a shorter comment, fewer items).
    SendLess,
    /// Send fewer requests per second, or retry later.
    SlowDown,
    /// Retry later.
    RetryLater,
    /// Check that the base URL points at the Wonderchat API.
    CheckBaseUrl,
    /// Raise the limit on answer sizes.
    RaiseSizeLimit,
    /// Set the base URL to the address the redirect names.
    UseFinalAddress,
    /// Check the network and the base URL.
    CheckNetwork,
    /// Raise the timeout, or retry later.
    RaiseTimeout,
    /// Raise the idle timeout of streamed answers, or retry later.
    RaiseIdleTimeout,
    /// Raise the stream timeout, or retry later.
    RaiseStreamTimeout,
    /// Send it again with a client that was not shut down.
    UseNewClient,
}

impl std::fmt::Display for Remedy {
    /// The SDK's words: what to change, naming the builder's settings.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Remedy::FixInput => "pass a valid value for that field",
            Remedy::UseHttps => {
                "use https://, or ClientBuilder::allow_insecure_http(true) on a trusted network"
            }
            Remedy::FixConfig => "fix the client's settings",
            Remedy::SeeMessage => "act on the server's message",
            Remedy::CheckFields => "check the request's fields",
            Remedy::CheckApiKey => {
                "check the key given to ClientBuilder::api_key (or WONDERCHAT_API_KEY for \
                 Client::from_env)"
            }
            Remedy::CheckIds => "check the ids: they must be of your account, as the key sees it",
            Remedy::SendLess => "send less (a shorter comment, fewer items)",
            Remedy::SlowDown => "send fewer requests per second, or retry later",
            Remedy::RetryLater => "retry later",
            Remedy::CheckBaseUrl => "check that the base URL points at the Wonderchat API",
            Remedy::RaiseSizeLimit => {
                "raise ClientBuilder::max_response_bytes (or an export's max_chatlog_bytes) if it \
                 is meant to be that large"
            }
            Remedy::UseFinalAddress => "set the base URL to the final address",
            Remedy::CheckNetwork => "check the network and the base URL",
            Remedy::RaiseTimeout => {
                "raise ClientBuilder::attempt_timeout or operation_timeout, or retry later"
            }
            Remedy::RaiseIdleTimeout => "raise the stream idle timeout, or retry later",
            Remedy::RaiseStreamTimeout => "raise the stream timeout, or retry later",
            Remedy::UseNewClient => "send it again with a client that was not shut down",
        })
    }
}

impl Error {
    /// What to do about it (each front end words it its own way; the SDK's
    /// words are the remedy's `Display`).
    pub fn remedy(&self) -> Remedy {
        match self {
            Error::InvalidInput { .. } => Remedy::FixInput,
            Error::InsecureBaseUrl { .. } => Remedy::UseHttps,
            Error::Config { .. } => Remedy::FixConfig,
            Error::BadRequest { .. } => Remedy::CheckFields,
            Error::Unauthorized { .. } => Remedy::CheckApiKey,
            Error::NotFound { .. } => Remedy::CheckIds,
            Error::RequestTooLarge { .. } => Remedy::SendLess,
            Error::RateLimited { .. } => Remedy::SlowDown,
            Error::Server { .. } | Error::Transport { .. } => Remedy::RetryLater,
            Error::UnexpectedStatus { .. } | Error::Decode { .. } => Remedy::CheckBaseUrl,
            Error::Api { .. } => Remedy::SeeMessage,
            Error::ResponseTooLarge { .. } => Remedy::RaiseSizeLimit,
            Error::Redirect { .. } => Remedy::UseFinalAddress,
            Error::Connect { .. } => Remedy::CheckNetwork,
            Error::Timeout { .. } => Remedy::RaiseTimeout,
            Error::Stalled { idle: true, .. } => Remedy::RaiseIdleTimeout,
            Error::Stalled { idle: false, .. } => Remedy::RaiseStreamTimeout,
            Error::Cancelled { .. } => Remedy::UseNewClient,
        }
    }

    /// The fields of the request a 400 was about (the spec's, but
    /// `apiKey`), for [`Remedy::CheckFields`].
    pub fn fields(&self) -> &'static [&'static str] {
        match self {
            Error::BadRequest { operation, .. } => wonderchat_api::operations::ALL
                .iter()
                .find(|op| op.id == *operation)
                .map_or(&[], |op| op.fields),
            _ => &[],
        }
    }

    /// Whether sending the same request again may succeed: 429, 500, 502,
    /// 503, 504, connection failures and timeouts.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Connect { .. } | Error::Timeout { .. } => true,
            Error::Transport { .. } => true,
            Error::Server { status, .. } => matches!(status, 500 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// Whether the error proves the server did not process the request
    /// (no connection was made, or it answered 429): then even a request
    /// that is not safe to repeat can be sent again.
    pub fn proves_nothing_was_processed(&self) -> bool {
        matches!(self, Error::Connect { .. } | Error::RateLimited { .. })
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::BadRequest { .. } => Some(400),
            Error::NotFound { .. } => Some(404),
            Error::RateLimited { .. } => Some(429),
            Error::RequestTooLarge { .. } => Some(413),
            Error::ResponseTooLarge { status, .. } => *status,
            Error::Api { .. } => Some(200),
            Error::Unauthorized { status, .. }
            | Error::Server { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the server asked to wait before the next request
    /// (`Retry-After` on a 429 or a 5xx).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } | Error::Server { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// A short stable name of the variant (`rate_limited`, `timeout`,
    /// `message_not_found` or `chatlog_not_found` …),
    /// for logs, metrics and the CLI's results file.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::Config { .. } => "config",
            Error::InsecureBaseUrl { .. } => "insecure_base_url",
            Error::RequestTooLarge { .. } => "request_too_large",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::BadRequest { .. } => "bad_request",
            Error::Unauthorized { .. } => "unauthorized",
            Error::NotFound { ids, .. } => match ids.first().map(|id| id.resource) {
                Some(Resource::Message) => "message_not_found",
                Some(Resource::Chatlog) => "chatlog_not_found",
                Some(Resource::Chatbot) => "chatbot_not_found",
                _ => "not_found",
            },
            Error::RateLimited { .. } => "rate_limited",
            Error::Server { .. } => "server",
            Error::UnexpectedStatus { .. } => "unexpected_status",
            Error::Api { .. } => "api",
            Error::Decode { .. } => "decode",
            Error::Redirect { .. } => "redirect",
            Error::Connect { .. } => "connect",
            Error::Timeout { .. } => "timeout",
            Error::Stalled { .. } => "stalled",
            Error::Transport { .. } => "transport",
            Error::Cancelled { .. } => "cancelled",
        }
    }

    /// Records how many attempts led to this error (on the variants that say so).
    pub(crate) fn with_attempts(mut self, n: u32) -> Self {
        if let Error::RateLimited { attempts, .. }
        | Error::Server { attempts, .. }
        | Error::Connect { attempts, .. }
        | Error::Timeout { attempts, .. }
        | Error::Transport { attempts, .. } = &mut self
        {
            *attempts = n;
        }
        self
    }
}

impl From<crate::ParseFeedbackError> for Error {
    fn from(err: crate::ParseFeedbackError) -> Self {
        Error::InvalidInput {
            field: "feedback",
            reason: err.to_string(),
        }
    }
}

/// What failed below HTTP (a refused connection, a reset, TLS): shows the
/// HTTP library's message; its causes follow in `source()`.
#[derive(Debug)]
pub struct TransportError(pub(crate) reqwest::Error);

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// Why an answer could not be decoded: the decoder's message, with secrets
/// removed and control characters escaped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(pub(crate) String);

impl DecodeError {
    /// A decode error with this message (for tests and test doubles; the
    /// client makes its own, scrubbed).
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// `1 attempt`, `3 attempts`.
fn attempts_said(attempts: u32) -> String {
    format!("{attempts} attempt{}", if attempts == 1 { "" } else { "s" })
}

/// A cause that is only a message (already scrubbed and escaped).
#[derive(Debug)]
pub(crate) struct Cause(pub(crate) String);

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Cause {}

fn retry_after_hint(retry_after: Option<Duration>) -> String {
    retry_after
        .map(|d| format!(" (the server asked to wait {})", humanize(d)))
        .unwrap_or_default()
}

/// `1.5s`, `250ms`: durations as people write them.
fn humanize(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{}ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    //! The text of every error, as a reviewed snapshot: a change of wording
    //! shows up as a diff. (In the crate: its variants are non-exhaustive.)

    use std::time::Duration;

    use super::*;
    use crate::Feedback;

    async fn connect_error() -> TransportError {
        // Port 1 on loopback: nothing listens there.
        let client = crate::Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:1")
            .retry(crate::RetryPolicy::disabled())
            .build()
            .unwrap();
        match client.update_message_feedback("m", Feedback::Helpful).await {
            Err(Error::Connect { source, .. }) => source,
            other => panic!("expected a connect error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn display_of_every_error() {
        let json_error = || DecodeError::new("EOF while parsing a value at line 1 column 10");
        #[rustfmt::skip]
        let errors = [
            Error::InvalidInput {
                field: "messageId",
                reason: "the message id is empty or blank: pass the id of the chatbot message the feedback is about".into(),
            },
            "thumbs-up".parse::<Feedback>().unwrap_err().into(),
            Error::Config { message: "base URL \"nonsense\" is not a valid URL".into(), source: None },
            Error::BadRequest { operation: "updateMessageFeedback", message: "feedback: must be one of HELPFUL, NOT_HELPFUL".into() },
            Error::BadRequest { operation: "addPages", message: "urls[0]: not a URL".into() },
            Error::BadRequest { operation: "exportChatlogs", message: "startDate: not a date".into() },
            Error::Unauthorized { status: 401, message: "apiKey: invalid API key".into() },
            Error::NotFound { operation: "updateMessageFeedback", ids: vec![ResourceId::new(Resource::Message, "m")], message: "messageId: no message with id \"m\"".into() },
            Error::NotFound { operation: "chat", ids: vec![ResourceId::new(Resource::Chatbot, "b"), ResourceId::new(Resource::Chatlog, "c")], message: "not found".into() },
            Error::NotFound { operation: "exportChatlogs", ids: vec![], message: "not found".into() },
            Error::RateLimited { retry_after: Some(Duration::from_secs(30)), message: "slow down".into(), attempts: 1 },
            Error::RateLimited { retry_after: None, message: "slow down".into(), attempts: 3 },
            Error::Server { status: 503, retry_after: None, message: "maintenance".into(), attempts: 3 },
            Error::Server { status: 503, retry_after: Some(Duration::from_secs(3)), message: "maintenance".into(), attempts: 1 },
            Error::RequestTooLarge { message: "body over 64 KiB".into() },
            Error::ResponseTooLarge { status: Some(200), limit: Some(1 << 20) },
            Error::ResponseTooLarge { status: None, limit: None },
            Error::InsecureBaseUrl { url: "http://example.com".into() },
            Error::Cancelled { attempts: 1 },
            Error::UnexpectedStatus { status: 418, body: "I'm a teapot".into() },
            Error::Api { message: "message locked".into() },
            Error::Decode { status: 200, snippet: "{\"status\":".into(), source: json_error() },
            Error::Redirect { status: 307, location: "https://elsewhere.example/api".into() },
            Error::Connect { source: connect_error().await, attempts: 3 },
            Error::Timeout { after: Duration::from_millis(1500), attempts: 2 },
            Error::Stalled { after: Duration::from_secs(30), idle: true },
            Error::Stalled { after: Duration::from_secs(30), idle: false },
            Error::Transport { source: connect_error().await, attempts: 1 },
        ];
        let text: Vec<String> = errors
            .iter()
            .map(|e| format!("[{}] {e} → {:?}: {}", e.kind(), e.remedy(), e.remedy()))
            .collect();
        insta::assert_snapshot!(text.join("\n"));
    }

    #[tokio::test]
    async fn no_error_repeats_its_cause_in_its_own_text() {
        use std::error::Error as _;
        let url = url::Url::parse("not a url").unwrap_err();
        for err in [
            Error::Connect {
                source: connect_error().await,
                attempts: 1,
            },
            Error::Transport {
                source: connect_error().await,
                attempts: 1,
            },
            Error::Decode {
                status: 200,
                snippet: "x".into(),
                source: DecodeError::new("EOF at column 1"),
            },
            // Issue 21: Config wrote its cause into its message.
            crate::Client::builder()
                .base_url("nonsense")
                .build()
                .unwrap_err(),
        ] {
            let own = err.to_string();
            let mut cause = err.source();
            assert!(
                cause.is_some() || !matches!(err, Error::Config { .. }),
                "{err:?}"
            );
            while let Some(inner) = cause {
                let text = inner.to_string();
                assert!(!own.contains(&text), "{own:?} repeats {text:?}");
                cause = inner.source();
            }
        }
        assert!(!url.to_string().is_empty());
    }
}

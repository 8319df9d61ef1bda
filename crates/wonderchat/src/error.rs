//! [`Error`]: everything that can go wrong in a call, each with a message
//! that says what to do about it.

use std::time::Duration;

/// An error from the Wonderchat client.
///
/// Every message says what happened and what to do. None contains the API
/// key: texts that come from the server are scrubbed of it before they are
/// stored here.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument was rejected before any request was sent.
    #[error("invalid {field}: {reason}")]
    InvalidInput {
        /// The request field at fault, as the API names it (`messageId`, `apiKey`, `feedback`).
        field: &'static str,
        /// Why it was rejected and what to pass instead.
        reason: String,
    },

    /// The client was configured with values it cannot use.
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },

    /// HTTP 400: the server found the request malformed.
    #[error(
        "Wonderchat rejected the request as malformed (HTTP 400): {message}. \
         Check the message id, the feedback value and the comment"
    )]
    BadRequest {
        /// The server's explanation.
        message: String,
    },

    /// HTTP 401 or 403: the API key was refused.
    #[error(
        "Wonderchat refused the API key (HTTP {status}): {message}. \
         Check WONDERCHAT_API_KEY, or the key given to Client::builder()"
    )]
    Unauthorized {
        /// 401 or 403.
        status: u16,
        /// The server's explanation.
        message: String,
    },

    /// HTTP 404: no message with this id exists for the key.
    #[error(
        "Wonderchat knows no such message (HTTP 404): {message}. \
         Check the message id: it must be the id of a message of your chatbot"
    )]
    MessageNotFound {
        /// The server's explanation.
        message: String,
    },

    /// HTTP 429: too many requests, still refused after the allowed attempts.
    #[error(
        "rate limited by Wonderchat (HTTP 429) after {attempts} attempt(s){}: {message}. \
         Send fewer requests per second, or retry later",
        retry_after_hint(*.retry_after)
    )]
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
        "Wonderchat failed (HTTP {status}) after {attempts} attempt(s): {message}. \
         The request is safe to send again later"
    )]
    Server {
        /// The HTTP status (500 to 599).
        status: u16,
        /// The server's explanation, or the start of its body.
        message: String,
        /// How many requests were sent.
        attempts: u32,
    },

    /// A status the API does not use (not 200, 400, 401, 403, 404, 429, 5xx or a redirect).
    #[error(
        "unexpected HTTP {status} from Wonderchat: {body}. \
         Check that the base URL points at the Wonderchat API"
    )]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The server's message, or the start of its body.
        body: String,
    },

    /// HTTP 200 whose body says `"status": "error"`.
    #[error("Wonderchat reported an error in a successful (HTTP 200) answer: {message}")]
    Api {
        /// The server's explanation.
        message: String,
    },

    /// The body was not the JSON the API documents (an HTML page, truncated JSON, …).
    #[error(
        "could not read Wonderchat's answer (HTTP {status}): {source}; the body starts with \
         {snippet:?}. Check that the base URL points at the Wonderchat API"
    )]
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// The start of the body (at most 200 characters).
        snippet: String,
        /// Why it could not be decoded.
        #[source]
        source: serde_json::Error,
    },

    /// The server answered with a redirect, which is never followed.
    #[error(
        "Wonderchat answered with a redirect (HTTP {status}) to {location:?}, which was not \
         followed because it would send the API key there. Set the base URL to the final address"
    )]
    Redirect {
        /// The 3xx status.
        status: u16,
        /// The `Location` header, if any.
        location: String,
    },

    /// No connection could be made.
    #[error(
        "could not connect to Wonderchat after {attempts} attempt(s): {source} ({}). \
         Check the network and the base URL",
        root_cause(source)
    )]
    Connect {
        /// The underlying error.
        #[source]
        source: reqwest::Error,
        /// How many connections were tried.
        attempts: u32,
    },

    /// No answer came in time.
    #[error(
        "no answer from Wonderchat within {} after {attempts} attempt(s). \
         Raise the timeout, or retry later",
        humanize(*.after)
    )]
    Timeout {
        /// The limit that ran out: the per-attempt timeout or the overall deadline.
        after: Duration,
        /// How many requests were sent.
        attempts: u32,
    },

    /// The client was shut down ([`Client::shutdown`](crate::Client::shutdown))
    /// before this request was sent (again).
    #[error(
        "not sent: the client was shut down before the request could be sent \
         (after {attempts} earlier attempt(s)); send it again with a new client"
    )]
    Cancelled {
        /// How many requests were sent before the shutdown.
        attempts: u32,
    },

    /// The connection failed while a request or answer was under way.
    #[error(
        "the connection to Wonderchat failed after {attempts} attempt(s): {source} ({}). Retry later",
        root_cause(source)
    )]
    Transport {
        /// The underlying error.
        #[source]
        source: reqwest::Error,
        /// How many requests were sent.
        attempts: u32,
    },
}

impl Error {
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

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::BadRequest { .. } => Some(400),
            Error::MessageNotFound { .. } => Some(404),
            Error::RateLimited { .. } => Some(429),
            Error::Api { .. } => Some(200),
            Error::Unauthorized { status, .. }
            | Error::Server { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the server asked to wait before the next request.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short stable name of the variant (`rate_limited`, `timeout`, …),
    /// for logs, metrics and the CLI's results file.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::Config { .. } => "config",
            Error::BadRequest { .. } => "bad_request",
            Error::Unauthorized { .. } => "unauthorized",
            Error::MessageNotFound { .. } => "message_not_found",
            Error::RateLimited { .. } => "rate_limited",
            Error::Server { .. } => "server",
            Error::UnexpectedStatus { .. } => "unexpected_status",
            Error::Api { .. } => "api",
            Error::Decode { .. } => "decode",
            Error::Redirect { .. } => "redirect",
            Error::Connect { .. } => "connect",
            Error::Timeout { .. } => "timeout",
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

/// The innermost cause of an error chain ("Connection refused (os error 111)").
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    cause.to_string()
}

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

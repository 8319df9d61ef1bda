//! [`ResponseSlot`]: where the generated client's post hook records the HTTP
//! status and `Retry-After` header of a call, so callers keep them even when
//! progenitor's error does not (its `InvalidResponsePayload` carries neither).

use std::sync::Mutex;

use reqwest::StatusCode;
use reqwest::header::{HeaderValue, RETRY_AFTER};

/// What the slot records of a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `Retry-After` header, if the response had one.
    pub retry_after: Option<HeaderValue>,
}

/// Holds the [`ResponseMeta`] of the last response seen by a generated
/// [`Client`](crate::Client); `None` before any response.
///
/// It is the generated client's "inner" value. Build one `Client` per call
/// (`Client::new_with_client` is cheap: it clones a connection-pool handle)
/// to read what that call alone received.
#[derive(Debug, Default)]
pub struct ResponseSlot(Mutex<Option<ResponseMeta>>);

impl ResponseSlot {
    /// What the last response carried, if one arrived.
    pub fn get(&self) -> Option<ResponseMeta> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Clone for ResponseSlot {
    fn clone(&self) -> Self {
        Self(Mutex::new(self.get()))
    }
}

/// The generated client's post hook: records the status and `Retry-After`.
pub(crate) fn record_response(
    slot: &ResponseSlot,
    result: &Result<reqwest::Response, reqwest::Error>,
) {
    if let Ok(response) = result {
        let meta = ResponseMeta {
            status: response.status(),
            retry_after: response.headers().get(RETRY_AFTER).cloned(),
        };
        *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(meta);
    }
}

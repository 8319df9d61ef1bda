//! [`CallContext`]: the generated client's "inner" value. It carries what
//! one call allows (how large an answer may be, which secrets to remove
//! from it) into the request hook, and brings back what the answer carried
//! (status, `Retry-After`, `Location`) even where progenitor's error does not
//! keep them (its `InvalidResponsePayload` has no status).
//!
//! The hook (`ClientHooks::exec`, implemented here for the generated
//! `Client`) sends the request, then reads a JSON answer's body up to the
//! limit and removes the secrets from it before progenitor decodes it: no
//! server text reaches a decoded value or a decode error unscrubbed. An
//! answer over the limit is not read further (its connection is dropped) and
//! reaches progenitor as an empty body, with [`ResponseMeta::too_large`] set.

use std::cell::RefCell;
use std::future::Future;
use std::sync::{Arc, Mutex};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER};

use crate::{Client, Redactor};

/// What the hook records of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<HeaderValue>,
    /// The `Location` header, if any (scrubbed of secrets).
    pub location: Option<String>,
    /// Whether the body was larger than the call allows (it was not read).
    pub too_large: bool,
}

/// One call's limits and secrets, and what its answer carried. Clones
/// share what is recorded.
///
/// A generated [`Client`] holds one as its inner value, the default for
/// every request it sends. [`CallContext::run`] puts another in force for
/// one request instead, so that one client (one base URL, one connection
/// pool) serves calls with different limits and secrets, concurrently,
/// without building a client per call.
#[derive(Debug, Clone)]
pub struct CallContext {
    max_body_bytes: usize,
    stream: bool,
    ignore_body: bool,
    redactor: Arc<Redactor>,
    /// Shared by clones, so the caller's copy sees what the hook recorded.
    meta: Arc<Mutex<Option<ResponseMeta>>>,
}

tokio::task_local! {
    /// The request [`CallContext::run`] is running.
    static RUNNING: Running;
}

/// A context in force for one request, and what its answer carried.
struct Running {
    context: CallContext,
    meta: RefCell<Option<ResponseMeta>>,
}

impl Default for CallContext {
    /// No secrets, a 1 MiB body limit.
    fn default() -> Self {
        Self::new(1 << 20, Arc::default())
    }
}

impl CallContext {
    /// A context that reads bodies up to `max_body_bytes` and removes what
    /// `redactor` knows from them.
    pub fn new(max_body_bytes: usize, redactor: Arc<Redactor>) -> Self {
        Self {
            max_body_bytes,
            stream: false,
            ignore_body: false,
            redactor,
            meta: Arc::default(),
        }
    }

    /// For answers read as a stream (server-sent events, a large export):
    /// the hook leaves the body to the caller, who bounds and scrubs what it
    /// reads itself.
    pub fn streaming(mut self) -> Self {
        self.stream = true;
        self
    }

    /// For answers whose body is undocumented: a successful answer's body is
    /// read (up to the limit) and replaced by `{}`, so any body, or none,
    /// decodes.
    pub fn ignoring_body(mut self) -> Self {
        self.ignore_body = true;
        self
    }

    /// What the answer carried, once one arrived.
    pub fn meta(&self) -> Option<ResponseMeta> {
        self.lock().clone()
    }

    /// Runs `request` (a request sent through a generated [`Client`], any
    /// client) with this context in force instead of the client's own, and
    /// returns its output with what its answer carried.
    ///
    /// Nothing is recorded in this context: each run starts with no
    /// [`ResponseMeta`], so one context serves any number of requests, one
    /// after another or at once.
    pub async fn run<F: Future>(&self, request: F) -> (F::Output, Option<ResponseMeta>) {
        let running = Running {
            context: self.clone(),
            meta: RefCell::new(None),
        };
        RUNNING
            .scope(running, async {
                let output = request.await;
                let meta = RUNNING.with(|running| running.meta.take());
                (output, meta)
            })
            .await
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<ResponseMeta>> {
        self.meta.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records what an answer carried: in the running request's slot under
    /// [`run`](Self::run), else in this context.
    fn record(&self, meta: ResponseMeta) {
        let mut meta = Some(meta);
        let _outside_run = RUNNING.try_with(|running| *running.meta.borrow_mut() = meta.take());
        if let Some(meta) = meta {
            *self.lock() = Some(meta);
        }
    }
}

impl ClientHooks<CallContext> for Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let running = RUNNING.try_with(|running| running.context.clone()).ok();
        let context = running.as_ref().unwrap_or(self.inner());
        let mut response = self.client().execute(request).await?;
        let status = response.status();
        let headers = response.headers();
        let mut meta = ResponseMeta {
            status,
            retry_after: headers.get(RETRY_AFTER).cloned(),
            location: headers.get(LOCATION).map(|v| {
                context
                    .redactor
                    .text(&String::from_utf8_lossy(v.as_bytes()))
                    .into_owned()
            }),
            too_large: false,
        };
        if context.stream && status.is_success() {
            context.record(meta);
            return Ok(response);
        }
        // Moved to the rebuilt answer (a streamed one keeps its own); the
        // body is read without them.
        let headers = std::mem::take(response.headers_mut());
        let limit = context.max_body_bytes;
        let declared = response.content_length().unwrap_or(0);
        let mut body = Vec::new();
        if declared > limit as u64 {
            meta.too_large = true;
        } else {
            while let Some(chunk) = response.chunk().await? {
                if body.len() + chunk.len() > limit {
                    meta.too_large = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
        }
        // Dropping the response here (unread, when too large) closes its
        // connection instead of returning it to the pool.
        drop(response);
        if meta.too_large {
            body.clear();
        } else if context.ignore_body && status.is_success() {
            body = b"{}".to_vec();
        }
        let body = match context.redactor.bytes(&body) {
            std::borrow::Cow::Borrowed(_) => body,
            std::borrow::Cow::Owned(scrubbed) => scrubbed,
        };
        context.record(meta);
        Ok(rebuild(status, headers, body))
    }
}

/// A response with the same status and headers and the given body.
fn rebuild(status: StatusCode, mut headers: HeaderMap, body: Vec<u8>) -> reqwest::Response {
    headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut response = http::Response::new(reqwest::Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    reqwest::Response::from(response)
}

//! The one call path every operation goes through: input already checked by
//! the operation, then attempts (each bounded by the attempt timeout or what
//! is left of the operation timeout), retries by the operation's retry class
//! with backoff or `Retry-After`, the body limit, and a tracing span per
//! attempt. What an answer means (status → [`Error`], secrets scrubbed from
//! all server text) is `classify.rs`.
//!
//! An operation (see `ops/`) only builds the generated request, calls
//! [`Client::call`] with a closure that sends it through a generated client,
//! and turns the generated answer into its public result type.

use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::time::Instant;

use backon::Retryable;
use tracing::Instrument;
use wonderchat_api::operations::Operation;
use wonderchat_api::{
    CallContext, Error as ApiError, Redactor, ResponseMeta, ResponseValue, types,
};

use crate::retry::full_jitter;
use crate::{Client, Error, RetryPolicy};

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
    /// The ids the request names: what a 404 is about.
    pub(crate) ids: Vec<crate::ResourceId>,
    /// The caller's own cap on requests in flight, beside the client's.
    pub(crate) in_flight: Option<Arc<tokio::sync::Semaphore>>,
}

impl CallOptions {
    /// The options of a call whose request names `ids` (what a 404 means).
    pub(crate) fn naming(ids: impl IntoIterator<Item = crate::ResourceId>) -> Self {
        Self {
            ids: ids.into_iter().collect(),
            ..Self::default()
        }
    }

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
    /// The operation (its retry class, what its errors are about).
    op: Operation,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    retry: &'a RetryPolicy,
    redactor: &'a Arc<Redactor>,
    /// Put in force around each request: how its answer is read and scrubbed.
    context: Cow<'a, CallContext>,
    /// The ids the request names: what a 404 is about.
    ids: &'a [crate::ResourceId],
    /// The caller's own cap on requests in flight.
    in_flight: Option<&'a Arc<tokio::sync::Semaphore>>,
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
            op,
            attempt_timeout: options.attempt_timeout.unwrap_or(config.timeout),
            operation_timeout: options.operation_timeout.unwrap_or(config.deadline),
            retry: options.retry.as_ref().unwrap_or(&config.retry),
            redactor: options.redactor.as_ref().unwrap_or(&config.redactor),
            context,
            ids: &options.ids,
            in_flight: options.in_flight.as_ref(),
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
                    Some(asked) if asked > settings.retry.max_retry_after() => return None,
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

    /// One attempt: a turn and a rate slot when so configured, then one
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
        // The call's own cap, then the client's: held while the request is
        // sent and answered, never while it waits for a retry. The narrower
        // first, so that a call waiting for its own turn holds none of the
        // client's (which other calls, a caller's tags say, may need for
        // the work that frees the call's turns).
        let left = || deadline.saturating_sub(call_started.elapsed());
        let _own = permit(settings.in_flight, left(), deadline, n).await?;
        let _permit = permit(config.in_flight.as_ref(), left(), deadline, n).await?;
        // The rate slot last, just before sending: a request that waited
        // for its turn while no rate was set yet is paced by the rate set
        // meanwhile (it once went out unpaced, with hundreds of others).
        if let Some(rate) = &config.rate
            && !rate.until_slot(call_started.checked_add(deadline)).await
        {
            return Err(out_of_time());
        }
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
            rate.record(matches!(outcome, Err(Error::RateLimited { .. })), started);
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
            Err(err) => Err(self
                .api_error(err, meta, settings.redactor, settings.op, settings.ids)
                .await),
        }
    }
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

/// A permit of `permits` (when there is a cap), waited for at most `left`
/// of the operation timeout `deadline`.
async fn permit(
    permits: Option<&Arc<tokio::sync::Semaphore>>,
    left: Duration,
    deadline: Duration,
    attempt: u32,
) -> Result<Option<tokio::sync::OwnedSemaphorePermit>, Error> {
    let Some(permits) = permits else {
        return Ok(None);
    };
    match tokio::time::timeout(left, Arc::clone(permits).acquire_owned()).await {
        Ok(Ok(permit)) => Ok(Some(permit)),
        // Closed by `shutdown` (or by the caller).
        Ok(Err(_)) => Err(Error::Cancelled {
            attempts: attempt - 1,
        }),
        Err(_) => Err(Error::Timeout {
            after: deadline,
            attempts: attempt,
        }),
    }
}

//! [`Client`] and the request builder [`UpdateMessageFeedback`]: one call,
//! with per-attempt timeouts, retries and an overall deadline.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Instant;

use backon::Retryable;
use tracing::Instrument;
use wonderchat_api::{ApiKey, ResponseSlot, types};

use crate::config::{API_KEY_ENV, BASE_URL_ENV, Config};
use crate::response::{self, FeedbackUpdate};
use crate::retry::full_jitter;
use crate::{ClientBuilder, Error, Feedback};

/// A Wonderchat API client.
///
/// Cheap to clone: clones share one configuration and one connection pool.
/// `Send + Sync`, so one client can serve a whole application.
#[derive(Clone)]
pub struct Client {
    config: Arc<Config>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish()
    }
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment: the key from
    /// `WONDERCHAT_API_KEY` (required) and the base URL from
    /// `WONDERCHAT_BASE_URL` (optional), other settings at their defaults.
    pub fn from_env() -> Result<Client, Error> {
        let key = std::env::var(API_KEY_ENV).map_err(|_| Error::InvalidInput {
            field: "apiKey",
            reason: format!(
                "{API_KEY_ENV} is not set (or not UTF-8): export {API_KEY_ENV}=<your key>, \
                 or build the client with Client::builder().api_key(..)"
            ),
        })?;
        let mut builder = Client::builder().api_key(key);
        if let Ok(url) = std::env::var(BASE_URL_ENV) {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    pub(crate) fn from_config(config: Config) -> Self {
        Self {
            config: Arc::new(config),
        }
    }

    /// Stops this client and its clones from starting requests: calls
    /// waiting for a turn ([`ClientBuilder::max_in_flight`]), a backoff or a
    /// rate slot end with [`Error::Cancelled`]; requests already on the wire
    /// finish. For a graceful shutdown (the CLI's import uses it on Ctrl-C).
    pub fn shutdown(&self) {
        self.config.shut_down.store(true, Ordering::SeqCst);
        if let Some(permits) = &self.config.in_flight {
            permits.close();
        }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.config.base_url
    }

    /// Prepares the update of one message's feedback; add a comment with
    /// [`UpdateMessageFeedback::comment`], then `.send().await` (or just
    /// `.await`).
    pub fn update_message_feedback(
        &self,
        message_id: impl Into<String>,
        feedback: Feedback,
    ) -> UpdateMessageFeedback<'_> {
        UpdateMessageFeedback {
            client: self,
            message_id: message_id.into(),
            feedback,
            comment: None,
        }
    }
}

/// One feedback update, ready to send; made by [`Client::update_message_feedback`].
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send().await"]
pub struct UpdateMessageFeedback<'a> {
    client: &'a Client,
    message_id: String,
    feedback: Feedback,
    comment: Option<String>,
}

impl UpdateMessageFeedback<'_> {
    /// The user's comment on the feedback.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Sends the update, retrying as the client's [`RetryPolicy`](crate::RetryPolicy)
    /// allows, within its deadline.
    pub async fn send(self) -> Result<FeedbackUpdate, Error> {
        let config = &self.client.config;
        let body = self.request_body(&config.api_key)?;
        let attempts = AtomicU32::new(0);
        let started = Instant::now();
        let deadline = config.deadline;

        let attempt = || async {
            let n = attempts.fetch_add(1, Ordering::Relaxed) + 1;
            self.attempt(n, body.clone(), started)
                .instrument(tracing::debug_span!(
                    "wonderchat.attempt",
                    message_id = %self.message_id,
                    attempt = n
                ))
                .await
        };
        let retried = attempt
            .retry(config.retry.backoff())
            .sleep(tokio::time::sleep)
            .when(Error::is_retryable)
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
                (started.elapsed() + wait < deadline).then_some(wait)
            })
            .notify(|err, wait| {
                tracing::info!(
                    message_id = %self.message_id,
                    error = err.kind(),
                    status = err.status(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying feedback update"
                );
            });
        // No timer of its own for the deadline: each attempt is bounded by
        // what is left of it, and no wait starts that would end past it.
        let outcome = retried.await;
        let n = attempts.load(Ordering::Relaxed);
        outcome
            .map(|mut update| {
                update.attempts = n;
                update
            })
            .map_err(|err| err.with_attempts(n))
    }

    /// The wire request, after checking what the API would reject anyway.
    fn request_body(&self, key: &ApiKey) -> Result<types::UpdateMessageFeedbackRequest, Error> {
        if self.message_id.trim().is_empty() {
            return Err(Error::InvalidInput {
                field: "messageId",
                reason: "the message id is empty or blank: pass the id of the chatbot message \
                         the feedback is about"
                    .to_owned(),
            });
        }
        let message_id = self
            .message_id
            .parse::<types::UpdateMessageFeedbackRequestMessageId>()
            .map_err(|e| Error::InvalidInput {
                field: "messageId",
                reason: e.to_string(),
            })?;
        Ok(types::UpdateMessageFeedbackRequest {
            api_key: key.clone(),
            feedback: self.feedback.into(),
            message_id,
            user_comment: self.comment.clone(),
        })
    }

    /// One request through the generated client, bounded by the per-attempt
    /// timeout or by what is left of the deadline, whichever is shorter.
    async fn attempt(
        &self,
        n: u32,
        body: types::UpdateMessageFeedbackRequest,
        call_started: Instant,
    ) -> Result<FeedbackUpdate, Error> {
        let config = &self.client.config;
        if let Some(rate) = &config.rate {
            let wait = rate.reserve();
            if call_started.elapsed() + wait >= config.deadline {
                return Err(Error::Timeout {
                    after: config.deadline,
                    attempts: n,
                });
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
                    Err(_) => {
                        return Err(Error::Timeout {
                            after: config.deadline,
                            attempts: n,
                        });
                    }
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
        // A generated client per attempt: its slot records this answer's status.
        let api = wonderchat_api::Client::new_with_client(
            &config.base_url,
            config.http.clone(),
            ResponseSlot::default(),
        );
        let exchange = async {
            let result = api.update_message_feedback().body(body).send().await;
            let meta = wonderchat_api::ClientInfo::inner(&api).get();
            response::interpret(result, meta, &config.api_key, config.timeout).await
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
            Ok(_) => tracing::debug!(attempt = n, status = 200, latency_ms, "feedback updated"),
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
}

impl<'a> IntoFuture for UpdateMessageFeedback<'a> {
    type Output = Result<FeedbackUpdate, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_shareable<T: Clone + Send + Sync + 'static>() {}
    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn the_client_can_be_shared_and_its_calls_spawned() {
        assert_shareable::<Client>();
        let client = Client::builder().api_key("k").build().unwrap();
        let call = client
            .update_message_feedback("m", Feedback::Helpful)
            .send();
        assert_send(&call);
        assert_send(
            &client
                .update_message_feedback("m", Feedback::Helpful)
                .into_future(),
        );
    }

    #[test]
    fn clones_share_one_configuration() {
        let client = Client::builder().api_key("k").build().unwrap();
        let clone = client.clone();
        assert!(Arc::ptr_eq(&client.config, &clone.config));
    }
}

//! [`Client`]: the configured handle every operation hangs off. The call
//! path itself is in `engine.rs`; the operations are in `ops/`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::config::{API_KEY_ENV, BASE_URL_ENV, Config};
use crate::{ClientBuilder, Error};

/// A Wonderchat API client.
///
/// Cheap to clone: clones share one configuration and one connection pool.
/// `Send + Sync`, so one client can serve a whole application.
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// use wonderchat::{Client, RetryPolicy};
///
/// # fn main() -> Result<(), wonderchat::Error> {
/// // From WONDERCHAT_API_KEY (and WONDERCHAT_BASE_URL, if set):
/// let client = Client::from_env()?;
/// // Or spelled out:
/// let client = Client::builder()
///     .api_key("YOUR_API_KEY")
///     .attempt_timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::default().with_max_attempts(4))
///     .build()?;
/// # Ok(())
/// # }
/// ```
///
/// # Call shapes
///
/// Every operation's builder is sent the same three ways: `.send().await`,
/// `.await`, and either after per-call overrides; every result says how
/// many requests it took. (This example is the compile test of that.)
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), wonderchat::Error> {
/// # let mock = wonderchat_mock::MockServer::start().await;
/// # let client = wonderchat::Client::builder().base_url(mock.base_url()).api_key(mock.api_key()).build()?;
/// use std::time::Duration;
/// use wonderchat::Feedback;
/// let t = Duration::from_secs(5);
/// let pages = ["https://example.com/a"];
/// let (bot, log) = ("demo-chatbot", "demo-chatlog");
///
/// let a = client.chat(bot, "Hi").send().await?.attempts;
/// let b = client.chat(bot, "Hi").await?.attempts;
/// let c = client.chat(bot, "Hi").attempt_timeout(t).await?.attempts;
/// let d = client.update_message_feedback("msg_123", Feedback::Helpful).send().await?.attempts;
/// let e = client.update_message_feedback("msg_123", Feedback::Helpful).await?.attempts;
/// let f = client.update_message_feedback("msg_123", Feedback::Helpful).attempt_timeout(t).await?.attempts;
/// let g = client.messages(log).send().await?.attempts;
/// let h = client.messages(log).await?.attempts;
/// let i = client.messages(log).attempt_timeout(t).await?.attempts;
/// let j = client.export_chatlogs().stream().await?.attempts();
/// let k = client.export_chatlogs().await?.attempts();
/// let l = client.export_chatlogs().attempt_timeout(t).await?.attempts();
/// let m = client.add_pages(bot, pages).send().await?.attempts;
/// let n = client.delete_pages(bot, pages).await?.attempts;
/// let o = client.add_pages(bot, pages).attempt_timeout(t).await?.attempts;
/// let p = client.add_tags(log, ["t"]).send().await?.attempts;
/// let q = client.delete_tags(log, ["t"]).await?.attempts;
/// let r = client.add_tags(log, ["t"]).attempt_timeout(t).await?.attempts;
/// let s = client.chat(bot, "Hi").stream().await?.attempts();
/// assert!([a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s].iter().all(|&n| n == 1));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) config: Arc<Config>,
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
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `WONDERCHAT_API_KEY` is unset or blank,
    /// and whatever [`ClientBuilder::build`] refuses.
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

    /// The key, or the error of an operation that needs one.
    pub(crate) fn api_key(&self) -> Result<&wonderchat_api::ApiKey, Error> {
        self.config
            .api_key
            .as_ref()
            .ok_or_else(|| Error::InvalidInput {
                field: "apiKey",
                reason: format!(
                    "this operation needs an API key: build the client with \
                 Client::builder().api_key(..), or set {API_KEY_ENV} and use Client::from_env()"
                ),
            })
    }

    /// The base URL requests go to, without a trailing slash
    /// ([`ClientBuilder::base_url`]).
    pub fn base_url(&self) -> &str {
        &self.config.base_url
    }

    /// The time one attempt may take ([`ClientBuilder::attempt_timeout`]).
    pub fn attempt_timeout(&self) -> std::time::Duration {
        self.config.timeout
    }

    /// The time a whole call may take ([`ClientBuilder::operation_timeout`]).
    pub fn operation_timeout(&self) -> std::time::Duration {
        self.config.deadline
    }

    /// The time a connection may take to open ([`ClientBuilder::connect_timeout`]).
    pub fn connect_timeout(&self) -> std::time::Duration {
        self.config.connect_timeout
    }

    /// The `User-Agent` sent ([`ClientBuilder::user_agent`]).
    pub fn user_agent(&self) -> &str {
        &self.config.user_agent
    }

    /// The most requests on the wire at once, if limited
    /// ([`ClientBuilder::max_in_flight`]).
    pub fn max_in_flight(&self) -> Option<usize> {
        self.config.max_in_flight
    }

    /// Whether plain `http://` to hosts other than loopback is allowed
    /// ([`ClientBuilder::allow_insecure_http`]).
    pub fn allow_insecure_http(&self) -> bool {
        self.config.allow_insecure_http
    }

    /// The longest wait for the next bytes of a streamed answer
    /// ([`ClientBuilder::stream_idle_timeout`]).
    pub fn stream_idle_timeout(&self) -> std::time::Duration {
        self.config.stream_idle_timeout
    }

    /// The retry policy ([`ClientBuilder::retry`]).
    pub fn retry(&self) -> &crate::RetryPolicy {
        &self.config.retry
    }

    /// The largest answer body read ([`ClientBuilder::max_response_bytes`]).
    pub fn max_response_bytes(&self) -> usize {
        self.config.max_response_bytes
    }

    /// Whether a key was given ([`ClientBuilder::api_key`]); the key itself
    /// is never handed out.
    pub fn has_api_key(&self) -> bool {
        self.config.api_key.is_some()
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Feedback;
    use std::future::IntoFuture;

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
    fn every_builder_setting_reads_back_from_the_client() {
        use std::time::Duration;
        let client = Client::builder()
            .api_key("k")
            .base_url("http://10.0.0.1:9/")
            .attempt_timeout(Duration::from_secs(1))
            .operation_timeout(Duration::from_secs(2))
            .connect_timeout(Duration::from_secs(3))
            .stream_idle_timeout(Duration::from_secs(4))
            .user_agent("agent/1")
            .retry(crate::RetryPolicy::disabled())
            .max_in_flight(5)
            .max_response_bytes(6)
            .allow_insecure_http(true)
            .build()
            .unwrap();
        assert!(client.has_api_key());
        assert_eq!(client.base_url(), "http://10.0.0.1:9");
        assert_eq!(client.attempt_timeout(), Duration::from_secs(1));
        assert_eq!(client.operation_timeout(), Duration::from_secs(2));
        assert_eq!(client.connect_timeout(), Duration::from_secs(3));
        assert_eq!(client.stream_idle_timeout(), Duration::from_secs(4));
        assert_eq!(client.user_agent(), "agent/1");
        assert_eq!(client.retry(), &crate::RetryPolicy::disabled());
        assert_eq!(client.max_in_flight(), Some(5));
        assert_eq!(client.max_response_bytes(), 6);
        assert!(client.allow_insecure_http());
    }

    #[test]
    fn every_calls_future_is_static_and_can_be_spawned() {
        fn spawnable<F: std::future::Future + Send + 'static>(_: &F) {}
        let client = Client::builder().api_key("k").build().unwrap();
        spawnable(&client.chat("b", "q").send());
        spawnable(&client.chat("b", "q").into_future());
        spawnable(&client.chat("b", "q").stream());
        spawnable(
            &client
                .update_message_feedback("m", Feedback::Helpful)
                .into_future(),
        );
        spawnable(&client.messages("c").into_future());
        spawnable(&client.add_pages("b", ["https://x.example/"]).into_future());
        spawnable(
            &client
                .delete_pages("b", ["https://x.example/"])
                .into_future(),
        );
        spawnable(&client.add_tags("c", ["t"]).into_future());
        spawnable(&client.export_chatlogs().into_future());
        // The builder may outlive the client handle it came from.
        let call = Client::builder().build().unwrap().chat("b", "q");
        spawnable(&call.send());
    }

    #[test]
    fn clones_share_one_configuration() {
        let client = Client::builder().api_key("k").build().unwrap();
        let clone = client.clone();
        assert!(Arc::ptr_eq(&client.config, &clone.config));
    }
}

//! The top layer's entry: [`MockServer`] and [`MockBuilder`]: binding,
//! building the shared state, starting the connection loop
//! (`connections.rs`) with the routes (`routes.rs`), and the inspection API.

use std::collections::VecDeque;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use wonderchat_api::ApiKey;

use crate::connections::ConnectionLimits;
use crate::faults::{Fault, FaultConfig, FaultCounts, Injector};
use crate::routes::router;
use crate::shared::{DEMO_API_KEY, ReceivedRequest, Shared};
use crate::state::{Store, StoredFeedback};
use crate::world::{Setup, World};

/// Options of a [`MockServer`]; start with [`MockServer::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct MockBuilder {
    addr: SocketAddr,
    api_keys: Vec<String>,
    strict_messages: bool,
    messages: Vec<String>,
    faults: FaultConfig,
    seed: u64,
    max_body_bytes: usize,
    max_connections: usize,
    request_timeout: Duration,
    request_log_limit: usize,
    chatbots: Vec<String>,
    stream_delay: Duration,
    rate_limit: Option<u32>,
    seed_chatlogs: usize,
    seed_days: u32,
    max_chatlogs: usize,
    max_messages: usize,
    webhook: Option<(String, String)>,
}

impl Default for MockBuilder {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            api_keys: Vec::new(),
            strict_messages: false,
            messages: Vec::new(),
            faults: FaultConfig::default(),
            seed: 0,
            max_body_bytes: 64 * 1024,
            max_connections: 1024,
            request_timeout: Duration::from_secs(10),
            request_log_limit: 1_000_000,
            chatbots: Vec::new(),
            stream_delay: Duration::ZERO,
            rate_limit: None,
            seed_chatlogs: 0,
            seed_days: 30,
            max_chatlogs: 100_000,
            max_messages: 1_000_000,
            webhook: None,
        }
    }
}

impl MockBuilder {
    /// Where to listen; `127.0.0.1` on an ephemeral port by default.
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Accepts this API key (call again for more). Without any, the mock
    /// accepts [`DEMO_API_KEY`].
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_keys.push(key.into());
        self
    }

    /// Strict mode: only added or listed messages exist, others get 404.
    /// Off by default: any non-empty message id is a known message.
    pub fn strict_messages(mut self, strict: bool) -> Self {
        self.strict_messages = strict;
        self
    }

    /// Messages that exist from the start (meaningful in strict mode).
    pub fn messages(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.messages.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Random faults to inject.
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
        self
    }

    /// The seed of the fault draws and feedback ids (0 by default), so a
    /// run can be repeated.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The largest request body accepted (64 KiB); larger ones get 413.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Connections served at once (1024); more wait to be accepted.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    /// How long a client may take to send its headers, and then its body (10 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How many requests [`MockServer::requests_received`] remembers (the
    /// latest 1,000,000 by default; 0 keeps none, counting still works).
    pub fn request_log_limit(mut self, limit: usize) -> Self {
        self.request_log_limit = limit;
        self
    }

    /// More chatbots besides [`DEMO_CHATBOT_ID`](crate::DEMO_CHATBOT_ID),
    /// with the demo chatbot's pages.
    pub fn chatbots(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.chatbots.extend(ids.into_iter().map(Into::into));
        self
    }

    /// The pause between the events of a streamed chat answer (none by default).
    pub fn stream_delay(mut self, delay: Duration) -> Self {
        self.stream_delay = delay;
        self
    }

    /// At most this many requests per second (all keys together, bursts up
    /// to a tenth of a second's worth); more get 429 with `Retry-After`.
    pub fn rate_limit(mut self, per_second: u32) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Starts with this many realistic chatlogs of the demo chatbot (the
    /// same for the same [`seed`](Self::seed)), spread over the last 30 days:
    /// for testing exports.
    pub fn seed_chatlogs(mut self, count: usize) -> Self {
        self.seed_chatlogs = count;
        self
    }

    /// Spreads the seeded chatlogs over this many days before now (30 by
    /// default; at least 1).
    pub fn seed_days(mut self, days: u32) -> Self {
        self.seed_days = days.max(1);
        self
    }

    /// Keeps at most this many chatlogs (100,000 by default, about 1.2 KB each); the oldest are dropped
    /// (counted in `/mock/state` as `evictedChatlogs`).
    pub fn max_chatlogs(mut self, count: usize) -> Self {
        self.max_chatlogs = count.max(1);
        self
    }

    /// Keeps at most this many messages (1,000,000 by default: every answer's id
    /// with its feedback); the oldest are dropped (counted in `/mock/state` as `evictedMessages`).
    pub fn max_messages(mut self, count: usize) -> Self {
        self.max_messages = count.max(1);
        self
    }

    /// Sends a signed `LIVE_CHAT_INITIATED` webhook to `url` when a chat
    /// question asks for a human (mentions "human" or "agent").
    pub fn webhook(mut self, url: impl Into<String>, secret: impl Into<String>) -> Self {
        self.webhook = Some((url.into(), secret.into()));
        self
    }

    /// Binds and starts serving in the background.
    ///
    /// # Errors
    /// The address cannot be bound (in use, or not an address of this machine).
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let keys = if self.api_keys.is_empty() {
            vec![DEMO_API_KEY.to_owned()]
        } else {
            self.api_keys
        };
        let rate = self
            .rate_limit
            .and_then(std::num::NonZeroU32::new)
            .map(|n| governor::RateLimiter::direct(rate_quota(n)));
        let shared = Arc::new(Shared {
            store: Store::new(self.strict_messages, self.seed, self.max_messages),
            world: World::new(Setup {
                seed: self.seed,
                extra_chatbots: self.chatbots.clone(),
                seed_chatlogs: self.seed_chatlogs,
                seed_days: self.seed_days,
                max_chatlogs: self.max_chatlogs,
            }),
            stream_delay: self.stream_delay,
            webhook: self
                .webhook
                .clone()
                .map(|(url, secret)| crate::webhooks::Target::new(url, secret)),
            rate,
            api_keys: keys.into_iter().map(ApiKey::new).collect(),
            faults: Injector::new(self.faults, self.seed),
            max_body_bytes: self.max_body_bytes,
            request_timeout: self.request_timeout,
            log: Mutex::new(VecDeque::new()),
            log_limit: self.request_log_limit,
            total: AtomicU64::new(0),
        });
        shared.seed_messages();
        for id in &self.messages {
            shared.store.add_message(id);
        }
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(crate::connections::serve_bounded(
            listener,
            router(Arc::clone(&shared)),
            shutdown.clone().cancelled_owned(),
            ConnectionLimits::new(self.max_connections, self.request_timeout),
        ));
        Ok(MockServer {
            addr,
            shared,
            shutdown,
            task: Some(task),
        })
    }
}

/// A running mock Wonderchat server. Stops when dropped or on [`shutdown`](Self::shutdown).
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a mock with default options on `127.0.0.1` and an ephemeral port.
    ///
    /// # Panics
    /// If no loopback port can be bound; use [`MockBuilder::start`] to handle that.
    pub async fn start() -> MockServer {
        MockServer::builder()
            .start()
            .await
            .expect("cannot bind the mock server to a loopback port")
    }

    /// Options for a mock.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// An API key the mock accepts (the first configured, or [`DEMO_API_KEY`]).
    pub fn api_key(&self) -> &str {
        self.shared.api_keys[0].expose_secret()
    }

    /// Makes a message exist (for strict mode).
    pub fn add_message(&self, id: &str) {
        self.shared.store.add_message(id);
    }

    /// The feedback stored on a message, if any.
    pub fn feedback(&self, id: &str) -> Option<StoredFeedback> {
        self.shared.store.feedback(id)
    }

    /// Every message with feedback, in no particular order.
    pub fn all_feedback(&self) -> Vec<(String, StoredFeedback)> {
        self.shared.store.all_feedback()
    }

    /// The requests to the feedback operation so far, oldest first (up to
    /// the log limit).
    pub fn requests_received(&self) -> Vec<ReceivedRequest> {
        let log = crate::locks::lock(&self.shared.log);
        log.iter().cloned().collect()
    }

    /// How many requests the feedback operation received in all.
    pub fn request_count(&self) -> u64 {
        self.shared.total.load(Ordering::Relaxed)
    }

    /// Queues faults for the next requests, before any random ones:
    /// `push_faults([Fault::Unavailable; 2])` makes the next two answer 503.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = Fault>) {
        self.shared.faults.push(faults);
    }

    /// Drops the scripted faults not used yet.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Scripts the next `n` requests to meet `fault`: `fail_next(2, Fault::Unavailable)`.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.push_faults(std::iter::repeat_n(fault, n));
    }

    /// Everything the mock holds: chatbots and their pages, chatlogs with
    /// their tags and answer ids, and feedback (as `GET /mock/state`).
    pub fn state(&self) -> serde_json::Value {
        self.shared.state(crate::world::Page::ALL)
    }

    /// How many faults were injected, by kind.
    pub fn fault_counts(&self) -> FaultCounts {
        self.shared.faults.counts()
    }

    /// Stops accepting, lets open requests finish (up to 5 s), and waits.
    pub async fn shutdown(mut self) {
        self.shutdown.cancel();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Resolves when the server has stopped (after [`shutdown`](Self::shutdown)
    /// or a signal in the standalone binary).
    #[cfg(feature = "cli")]
    pub(crate) fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// The `--rate-limit` quota: `per_second`, with a burst of a tenth of a
/// second's worth, so the rate holds over any window longer than that.
fn rate_quota(per_second: std::num::NonZeroU32) -> governor::Quota {
    let burst =
        std::num::NonZeroU32::new(per_second.get() / 10).unwrap_or(std::num::NonZeroU32::MIN);
    governor::Quota::per_second(per_second).allow_burst(burst)
}

#[cfg(test)]
mod rate_tests {
    use super::*;

    /// Counted on a clock of its own, not the wall clock: 400 requests
    /// evenly spaced over 2 s at twice the limit of 100/s.
    #[test]
    fn the_rate_limit_holds_within_ten_percent() {
        let clock = governor::clock::FakeRelativeClock::default();
        let limiter = governor::RateLimiter::direct_with_clock(
            rate_quota(std::num::NonZeroU32::new(100).unwrap()),
            clock.clone(),
        );
        let mut accepted = 0;
        for _ in 0..400 {
            accepted += usize::from(limiter.check().is_ok());
            clock.advance(std::time::Duration::from_millis(5));
        }
        assert!(
            (180..=220).contains(&accepted),
            "{accepted} accepted in 2 s at 100/s"
        );
        // And a burst at once gets a tenth of a second's worth, no more.
        let burst = governor::RateLimiter::direct_with_clock(
            rate_quota(std::num::NonZeroU32::new(100).unwrap()),
            governor::clock::FakeRelativeClock::default(),
        );
        assert_eq!((0..50).filter(|_| burst.check().is_ok()).count(), 10);
    }
}

//! The bottom layer: the state one server's routes share ([`Shared`]: the
//! feedback store, the world, faults, the rate limiter, the request log)
//! built from the other bottom modules. It imports nothing above it.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use wonderchat_api::ApiKey;

use crate::faults::Injector;
use crate::locks::lock;
use crate::state::Store;
use crate::world::{DEMO_MESSAGE_IDS, World};

/// The API key the mock accepts unless told otherwise. Not a secret: it
/// only opens the local mock.
pub const DEMO_API_KEY: &str = "wonderchat-demo-key";

/// One request as the mock saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// When it arrived.
    pub received_at: Instant,
    /// The operationId it was for.
    pub operation: &'static str,
    /// The message id, when the request was valid.
    pub message_id: Option<String>,
    /// The status answered; `None` when the connection was dropped.
    pub status: Option<u16>,
}

/// State shared by the routes of one server.
pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) world: World,
    pub(crate) stream_delay: Duration,
    /// Where and how to deliver webhooks, if configured.
    pub(crate) webhook: Option<crate::webhooks::Target>,
    pub(crate) rate: Option<governor::DefaultDirectRateLimiter>,
    pub(crate) api_keys: Vec<ApiKey>,
    pub(crate) faults: Injector,
    pub(crate) max_body_bytes: usize,
    pub(crate) request_timeout: Duration,
    pub(crate) log: Mutex<VecDeque<ReceivedRequest>>,
    pub(crate) log_limit: usize,
    pub(crate) total: AtomicU64,
}

impl Shared {
    /// When the server-wide rate limit is exceeded: the whole seconds to
    /// wait (at least 1), for `Retry-After`.
    pub(crate) fn rate_limited(&self) -> Option<u64> {
        let limiter = self.rate.as_ref()?;
        let refused = limiter.check().err()?;
        let wait = refused.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Some(secs.max(1))
    }

    /// What the mock holds, as `GET /mock/state` shows it: `page` of the
    /// chatlogs and of the feedback (sorted by message id), and the totals.
    pub(crate) fn state(&self, page: crate::world::Page) -> serde_json::Value {
        let mut state = self.world.snapshot(page);
        let mut all = self.store.all_feedback();
        state["totalFeedback"] = serde_json::Value::from(all.len());
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let feedback: Vec<serde_json::Value> = all
            .into_iter()
            .skip(page.offset)
            .take(page.limit)
            .map(|(id, f)| {
                serde_json::json!({
                    "messageId": id,
                    "feedback": f.feedback.to_string(),
                    "userComment": f.user_comment,
                    "submissions": f.submissions,
                })
            })
            .collect();
        state["feedback"] = serde_json::Value::Array(feedback);
        state["evictedMessages"] = serde_json::Value::from(self.store.evicted());
        state
    }

    /// Back to the seeded world, feedback forgotten.
    pub(crate) fn reset(&self) {
        self.world.reset();
        self.store.clear();
        self.seed_messages();
    }

    /// The answers of the seeded world are messages feedback accepts.
    pub(crate) fn seed_messages(&self) {
        for id in DEMO_MESSAGE_IDS {
            self.store.add_message(id);
        }
    }

    pub(crate) fn record(
        &self,
        received_at: Instant,
        operation: &'static str,
        message_id: Option<String>,
        status: Option<u16>,
    ) {
        self.total.fetch_add(1, Ordering::Relaxed);
        if self.log_limit == 0 {
            return;
        }
        let mut log = lock(&self.log);
        if log.len() == self.log_limit {
            log.pop_front();
        }
        log.push_back(ReceivedRequest {
            received_at,
            operation,
            message_id,
            status,
        });
    }
}

//! The mock's memory: which messages exist and the feedback stored on each.

use chrono::{DateTime, Utc};
use dashmap::DashMap;
use dashmap::mapref::entry::Entry;
use std::sync::Mutex;
use wonderchat_api::types::Feedback;

/// The feedback stored on one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFeedback {
    /// The feedback entry's id: stable for the message across updates.
    pub id: String,
    /// The latest value.
    pub feedback: Feedback,
    /// The comment of the latest submission (`None` when it had none).
    pub user_comment: Option<String>,
    /// When the latest submission arrived (millisecond precision).
    pub submitted_at: DateTime<Utc>,
    /// How many submissions this message received.
    pub submissions: u64,
}

/// The result of one accepted submission.
pub(crate) struct Submitted {
    pub(crate) was_updated: bool,
    pub(crate) stored: StoredFeedback,
}

/// Messages and their feedback. Each message's entry is updated under its
/// shard's lock, so concurrent submissions to one message are serialised
/// while different messages proceed in parallel.
pub(crate) struct Store {
    /// `None` means "known message, no feedback yet" (strict mode seeds these).
    /// foldhash with a per-process seed, like the world's chatlog shards.
    messages: DashMap<String, Option<StoredFeedback>, foldhash::fast::RandomState>,
    strict: bool,
    ids: Mutex<IdGenerator>,
    /// Message ids in the order they were first stored, to evict the oldest
    /// beyond `max_messages`.
    order: Mutex<crate::queue::ChunkedQueue<String>>,
    max_messages: usize,
    evicted: std::sync::atomic::AtomicU64,
}

pub(crate) enum Rejection {
    UnknownMessage,
}

impl Store {
    pub(crate) fn new(strict: bool, seed: u64, max_messages: usize) -> Self {
        Self {
            // Many shards: a shard that grows copies 1/256 of the ids, not 1/8.
            messages: DashMap::with_hasher_and_shard_amount(Default::default(), 256),
            strict,
            ids: Mutex::new(IdGenerator::new(seed)),
            order: Mutex::new(crate::queue::ChunkedQueue::default()),
            max_messages: max_messages.max(1),
            evicted: std::sync::atomic::AtomicU64::new(0),
        }
    }

    pub(crate) fn clear(&self) {
        self.messages.clear();
        crate::locks::lock(&self.order).clear();
    }

    /// How many messages were dropped to stay within the limit.
    pub(crate) fn evicted(&self) -> u64 {
        self.evicted.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Remembers a new message id, dropping the oldest beyond the limit.
    fn remember(&self, id: &str) {
        // One in, at most one out (the queue never holds more than the cap
        // after a call); the map is changed after the queue's lock is
        // released, so every chat does not wait on another's removal.
        let oldest = {
            let mut order = crate::locks::lock(&self.order);
            order.push_back(id.to_owned());
            if order.len() > self.max_messages {
                order.pop_front()
            } else {
                None
            }
        };
        if let Some(oldest) = oldest {
            self.messages.remove(&oldest);
            self.evicted
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    pub(crate) fn add_message(&self, id: &str) {
        let mut new = false;
        self.messages.entry(id.to_owned()).or_insert_with(|| {
            new = true;
            None
        });
        if new {
            self.remember(id);
        }
    }

    pub(crate) fn feedback(&self, id: &str) -> Option<StoredFeedback> {
        self.messages.get(id).and_then(|entry| entry.clone())
    }

    pub(crate) fn all_feedback(&self) -> Vec<(String, StoredFeedback)> {
        self.messages
            .iter()
            .filter_map(|e| e.value().clone().map(|f| (e.key().clone(), f)))
            .collect()
    }

    pub(crate) fn submit(
        &self,
        message_id: &str,
        feedback: Feedback,
        user_comment: Option<String>,
    ) -> Result<Submitted, Rejection> {
        let now = now_millis();
        let mut entry = match self.messages.entry(message_id.to_owned()) {
            Entry::Occupied(entry) => entry.into_ref(),
            Entry::Vacant(_) if self.strict => return Err(Rejection::UnknownMessage),
            Entry::Vacant(entry) => {
                let inserted = entry.insert(None);
                // Remembered after the shard lock is released (below).
                drop(inserted);
                self.remember(message_id);
                match self.messages.entry(message_id.to_owned()) {
                    Entry::Occupied(entry) => entry.into_ref(),
                    Entry::Vacant(entry) => entry.insert(None),
                }
            }
        };
        let slot = entry.value_mut();
        let was_updated = slot.is_some();
        let stored = match slot {
            Some(stored) => {
                stored.feedback = feedback;
                stored.user_comment = user_comment;
                stored.submitted_at = now;
                stored.submissions += 1;
                stored.clone()
            }
            None => {
                let id = crate::locks::lock(&self.ids).next(now);
                let stored = StoredFeedback {
                    id,
                    feedback,
                    user_comment,
                    submitted_at: now,
                    submissions: 1,
                };
                *slot = Some(stored.clone());
                stored
            }
        };
        Ok(Submitted {
            was_updated,
            stored,
        })
    }
}

/// Now, cut to milliseconds like the API's timestamps.
pub(crate) fn now_millis() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// cuid-like ids: `c`, the time in base 36, a counter and random letters,
/// 25 characters like the page's `clm1n0vvs000008l43ez2bxyz`.
pub(crate) struct IdGenerator {
    rng: fastrand::Rng,
    counter: u32,
}

impl IdGenerator {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            counter: 0,
        }
    }

    /// A cuid-like id: `c`, the time (8 base-36 digits), a counter (4),
    /// 12 random digits; 25 characters, written into one buffer.
    pub(crate) fn next(&mut self, now: DateTime<Utc>) -> String {
        self.counter = self.counter.wrapping_add(1);
        let mut id = [b'c'; 25];
        base36(now.timestamp_millis().unsigned_abs(), &mut id[1..9]);
        base36(u64::from(self.counter), &mut id[9..13]);
        // 36^12 < 2^64: one draw gives the 12 random digits.
        base36(self.rng.u64(..), &mut id[13..]);
        // `c` and base-36 digits: ASCII, so this never falls back.
        String::from_utf8(id.to_vec()).unwrap_or_default()
    }
}

/// `n`'s last `out.len()` base-36 digits, most significant first.
fn base36(mut n: u64, out: &mut [u8]) {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(n % 36) as usize];
        n /= 36;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_cuids_and_differ() {
        let mut ids = IdGenerator::new(7);
        let now = Utc::now();
        let (a, b) = (ids.next(now), ids.next(now));
        assert_eq!(a.len(), 25);
        assert!(a.starts_with('c'));
        assert!(
            a.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert_ne!(a, b);
        let at = DateTime::from_timestamp_millis(36_i64.pow(5)).unwrap();
        assert_eq!(&ids.next(at)[..13], "c001000000003", "time, then counter");
    }

    #[test]
    fn first_submission_creates_then_updates_keep_the_id() {
        let store = Store::new(false, 1, 100);
        let first = store
            .submit("m", Feedback::Helpful, Some("x".into()))
            .ok()
            .unwrap();
        assert!(!first.was_updated);
        let second = store.submit("m", Feedback::NotHelpful, None).ok().unwrap();
        assert!(second.was_updated);
        assert_eq!(first.stored.id, second.stored.id);
        let stored = store.feedback("m").unwrap();
        assert_eq!(stored.feedback, Feedback::NotHelpful);
        assert_eq!(stored.user_comment, None);
        assert_eq!(stored.submissions, 2);
    }

    #[test]
    fn the_oldest_messages_are_evicted_beyond_the_limit() {
        let store = Store::new(false, 1, 2);
        for id in ["a", "b", "c"] {
            store.submit(id, Feedback::Helpful, None).ok().unwrap();
        }
        assert!(store.feedback("a").is_none());
        assert!(store.feedback("b").is_some() && store.feedback("c").is_some());
        assert_eq!(store.evicted(), 1);
    }

    #[test]
    fn strict_store_knows_only_added_messages() {
        let store = Store::new(true, 1, 100);
        assert!(store.submit("m", Feedback::Helpful, None).is_err());
        store.add_message("m");
        assert_eq!(store.feedback("m"), None);
        assert!(
            !store
                .submit("m", Feedback::Helpful, None)
                .ok()
                .unwrap()
                .was_updated
        );
    }
}

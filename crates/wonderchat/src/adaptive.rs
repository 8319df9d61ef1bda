//! The adaptive send rate of [`RetryPolicy::adaptive`](crate::RetryPolicy::adaptive):
//! one client-wide limit on requests per second that appears when the server
//! starts answering 429, backs off, and creeps back up, in the spirit of the
//! AWS SDKs' "adaptive" retry mode.
//!
//! The client sends as fast as callers ask until a window of 500 ms shows
//! more than 5% of answers (and at least two) throttled. The rate then drops
//! to 95% of what the server accepted in that window; every calmer window
//! raises it by 5%, never above twice what callers actually sent. A few
//! random 429s (fewer than 5%) do not slow anything down: they are retried
//! after their `Retry-After` like any other. Every attempt (retries too)
//! takes a slot, spaced evenly, so the limit holds across all tasks sharing
//! the client.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// How long one measuring window lasts.
const WINDOW: Duration = Duration::from_millis(500);
/// The share of throttled answers in a window above which the rate drops.
const THROTTLED_SHARE: f64 = 0.05;
/// What the rate drops to, as a share of the accepted rate.
const BACKOFF: f64 = 0.95;
/// How much each calm window raises the rate.
const GROWTH: f64 = 1.05;
/// The lowest rate, in requests per second.
const MIN_RATE: f64 = 0.5;

/// The shared state; one per client (clones share it).
#[derive(Debug)]
pub(crate) struct AdaptiveRate {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// Requests per second; `None` while no limit is needed.
    rate: Option<f64>,
    /// When the next request may start.
    next_slot: Instant,
    window_start: Instant,
    sent: u32,
    throttled: u32,
}

impl Default for AdaptiveRate {
    fn default() -> Self {
        let now = Instant::now();
        Self {
            state: Mutex::new(State {
                rate: None,
                next_slot: now,
                window_start: now,
                sent: 0,
                throttled: 0,
            }),
        }
    }
}

impl AdaptiveRate {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes the next slot; returns how long to wait before sending.
    pub(crate) fn reserve(&self) -> Duration {
        let mut state = self.lock();
        let Some(rate) = state.rate else {
            return Duration::ZERO;
        };
        let now = Instant::now();
        let slot = state.next_slot.max(now);
        state.next_slot = slot + Duration::from_secs_f64(1.0 / rate);
        slot - now
    }

    /// Records the answer to one attempt.
    pub(crate) fn record(&self, throttled: bool) {
        let mut state = self.lock();
        state.sent += 1;
        state.throttled += u32::from(throttled);
        let now = Instant::now();
        let elapsed = now.duration_since(state.window_start);
        if elapsed < WINDOW {
            return;
        }
        let (sent, throttled) = (f64::from(state.sent), f64::from(state.throttled));
        state.window_start = now;
        state.sent = 0;
        state.throttled = 0;
        if elapsed > WINDOW * 4 {
            return; // an idle spell says nothing about the server's limit
        }
        let secs = elapsed.as_secs_f64();
        if throttled >= 2.0 && throttled / sent > THROTTLED_SHARE {
            let accepted = (sent - throttled) / secs;
            let limit = state.rate.map_or(accepted, |r| r.min(accepted));
            state.rate = Some((limit * BACKOFF).max(MIN_RATE));
        } else if let Some(rate) = state.rate {
            state.rate = Some((rate * GROWTH).min((2.0 * sent / secs).max(rate)));
        }
    }

    /// The current limit in requests per second, if there is one.
    #[cfg(test)]
    pub(crate) fn rate(&self) -> Option<f64> {
        self.lock().rate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `n` answers spread over one window (on tokio's paused clock).
    async fn window(rate: &AdaptiveRate, n: u32, throttled: u32) {
        for i in 0..n {
            rate.record(i < throttled);
        }
        tokio::time::advance(WINDOW + Duration::from_millis(10)).await;
        rate.record(false);
    }

    #[tokio::test(start_paused = true)]
    async fn few_random_throttles_do_not_slow_anything_down() {
        let rate = AdaptiveRate::default();
        window(&rate, 200, 4).await;
        assert_eq!(rate.rate(), None);
        assert_eq!(rate.reserve(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn many_throttles_set_a_limit_below_what_was_accepted_then_it_grows() {
        let rate = AdaptiveRate::default();
        window(&rate, 300, 100).await;
        let limit = rate.rate().unwrap();
        // 201 accepted (the last one closes the window) in exactly
        // WINDOW + 10 ms, and 95% of that.
        let expected = 0.95 * 201.0 / (WINDOW + Duration::from_millis(10)).as_secs_f64();
        assert!((limit - expected).abs() < 1e-6, "{limit} vs {expected}");
        // Slots are spaced by exactly 1/limit.
        let (a, b) = (rate.reserve(), rate.reserve());
        assert_eq!(b - a, Duration::from_secs_f64(1.0 / limit));
        window(&rate, 300, 0).await;
        assert!(rate.rate().unwrap() > limit);
    }
}

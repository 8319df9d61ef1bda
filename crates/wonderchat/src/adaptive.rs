//! The adaptive send rate of [`RetryPolicy::adaptive`](crate::RetryPolicy::adaptive):
//! one client-wide limit on requests per second that appears when the server
//! starts answering 429, backs off, and creeps back up, in the spirit of the
//! AWS SDKs' "adaptive" retry mode.
//!
//! The client sends as fast as callers ask until a window of 500 ms shows
//! more than 5% of answers (and at least two) throttled. The rate then drops
//! to 90% of the rate it was sending at in that window (what the server
//! accepted says less: callers whose requests wait out `Retry-After` send
//! nothing meanwhile); each calmer window raises it by 5%, and by 25% once
//! two windows in a row without a single 429 suggest the server has room,
//! never above twice what callers actually sent. So the rate finds a server's limit within
//! seconds and then hovers just under it. A few random 429s (fewer than 5%)
//! do not slow anything down: they are retried after their `Retry-After`
//! like any other. Every attempt (retries too) takes a slot, spaced evenly,
//! so the limit holds across all tasks sharing the client.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// How long one measuring window lasts.
const WINDOW: Duration = Duration::from_millis(500);
/// The share of throttled answers in a window above which the rate drops.
const THROTTLED_SHARE: f64 = 0.05;
/// What the rate drops to, as a share of the rate sent when throttled.
const BACKOFF: f64 = 0.9;
/// How much a calm window raises the rate, soon after a throttled one.
const GROWTH: f64 = 1.05;
/// How much it raises the rate after `CALM_WINDOWS` calm windows in a row.
const FAST_GROWTH: f64 = 1.25;
/// Calm windows in a row after which the rate grows fast.
const CALM_WINDOWS: u32 = 2;
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
    /// Windows in a row without a 429.
    calm: u32,
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
                calm: 0,
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
            let sending = sent / secs;
            let limit = state.rate.map_or(sending, |r| r.min(sending));
            state.rate = Some((limit * BACKOFF).max(MIN_RATE));
            state.calm = 0;
        } else if let Some(rate) = state.rate {
            // Only a window without a single 429 says the server has room.
            state.calm = if throttled == 0.0 { state.calm + 1 } else { 0 };
            let growth = if state.calm > CALM_WINDOWS {
                FAST_GROWTH
            } else {
                GROWTH
            };
            state.rate = Some((rate * growth).min((2.0 * sent / secs).max(rate)));
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

    /// An import against a server that accepts `limit` requests per second:
    /// a first second in which most callers wait out `Retry-After` (what
    /// the SDK saw against `wonderchat-mock --rate-limit 500`), then callers
    /// that send as fast as the rate allows. Returns the rate after each
    /// window.
    async fn against_a_limit(limit: f64, seconds: u32) -> Vec<f64> {
        let rate = AdaptiveRate::default();
        window(&rate, 320, 257).await;
        let mut rates = Vec::new();
        for _ in 0..seconds * 2 {
            let current = rate.rate().unwrap();
            let secs = (WINDOW + Duration::from_millis(10)).as_secs_f64();
            let sent = (current * secs) as u32;
            let refused = ((current - limit).max(0.0) * secs) as u32;
            window(&rate, sent, refused).await;
            rates.push(rate.rate().unwrap());
        }
        rates
    }

    #[tokio::test(start_paused = true)]
    async fn the_rate_finds_a_servers_limit_within_seconds_and_stays_near_it() {
        let rates = against_a_limit(500.0, 20).await;
        // It once took over 20 s to climb back from the first second's
        // low reading (59/s), so imports ran at 0.4 of the limit.
        let reached = rates.iter().position(|&r| r >= 475.0).unwrap();
        assert!(
            reached <= 10,
            "0.95 of the limit after {reached} windows: {rates:?}"
        );
        let later = &rates[reached..];
        assert!(
            later.iter().all(|&r| (440.0..=625.0).contains(&r)),
            "{later:?}"
        );
        let mean = later.iter().map(|&r| r.min(500.0)).sum::<f64>() / later.len() as f64;
        assert!(mean >= 475.0, "accepted on average {mean}/s: {later:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn many_throttles_set_a_limit_below_what_was_accepted_then_it_grows() {
        let rate = AdaptiveRate::default();
        window(&rate, 300, 100).await;
        let limit = rate.rate().unwrap();
        // 301 sent (the last one closes the window) in exactly
        // WINDOW + 10 ms, and 90% of that.
        let expected = 0.9 * 301.0 / (WINDOW + Duration::from_millis(10)).as_secs_f64();
        assert!((limit - expected).abs() < 1e-6, "{limit} vs {expected}");
        // Slots are spaced by exactly 1/limit.
        let (a, b) = (rate.reserve(), rate.reserve());
        assert_eq!(b - a, Duration::from_secs_f64(1.0 / limit));
        window(&rate, 300, 0).await;
        assert!(rate.rate().unwrap() > limit);
    }
}

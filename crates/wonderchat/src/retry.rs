//! [`RetryPolicy`]: when and how long to wait before sending a request again.
//!
//! Updating feedback sets a state, so sending the same request twice is
//! safe; the client therefore retries by default. The schedule follows
//! aws-sdk-rust's "standard" mode: a few attempts, exponential backoff with
//! full jitter, capped, and the server's `Retry-After` when it sends one.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

/// When the client sends a failed request again.
///
/// Retried: HTTP 429, 500, 502, 503 and 504, connection failures and
/// timeouts ([`Error::is_retryable`](crate::Error::is_retryable)). Never
/// retried: 400, 401, 403, 404 and answers that cannot be decoded.
///
/// Defaults: 3 attempts in all, backoff from 200 ms doubling to at most 5 s
/// (each wait drawn uniformly below that bound: "full jitter"), and a
/// `Retry-After` of up to 20 s honoured; a longer one ends the call at once
/// with [`Error::RateLimited`](crate::Error::RateLimited).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use wonderchat::RetryPolicy;
///
/// // A bulk job: more patience, and a send rate that follows the server's 429s.
/// let bulk = RetryPolicy::default()
///     .with_max_attempts(6)
///     .with_max_backoff(Duration::from_secs(30))
///     .with_max_retry_after(Duration::from_secs(120))
///     .with_adaptive(true);
/// // Each setting's getter has its name without `with_`.
/// assert_eq!(bulk.max_attempts(), 6);
/// assert_eq!(bulk.max_retry_after(), Duration::from_secs(120));
/// // An interactive screen: one try, the error shown at once.
/// let interactive = RetryPolicy::disabled();
/// assert_eq!(interactive.max_attempts(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    adaptive: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
            adaptive: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt only: every error is returned as it happens.
    pub fn disabled() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// The number of requests at most, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first wait; it doubles after each attempt.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest upper bound a wait can reach.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one returns
    /// [`Error::RateLimited`](crate::Error::RateLimited) at once.
    pub fn with_max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Adaptive mode: the client limits its own send rate when the server
    /// answers 429 to more than a few requests, then raises it again while
    /// the answers stay calm (see the README's "Reliability"). The limit is
    /// shared by every call of the client and its clones; for bulk work.
    pub fn with_adaptive(mut self, adaptive: bool) -> Self {
        self.adaptive = adaptive;
        self
    }

    /// Whether adaptive mode is on ([`with_adaptive`](Self::with_adaptive)).
    pub fn adaptive(&self) -> bool {
        self.adaptive
    }

    /// The number of requests at most ([`with_max_attempts`](Self::with_max_attempts)).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The upper bound of the first wait ([`with_initial_backoff`](Self::with_initial_backoff)).
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The largest upper bound of a wait ([`with_max_backoff`](Self::with_max_backoff)).
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The longest `Retry-After` honoured ([`with_max_retry_after`](Self::with_max_retry_after)).
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The exponential schedule of upper bounds; the client draws each
    /// actual wait uniformly below its bound (full jitter).
    pub(crate) fn backoff(&self) -> impl BackoffBuilder + use<> {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_factor(2.0)
            .with_max_times(self.max_attempts.saturating_sub(1) as usize)
    }
}

/// Full jitter: a wait drawn uniformly from `[0, bound]`.
pub(crate) fn full_jitter(bound: Duration) -> Duration {
    bound.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_doubles_up_to_the_cap_and_stops_after_the_attempts() {
        let policy = RetryPolicy::default()
            .with_max_attempts(5)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(300));
        // backon scales with f32: compare whole milliseconds.
        let bounds: Vec<u128> = policy.backoff().build().map(|d| d.as_millis()).collect();
        assert_eq!(bounds, [100, 200, 300, 300]);
        assert_eq!(RetryPolicy::disabled().backoff().build().next(), None);
    }

    #[test]
    fn jitter_stays_below_its_bound() {
        for _ in 0..1000 {
            assert!(full_jitter(Duration::from_millis(50)) <= Duration::from_millis(50));
        }
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }
}

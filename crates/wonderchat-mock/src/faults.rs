//! Fault injection: random faults drawn from a seeded generator, and
//! scripted faults ("the next N requests answer 503"), all counted.

use crate::locks::lock;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Probabilities of random faults, each between 0 and 1, drawn per request.
///
/// One draw picks at most one of 429, 500, 503 and a dropped connection (so
/// their sum should not exceed 1); a second, independent draw decides the
/// delay, which then precedes the answer (or the fault).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FaultConfig {
    /// Chance of HTTP 429 with a `Retry-After` header.
    pub rate_limit: f64,
    /// The `Retry-After` seconds sent with random 429s.
    pub retry_after_secs: u64,
    /// Chance of HTTP 500.
    pub internal_error: f64,
    /// Chance of HTTP 503.
    pub unavailable: f64,
    /// Chance of closing the connection without answering.
    pub drop_connection: f64,
    /// Chance of waiting [`delay`](Self::delay) before answering.
    pub delay_probability: f64,
    /// How long a delayed answer waits.
    pub delay: Duration,
}

impl FaultConfig {
    /// Whether any random fault can happen.
    pub fn is_active(&self) -> bool {
        self.rate_limit + self.internal_error + self.unavailable + self.drop_connection > 0.0
            || (self.delay_probability > 0.0 && !self.delay.is_zero())
    }
}

/// One fault, as scripted with [`MockServer::push_faults`](crate::MockServer::push_faults)
/// or drawn at random.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 429, with `Retry-After: <seconds>` when given.
    RateLimited {
        /// The `Retry-After` header, in seconds.
        retry_after_secs: Option<u64>,
    },
    /// HTTP 500 with an `ErrorResponse` body.
    InternalError,
    /// HTTP 503 with an `ErrorResponse` body.
    Unavailable,
    /// Close the connection without answering.
    DropConnection,
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Answer with exactly this status, headers and body (for testing how a
    /// client copes with answers the API does not document).
    Respond {
        /// HTTP status.
        status: u16,
        /// Extra headers (the `Content-Type` among them, if any).
        headers: Vec<(String, String)>,
        /// The body, as is.
        body: String,
    },
}

impl Fault {
    /// An answer with `status` and `body` as JSON (`Content-Type:
    /// application/json`): the one way tests script what a server answers.
    pub fn json(status: u16, body: impl Into<String>) -> Fault {
        Fault::answer(status, "application/json", body)
    }

    /// An answer with `status`, `content_type` and `body`, as is.
    pub fn answer(status: u16, content_type: &str, body: impl Into<String>) -> Fault {
        Fault::Respond {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }
}

/// How many faults of each kind the mock has injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FaultCounts {
    /// 429 answers.
    pub rate_limited: u64,
    /// 500 answers.
    pub internal_error: u64,
    /// 503 answers.
    pub unavailable: u64,
    /// Connections closed without an answer.
    pub dropped: u64,
    /// Delayed answers.
    pub delayed: u64,
    /// Canned answers ([`Fault::Respond`]).
    pub canned: u64,
}

impl FaultCounts {
    /// All faults together.
    pub fn total(&self) -> u64 {
        self.rate_limited
            + self.internal_error
            + self.unavailable
            + self.dropped
            + self.delayed
            + self.canned
    }
}

/// The per-server fault source.
pub(crate) struct Injector {
    config: FaultConfig,
    rng: Mutex<fastrand::Rng>,
    script: Mutex<VecDeque<Fault>>,
    counts: [AtomicU64; 6],
}

impl Injector {
    pub(crate) fn new(config: FaultConfig, seed: u64) -> Self {
        Self {
            config,
            // A different stream from the id generator's, same seed.
            rng: Mutex::new(fastrand::Rng::with_seed(seed ^ 0x5eed_fa17)),
            script: Mutex::new(VecDeque::new()),
            counts: Default::default(),
        }
    }

    pub(crate) fn push(&self, faults: impl IntoIterator<Item = Fault>) {
        lock(&self.script).extend(faults);
    }

    pub(crate) fn clear(&self) {
        lock(&self.script).clear();
    }

    /// The faults for the next request: a scripted one if queued, else the
    /// random draws (a delay and/or one failure).
    pub(crate) fn next(&self) -> Vec<Fault> {
        if let Some(fault) = lock(&self.script).pop_front() {
            self.count(&fault);
            return vec![fault];
        }
        if !self.config.is_active() {
            return Vec::new();
        }
        let c = &self.config;
        let (failure_draw, delay_draw) = {
            let mut rng = lock(&self.rng);
            (rng.f64(), rng.f64())
        };
        let mut faults = Vec::new();
        if delay_draw < c.delay_probability && !c.delay.is_zero() {
            faults.push(Fault::Delay(c.delay));
        }
        let mut edge = 0.0;
        let choices = [
            (
                c.rate_limit,
                Fault::RateLimited {
                    retry_after_secs: Some(c.retry_after_secs),
                },
            ),
            (c.internal_error, Fault::InternalError),
            (c.unavailable, Fault::Unavailable),
            (c.drop_connection, Fault::DropConnection),
        ];
        for (probability, fault) in choices {
            edge += probability;
            if failure_draw < edge {
                faults.push(fault);
                break;
            }
        }
        faults.iter().for_each(|f| self.count(f));
        faults
    }

    fn count(&self, fault: &Fault) {
        let index = match fault {
            Fault::RateLimited { .. } => 0,
            Fault::InternalError => 1,
            Fault::Unavailable => 2,
            Fault::DropConnection => 3,
            Fault::Delay(_) => 4,
            Fault::Respond { .. } => 5,
        };
        self.counts[index].fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn counts(&self) -> FaultCounts {
        let n = |i: usize| self.counts[i].load(Ordering::Relaxed);
        FaultCounts {
            rate_limited: n(0),
            internal_error: n(1),
            unavailable: n(2),
            dropped: n(3),
            delayed: n(4),
            canned: n(5),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(seed: u64) -> Vec<Vec<Fault>> {
        let config = FaultConfig {
            rate_limit: 0.2,
            retry_after_secs: 1,
            unavailable: 0.3,
            delay_probability: 0.5,
            delay: Duration::from_millis(5),
            ..Default::default()
        };
        let injector = Injector::new(config, seed);
        (0..200).map(|_| injector.next()).collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_faults() {
        assert_eq!(draws(42), draws(42));
        assert_ne!(draws(42), draws(43));
    }

    #[test]
    fn probabilities_are_roughly_respected_and_counted() {
        let config = FaultConfig {
            unavailable: 0.25,
            ..Default::default()
        };
        let injector = Injector::new(config, 9);
        for _ in 0..4000 {
            injector.next();
        }
        let counts = injector.counts();
        assert!((800..1200).contains(&counts.unavailable), "{counts:?}");
        assert_eq!(counts.total(), counts.unavailable);
    }

    #[test]
    fn scripted_faults_come_first_and_in_order() {
        let injector = Injector::new(FaultConfig::default(), 0);
        injector.push([Fault::Unavailable, Fault::InternalError]);
        assert_eq!(injector.next(), vec![Fault::Unavailable]);
        assert_eq!(injector.next(), vec![Fault::InternalError]);
        assert!(injector.next().is_empty());
        assert_eq!(injector.counts().total(), 2);
    }
}

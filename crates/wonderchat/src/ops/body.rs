//! The body of a streamed answer, read under guard: at most `limit` bytes in
//! all (when set), no longer than the idle timeout between two reads, and no
//! longer than the stream timeout in all (when set). What runs out ends the
//! stream with an error item; nothing waits for a server that stopped.

use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::time::Instant;

use crate::Error;

/// The limits a streamed body is read under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Guard {
    /// The longest wait for the next bytes.
    pub(crate) idle: Duration,
    /// The longest the whole body may take, from when reading starts.
    pub(crate) total: Option<Duration>,
    /// The most bytes the whole body may have.
    pub(crate) limit: Option<usize>,
}

/// The body's bytes, or the error that ended it (then nothing more).
pub(crate) fn guarded(
    bytes: impl Stream<Item = Result<Bytes, reqwest::Error>> + Send + Unpin + 'static,
    guard: Guard,
) -> impl Stream<Item = Result<Bytes, Error>> + Send + Unpin + 'static {
    let deadline = guard.total.and_then(|t| Instant::now().checked_add(t));
    let state = (bytes, 0usize, false);
    Box::pin(futures_util::stream::unfold(
        state,
        move |(mut bytes, mut seen, ended)| async move {
            if ended {
                return None;
            }
            let (wait, idle) = match deadline {
                Some(at) => {
                    let left = at.saturating_duration_since(Instant::now());
                    if left < guard.idle {
                        (left, false)
                    } else {
                        (guard.idle, true)
                    }
                }
                None => (guard.idle, true),
            };
            let item = match tokio::time::timeout(wait, bytes.next()).await {
                Ok(None) => return None,
                Ok(Some(Ok(chunk))) => {
                    seen = seen.saturating_add(chunk.len());
                    match guard.limit {
                        Some(limit) if seen > limit => Err(Error::ResponseTooLarge {
                            status: Some(200),
                            limit: Some(limit),
                        }),
                        _ => Ok(chunk),
                    }
                }
                Ok(Some(Err(e))) => Err(Error::Transport {
                    source: crate::error::TransportError(e),
                    attempts: 1,
                }),
                Err(_) => Err(Error::Stalled {
                    after: if idle {
                        guard.idle
                    } else {
                        guard.total.unwrap_or(guard.idle)
                    },
                    idle,
                }),
            };
            let ended = item.is_err();
            Some((item, (bytes, seen, ended)))
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body that sends `first`, then one byte every `every`, forever.
    fn dripping(
        first: &'static [u8],
        every: Duration,
    ) -> impl Stream<Item = Result<Bytes, reqwest::Error>> + Send + Unpin + 'static {
        let head = futures_util::stream::iter([Ok(Bytes::from_static(first))]);
        let drip = futures_util::stream::unfold((), move |()| async move {
            tokio::time::sleep(every).await;
            Some((Ok(Bytes::from_static(b"x")), ()))
        });
        Box::pin(head.chain(drip))
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_goes_silent_ends_at_the_idle_timeout() {
        let guard = Guard {
            idle: Duration::from_secs(2),
            total: None,
            limit: None,
        };
        let silent = dripping(b"three events", Duration::from_secs(3600));
        let items: Vec<_> = guarded(silent, guard).collect().await;
        assert_eq!(items.len(), 2);
        assert!(matches!(
            items[1],
            Err(Error::Stalled { idle: true, after }) if after == Duration::from_secs(2)
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_drips_ends_at_the_stream_timeout() {
        let guard = Guard {
            idle: Duration::from_secs(2),
            total: Some(Duration::from_secs(10)),
            limit: None,
        };
        let started = Instant::now();
        let drip = dripping(b"{", Duration::from_secs(1));
        let items: Vec<_> = guarded(drip, guard).collect().await;
        assert!(matches!(
            items.last(),
            Some(Err(Error::Stalled { idle: false, .. }))
        ));
        assert_eq!(started.elapsed(), Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_over_the_limit_ends_with_too_large() {
        let guard = Guard {
            idle: Duration::from_secs(2),
            total: None,
            limit: Some(5),
        };
        let drip = dripping(b"1234", Duration::from_millis(10));
        let items: Vec<_> = guarded(drip, guard).collect().await;
        assert_eq!(items.len(), 3);
        assert!(matches!(
            items[2],
            Err(Error::ResponseTooLarge { limit: Some(5), .. })
        ));
    }
}

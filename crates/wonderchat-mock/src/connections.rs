//! The connection loop of a local server: a cap on connections, a header
//! timeout (which also closes keep-alive connections idle that long) that
//! shortens when the cap is near, a per-connection kill switch (a
//! task-local), and a graceful shutdown. The mock runs it, and so does
//! `wonderchat webhook listen`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

tokio::task_local! {
    /// The kill switch of the connection whose task this is: its requests
    /// are answered on that task. (An extension on every request cost an
    /// allocation per request.)
    static CONNECTION: CancellationToken;
}

/// Closes the connection of the request being answered, without an answer
/// (the `DropConnection` fault). Does nothing outside a connection's task.
pub(crate) fn kill_connection() {
    let _ = CONNECTION.try_with(CancellationToken::cancel);
}

/// How many connections a server holds and how long it waits for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    max_connections: usize,
    header_timeout: Duration,
    busy_header_timeout: Duration,
}

impl ConnectionLimits {
    /// At most `max_connections` at once (more wait to be accepted); a
    /// request's head must arrive within `header_timeout`, and a keep-alive
    /// connection idle that long is closed. Once three quarters of the
    /// connections are taken, new ones get at most 2 s: idle connections
    /// cannot keep a real client waiting.
    pub fn new(max_connections: usize, header_timeout: Duration) -> Self {
        Self {
            max_connections: max_connections.max(1),
            header_timeout,
            busy_header_timeout: header_timeout.min(Duration::from_secs(2)),
        }
    }

    /// The header timeout of connections accepted near the cap.
    pub fn busy_header_timeout(mut self, timeout: Duration) -> Self {
        self.busy_header_timeout = timeout.min(self.header_timeout);
        self
    }

    /// The header timeout for a connection accepted with `free` slots left.
    fn header_timeout_with(&self, free: usize) -> Duration {
        if free.saturating_mul(4) < self.max_connections {
            self.busy_header_timeout
        } else {
            self.header_timeout
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open
/// requests finish (up to 5 s each) and returns. Each connection is served
/// by its own task, HTTP/1.1.
pub async fn serve_bounded(
    listener: TcpListener,
    app: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: ConnectionLimits,
) {
    let stop = CancellationToken::new();
    let stopping = stop.clone();
    let watch = tokio::spawn(async move {
        shutdown.await;
        stopping.cancel();
    });
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&slots).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = stop.cancelled() => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors and the like: back off briefly.
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = stop.cancelled() => break,
        };
        let _ = stream.set_nodelay(true);
        let header_timeout = limits.header_timeout_with(slots.available_permits());
        let kill = CancellationToken::new();
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
            app.clone().oneshot(request.map(axum::body::Body::new))
        });
        let stop = stop.clone();
        let connection_task = CONNECTION.scope(kill.clone(), async move {
            let _permit = permit;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                // Dropping the connection closes it without an answer.
                () = kill.cancelled() => return,
                () = stop.cancelled() => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(5), connection).await;
        });
        connections.spawn(connection_task);
        // Reap finished connection tasks so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    watch.abort();
    while connections.join_next().await.is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_timeout_shortens_near_the_cap() {
        let limits = ConnectionLimits::new(1024, Duration::from_secs(10));
        assert_eq!(limits.header_timeout_with(1024), Duration::from_secs(10));
        assert_eq!(limits.header_timeout_with(256), Duration::from_secs(10));
        assert_eq!(limits.header_timeout_with(255), Duration::from_secs(2));
        assert_eq!(limits.header_timeout_with(0), Duration::from_secs(2));
    }
}

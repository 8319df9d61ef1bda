//! What a panic does: one short line on stderr (where, and that it is a
//! bug), never the panic's message (it may hold bytes from a server, a file
//! or an agent), then exit 101. Inside [`Recover`] (an MCP tool call) it
//! ends only that call, as an error the caller sees, and the server goes on.

use std::cell::Cell;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

thread_local! {
    /// How many [`Recover`] polls are running on this thread.
    static RECOVERING: Cell<u32> = const { Cell::new(0) };
}

/// Installs the hook (first thing in `main`).
pub(crate) fn install() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let recovering = RECOVERING.with(Cell::get) > 0;
        let outcome = if recovering {
            "the call failed; the server goes on"
        } else {
            "this is a bug"
        };
        let _ = writeln!(
            std::io::stderr(),
            "wonderchat: internal error{place}: {outcome}. Please report it with what you ran \
             (its details are not shown: they may hold data from a server, a file or an agent)"
        );
        if !recovering {
            std::process::exit(101);
        }
    }));
}

/// A panic caught by [`Recover`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Panicked;

/// A future whose panic is its result ([`Panicked`]) instead of the
/// process's end: what one MCP tool call runs in.
pub(crate) struct Recover<F> {
    inner: Option<Pin<Box<F>>>,
}

impl<F: Future> Recover<F> {
    pub(crate) fn new(future: F) -> Self {
        Self {
            inner: Some(Box::pin(future)),
        }
    }
}

impl<F: Future> Future for Recover<F> {
    type Output = Result<F::Output, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(inner) = self.inner.as_mut() else {
            return Poll::Ready(Err(Panicked));
        };
        RECOVERING.with(|n| n.set(n.get() + 1));
        let polled =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.as_mut().poll(cx)));
        RECOVERING.with(|n| n.set(n.get() - 1));
        match polled {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Err(_) => {
                // Whatever the future held is dropped; it is never polled again.
                self.inner = None;
                Poll::Ready(Err(Panicked))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn a_panic_inside_is_the_result_and_the_rest_goes_on() {
        // No hook here (the test harness's own prints the message): only
        // the catch is tested; the binary tests cover the hook.
        let result = Recover::new(async {
            tokio::task::yield_now().await;
            if RECOVERING.with(Cell::get) > 0 {
                panic!("boom");
            }
            1
        })
        .await;
        assert_eq!(result, Err(Panicked));
        assert_eq!(RECOVERING.with(Cell::get), 0);
        assert_eq!(Recover::new(async { 2 }).await, Ok(2));
    }
}

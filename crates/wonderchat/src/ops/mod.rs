//! The operations: each turns typed arguments into the generated request,
//! hands it to the engine with its retry class (from the spec's
//! `x-idempotent`), and turns the generated answer into its result type.

pub(crate) mod body;
pub(crate) mod chat;
pub(crate) mod export;
pub(crate) mod feedback;
pub(crate) mod messages;
pub(crate) mod pages;
pub(crate) mod splitter;
pub(crate) mod tags;

use crate::Error;

/// Per-call overrides of the client's timeouts and retries, on every
/// request builder (`$builder` has an `options: CallOptions` field).
macro_rules! call_overrides {
    ($builder:ident) => {
        impl $builder<'_> {
            /// This call's attempt timeout, instead of the client's.
            pub fn attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.attempt_timeout = Some(timeout);
                self
            }

            /// This call's operation timeout (all attempts and waits), instead
            /// of the client's.
            pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.operation_timeout = Some(timeout);
                self
            }

            /// This call's retry policy, instead of the client's.
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }
        }
    };
}
pub(crate) use call_overrides;

/// Per-call limits on a streamed answer's body, on the builders of
/// operations that stream (`$total` names the default stream timeout).
macro_rules! stream_overrides {
    ($builder:ident, $total:literal) => {
        impl $builder<'_> {
            /// This call's longest wait for the next bytes of the streamed
            /// answer, instead of the client's
            /// ([`ClientBuilder::stream_idle_timeout`](crate::ClientBuilder::stream_idle_timeout)).
            pub fn stream_idle_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.stream_idle_timeout = Some(timeout);
                self
            }

            #[doc = concat!("The longest the whole streamed answer may take once its head has arrived (`None`: no limit); default: ", $total, ".")]
            pub fn stream_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
                self.options.stream_timeout = Some(timeout);
                self
            }
        }
    };
}
pub(crate) use stream_overrides;

/// `.await` on a builder is its `send()` (or the method named): every
/// operation has the same three call shapes, `.send().await`, `.await`, and
/// either after per-call overrides.
macro_rules! into_future {
    ($builder:ident, $output:ty) => {
        into_future!($builder, $output, send);
    };
    ($builder:ident, $output:ty, $method:ident) => {
        impl<'a> std::future::IntoFuture for $builder<'a> {
            type Output = Result<$output, crate::Error>;
            type IntoFuture =
                std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.$method())
            }
        }
    };
}
pub(crate) use into_future;

/// Whether an operation of a twin pair (pages, tags) adds or deletes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Add,
    Delete,
}

/// The outcome of an operation whose answer Wonderchat does not document
/// (pages and tags): it succeeded, after this many requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Done {
    /// How many requests it took.
    pub attempts: u32,
}

/// `InvalidInput` unless `value` has something besides white space.
pub(crate) fn not_blank(field: &'static str, value: &str, what: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        Err(Error::InvalidInput {
            field,
            reason: format!("{field} is empty or blank: pass {what}"),
        })
    } else {
        Ok(())
    }
}

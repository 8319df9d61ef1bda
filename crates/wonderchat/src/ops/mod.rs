//! The operations, one file per resource kind of the spec (`x-resource`):
//! `chat.rs` (asking, JSON or streamed, and `Conversation`), `message.rs`,
//! `chatlog.rs`, `chatbot.rs`, and `export.rs` (with `splitter.rs`). Each
//! builder owns a [`Client`](crate::Client) clone (its future is
//! `'static`), checks its input, builds the generated request, hands it to
//! the engine with its retry class (the spec's `x-idempotent`) and the ids
//! it names (what a 404 is about), and turns the generated answer into its
//! result type: serde both ways, a JSON Schema with the `schemars` feature,
//! and `attempts`, how many requests it took.

pub(crate) mod body;
pub(crate) mod chat;
pub(crate) mod chatbot;
pub(crate) mod chatlog;
pub(crate) mod export;
pub(crate) mod message;
pub(crate) mod splitter;

use crate::Error;

/// Per-call overrides of the client's timeouts and retries, on every
/// request builder (`$builder` has a `CallOptions` at `$field`, `options`
/// by default).
macro_rules! call_overrides {
    ($builder:ident) => {
        crate::ops::call_overrides!($builder, options);
    };
    ($builder:ident, $($field:ident).+) => {
        impl $builder {
            /// This call's attempt timeout, instead of the client's.
            pub fn attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.$($field).+.attempt_timeout = Some(timeout);
                self
            }

            /// This call's operation timeout (all attempts and waits), instead
            /// of the client's.
            pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.$($field).+.operation_timeout = Some(timeout);
                self
            }

            /// This call's retry policy, instead of the client's.
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.$($field).+.retry = Some(policy);
                self
            }

            /// A cap of the caller's beside the client's
            /// ([`ClientBuilder::max_in_flight`](crate::ClientBuilder::max_in_flight)):
            /// each attempt of this call holds a permit of `permits` while it
            /// is sent and answered, not while it waits for a retry.
            pub fn in_flight(mut self, permits: std::sync::Arc<tokio::sync::Semaphore>) -> Self {
                self.$($field).+.in_flight = Some(permits);
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
        impl $builder {
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

/// `.await` on a builder is its `send()`: every operation is sent the same
/// ways, `.send().await`, `.await`, and either after per-call overrides,
/// and its future is `'static` (`tokio::spawn(client.chat(..).send())`).
macro_rules! into_future {
    ($builder:ident, $output:ty) => {
        impl std::future::IntoFuture for $builder {
            type Output = Result<$output, crate::Error>;
            type IntoFuture =
                std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'static>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}
pub(crate) use into_future;

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

/// The JSON Schema of a value kept as an open string (an enum a server may
/// add values to), with its description.
#[cfg(feature = "schemars")]
pub(crate) fn open_string(
    generator: &mut schemars::r#gen::SchemaGenerator,
    description: &str,
) -> schemars::schema::Schema {
    let mut schema = <String as schemars::JsonSchema>::json_schema(generator).into_object();
    schema.metadata().description = Some(description.to_owned());
    schemars::schema::Schema::Object(schema)
}

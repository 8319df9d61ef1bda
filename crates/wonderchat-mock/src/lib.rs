//! A local Wonderchat for tests and offline development: every operation of
//! the spec, with one state they all share (chatbots, pages, chatlogs,
//! messages, tags, feedback), streamed chat answers, signed webhooks and a
//! rate limit.
//!
//! It validates requests against the generated request types (errors name
//! the field) and injects faults on demand: 429 with `Retry-After`, 500,
//! 503, delays and dropped connections, at random with a seed or scripted.
//!
//! ```no_run
//! # async fn run() {
//! let mock = wonderchat_mock::MockServer::start().await;
//! // Point a client at mock.base_url() with mock.api_key() ...
//! mock.push_faults([wonderchat_mock::Fault::Unavailable]); // next request: 503
//! assert!(mock.feedback("msg_1").is_none());
//! # }
//! ```

//! # Testing your code
//!
//! Add it as a dev-dependency, start one mock per test, and point the SDK at
//! it; what a request stored can then be read back:
//!
//! ```toml
//! [dev-dependencies]
//! wonderchat-mock = "0.2"
//! ```
//!
//! The `wonderchat` crate's documentation has a whole test in its "Testing
//! your code" section.
//!
//! # Features
#![doc = document_features::document_features!()]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "cli")]
mod args;
// Bottom: the state and what it is made of; the connection loop.
mod connections;
mod faults;
mod locks;
mod queue;
mod shared;
mod spec;
mod state;
mod webhooks;
mod world;
// Middle: the request pipeline.
mod pipeline;
// Top: routes, handlers, the server.
mod handlers;
mod routes;
mod server;

#[cfg(feature = "cli")]
#[cfg_attr(docsrs, doc(cfg(feature = "cli")))]
pub use args::{MockArgs, MockCommand, TriggerArgs, TriggerEvent, quiet_panics};
pub use connections::{ConnectionLimits, serve_bounded};
pub use faults::{Fault, FaultConfig, FaultCounts};
pub use server::{MockBuilder, MockServer};
pub use shared::{DEMO_API_KEY, ReceivedRequest};
pub use spec::{OPENAPI_JSON, OPENAPI_YAML, REFERENCE_HTML};
pub use state::StoredFeedback;
pub use world::{DEMO_CHATBOT_ID, DEMO_CHATLOG_ID, DEMO_MESSAGE_IDS};

#[cfg(test)]
mod layers {
    /// The mock's modules in layers: bottom (state, locks, the connection
    /// loop), middle (the request pipeline), top (routes, handlers, the
    /// server). No module may import one of a layer above its own.
    #[test]
    fn no_module_imports_one_above_it() {
        let bottom = [
            ("locks", include_str!("locks.rs")),
            ("shared", include_str!("shared.rs")),
            ("faults", include_str!("faults.rs")),
            ("state", include_str!("state.rs")),
            ("world", include_str!("world.rs")),
            ("spec", include_str!("spec.rs")),
            ("webhooks", include_str!("webhooks.rs")),
            ("connections", include_str!("connections.rs")),
            ("queue", include_str!("queue.rs")),
        ];
        let middle = [("pipeline", include_str!("pipeline.rs"))];
        let top = ["crate::handlers", "crate::routes", "crate::server::"];
        for (name, source) in bottom {
            for above in top.iter().chain(&["crate::pipeline"]) {
                assert!(!source.contains(above), "{name} (bottom) uses {above}");
            }
        }
        for (name, source) in middle {
            for above in top {
                assert!(!source.contains(above), "{name} (middle) uses {above}");
            }
        }
    }
}

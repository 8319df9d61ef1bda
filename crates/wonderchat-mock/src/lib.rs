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
mod connections;
mod faults;
mod handler;
mod ops;
mod server;
mod spec;
mod state;
mod webhooks;
mod world;

#[cfg(feature = "cli")]
#[cfg_attr(docsrs, doc(cfg(feature = "cli")))]
pub use args::{MockArgs, MockCommand, TriggerArgs, TriggerEvent, quiet_panics};
pub use connections::{ConnectionLimits, serve_bounded};
pub use faults::{Fault, FaultConfig, FaultCounts};
pub use server::{DEMO_API_KEY, MockBuilder, MockServer, ReceivedRequest};
pub use spec::{OPENAPI_JSON, OPENAPI_YAML, REFERENCE_HTML};
pub use state::StoredFeedback;
pub use world::{DEMO_CHATBOT_ID, DEMO_CHATLOG_ID, DEMO_MESSAGE_IDS};

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
pub mod realistic;
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
    /// The mock's modules in layers: bottom (state, locks, the world, the
    /// connection loop), middle (the request pipeline), top (routes,
    /// handlers, the server, the command line). No file may import a layer
    /// above its own. Every source file is checked: a new one is bottom
    /// unless it is named below.
    #[test]
    fn no_file_imports_a_layer_above_its_own() {
        let top = [
            "routes.rs",
            "server.rs",
            "handlers/",
            "args.rs",
            "main.rs",
            "lib.rs",
        ];
        let middle = ["pipeline.rs"];
        let top_paths = [
            "crate::handlers",
            "crate::routes",
            "crate::server::",
            "crate::args",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 20, "{files:?}");
        for path in files {
            let name = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let source = std::fs::read_to_string(&path).unwrap();
            let is = |layer: &[&str]| layer.iter().any(|p| name == *p || name.starts_with(p));
            if is(&top) {
                continue;
            }
            for above in top_paths {
                assert!(!source.contains(above), "{name} uses {above}");
            }
            if !is(&middle) {
                assert!(
                    !source.contains("crate::pipeline"),
                    "{name} (bottom) uses the pipeline"
                );
            }
        }
    }
}

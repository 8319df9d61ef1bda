#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api_key;
mod context;
mod redact;

#[rustfmt::skip]
#[allow(missing_docs, clippy::all, clippy::pedantic, unused_qualifications)]
mod generated;

pub use api_key::{ApiKey, REDACTED};
pub use context::{CallContext, ResponseMeta};
pub use generated::*;
pub use redact::Redactor;

/// The path of the one operation, relative to the base URL.
///
/// The generated client builds it itself; this copy is for servers and tools
/// that need the route (the mock server), and a test keeps it in step with
/// the spec.
pub const UPDATE_MESSAGE_FEEDBACK_PATH: &str = "/api/v1/update-message-feedback";

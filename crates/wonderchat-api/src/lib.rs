#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod context;
mod redact;
mod secret;
pub mod signature;
pub mod spec;

#[rustfmt::skip]
#[allow(missing_docs, clippy::all, clippy::pedantic, unused_qualifications)]
mod generated;

pub use context::{CallContext, ResponseMeta};
pub use generated::*;
pub use redact::Redactor;
pub use secret::{ApiKey, REDACTED, SessionCookie};

#![doc = include_str!("../README.md")]
//!
//! ## Feature flags
#![doc = document_features::document_features!()]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod adaptive;
mod client;
mod config;
mod engine;
mod error;
mod feedback;
mod ops;
mod retry;
pub mod webhook;

pub use client::Client;
pub use config::{
    API_KEY_ENV, BASE_URL_ENV, ClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CHATLOG_BYTES, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_OPERATION_TIMEOUT, DEFAULT_STREAM_IDLE_TIMEOUT,
};
pub use engine::{is_unprintable, printable};
pub use error::{DecodeError, Error, TransportError};
pub use feedback::{Feedback, ParseFeedbackError, RecordedFeedback};
pub use ops::chat::{Chat, ChatAnswer, ChatEvent, ChatStream, Conversation, Source};
pub use ops::chatlogs::{
    Author, ChatExchange, ChatMessage, Chatlog, ChatlogStream, ExportChatlogs, Messages, Tags,
};
pub use ops::feedback::{FeedbackUpdate, UpdateMessageFeedback};
pub use ops::knowledge::{Done, Pages};
pub use retry::RetryPolicy;
pub use wonderchat_api::{ApiKey, SessionCookie};

/// The client generated from the spec and its wire types, for callers who
/// need the exact JSON shapes or a call this crate does not wrap. Not
/// covered by this crate's semver promise: it changes whenever the spec or
/// the generator does.
pub mod low_level {
    pub use wonderchat_api::*;
}

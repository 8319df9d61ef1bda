#![doc = include_str!("../README.md")]
//!
//! ## Feature flags
#![doc = document_features::document_features!()]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod adaptive;
mod classify;
mod client;
mod config;
mod engine;
mod error;
mod feedback;
mod ops;
mod retry;
pub mod webhook;

pub use classify::{is_unprintable, printable};
pub use client::Client;
pub use config::{
    API_KEY_ENV, BASE_URL_ENV, ClientBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_CHATLOG_BYTES, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_OPERATION_TIMEOUT, DEFAULT_STREAM_IDLE_TIMEOUT, http_client_builder,
};
pub use error::{DecodeError, Error, Remedy, Resource, ResourceId, TransportError};
pub use feedback::{Feedback, ParseFeedbackError, RecordedFeedback};
// Each resource's file: a new operation of an existing resource kind adds
// nothing here.
pub use ops::chat::{ChatAnswer, ChatBuilder, ChatEvent, ChatStream, Conversation, Source};
pub use ops::chatbot::*;
pub use ops::chatlog::*;
pub use ops::export::{ChatExchange, Chatlog, ChatlogStream, ExportBuilder};
pub use ops::message::*;
pub use retry::RetryPolicy;
pub use wonderchat_api::{ApiKey, SessionCookie};

/// The client generated from the spec and its wire types, for callers who
/// need the exact JSON shapes or a call this crate does not wrap. Not
/// covered by this crate's semver promise: it changes whenever the spec or
/// the generator does.
pub mod low_level {
    pub use wonderchat_api::*;
}

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
    DEFAULT_OPERATION_TIMEOUT, DEFAULT_STREAM_IDLE_TIMEOUT,
};
pub use error::{DecodeError, Error, Resource, TransportError};
pub use feedback::{Feedback, ParseFeedbackError, RecordedFeedback};
pub use ops::Done;
pub use ops::chat::{ChatAnswer, ChatBuilder, ChatEvent, ChatStream, Conversation, Source};
pub use ops::export::{ChatExchange, Chatlog, ChatlogStream, ExportBuilder};
pub use ops::feedback::{FeedbackBuilder, FeedbackUpdate};
pub use ops::messages::{Author, ChatMessage, ChatMessages, MessagesBuilder};
pub use ops::pages::PagesBuilder;
pub use ops::tags::TagsBuilder;

/// The 0.1 name of [`ChatBuilder`].
#[deprecated(since = "0.2.0", note = "renamed ChatBuilder")]
pub type Chat<'a> = ChatBuilder<'a>;
/// The 0.1 name of [`FeedbackBuilder`].
#[deprecated(since = "0.2.0", note = "renamed FeedbackBuilder")]
pub type UpdateMessageFeedback<'a> = FeedbackBuilder<'a>;
/// The 0.1 name of [`ExportBuilder`].
#[deprecated(since = "0.2.0", note = "renamed ExportBuilder")]
pub type ExportChatlogs<'a> = ExportBuilder<'a>;
/// The 0.1 name of [`PagesBuilder`].
#[deprecated(since = "0.2.0", note = "renamed PagesBuilder")]
pub type Pages<'a> = PagesBuilder<'a>;
/// The 0.1 name of [`TagsBuilder`].
#[deprecated(since = "0.2.0", note = "renamed TagsBuilder")]
pub type Tags<'a> = TagsBuilder<'a>;
/// The 0.1 name of [`MessagesBuilder`].
#[deprecated(since = "0.2.0", note = "renamed MessagesBuilder")]
pub type Messages<'a> = MessagesBuilder<'a>;
pub use retry::RetryPolicy;
pub use wonderchat_api::{ApiKey, SessionCookie};

/// The client generated from the spec and its wire types, for callers who
/// need the exact JSON shapes or a call this crate does not wrap. Not
/// covered by this crate's semver promise: it changes whenever the spec or
/// the generator does.
pub mod low_level {
    pub use wonderchat_api::*;
}

#![doc = include_str!("../README.md")]
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

pub use client::Client;
pub use config::{
    API_KEY_ENV, BASE_URL_ENV, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};
pub use engine::printable;
pub use error::{DecodeError, Error};
pub use feedback::{Feedback, ParseFeedbackError, RecordedFeedback};
pub use ops::feedback::{FeedbackUpdate, UpdateMessageFeedback};
pub use retry::RetryPolicy;
pub use wonderchat_api::ApiKey;

/// The generated wire types, for callers who need the exact JSON shapes.
pub use wonderchat_api::types;

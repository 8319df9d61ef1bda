//! Helpers shared by the wrapper's integration tests.
#![allow(dead_code)]

use std::time::Duration;

use wonderchat::{Client, RetryPolicy};
use wonderchat_mock::{Fault, MockServer};

/// A client for `mock`, with short waits so retry tests run fast.
pub(crate) fn client(mock: &MockServer) -> Client {
    builder(mock).build().unwrap()
}

/// The builder behind [`client`], to adjust.
pub(crate) fn builder(mock: &MockServer) -> wonderchat::ClientBuilder {
    Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .retry(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
}

/// A scripted answer with a body and content type.
pub(crate) fn respond(status: u16, content_type: &str, body: &str) -> Fault {
    Fault::answer(status, content_type, body)
}

/// A scripted `ErrorResponse` answer.
pub(crate) fn error_json(status: u16, message: &str) -> Fault {
    Fault::json(
        status,
        serde_json::json!({"status": "error", "message": message}).to_string(),
    )
}

/// A scripted answer with a JSON body and extra headers.
pub(crate) fn respond_with_headers(status: u16, headers: &[(&str, &str)], body: &str) -> Fault {
    let mut all = vec![("content-type".to_owned(), "application/json".to_owned())];
    all.extend(
        headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    Fault::Respond {
        status,
        headers: all,
        body: body.into(),
    }
}

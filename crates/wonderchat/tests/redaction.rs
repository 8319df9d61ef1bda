//! Its own test binary, not a module of `it`: it captures the SDK's traces,
//! and tracing caches per callsite whether anyone listens, which other
//! tests of a shared binary decide first.

//! The API key never shows: not in `Debug` or `Display` of any public type,
//! not in errors, not in traces at any level.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[path = "it/common/mod.rs"]
mod common;

use common::{error_json, respond};
use wonderchat::low_level::types;
use wonderchat::{ApiKey, Client, Error, Feedback, RetryPolicy};
use wonderchat_mock::{Fault, MockServer};

const CANARY: &str = "canary-9f3b1c-secret-key";

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(CANARY), "{what} shows the API key: {text}");
}

/// A tracing writer that keeps everything written.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_key_never_appears_anywhere() {
    let sink = Sink::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer({
            let sink = sink.clone();
            move || sink.clone()
        })
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = MockServer::builder().api_key(CANARY).start().await.unwrap();
    // A server that echoes the key back in its messages, to prove scrubbing.
    mock.push_faults([
        error_json(500, &format!("bad key {CANARY}")),
        error_json(400, &format!("apiKey {CANARY} malformed")),
        respond(418, "text/plain", &format!("teapot {CANARY}")),
        respond(404, "text/html", &format!("<p>{CANARY}</p>")),
        respond(
            200,
            "application/json",
            &format!(r#"{{"status":"error","message":"{CANARY}"}}"#),
        ),
        respond(200, "text/plain", &format!("not json {CANARY}")),
        Fault::RateLimited {
            retry_after_secs: Some(999),
        },
    ]);
    let builder = Client::builder()
        .api_key(CANARY)
        .base_url(mock.base_url())
        .retry(RetryPolicy::disabled());
    assert_clean("ClientBuilder Debug", &format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_clean("Client Debug", &format!("{client:?}"));
    let request = client
        .update_message_feedback("m", Feedback::Helpful)
        .comment("c");
    assert_clean("request builder Debug", &format!("{request:?}"));

    let mut errors: Vec<Error> = Vec::new();
    for _ in 0..7 {
        errors.push(request.clone().send().await.unwrap_err());
    }
    // Client-side errors.
    errors.push(
        Client::builder()
            .api_key(CANARY)
            .base_url("http://example.com")
            .build()
            .unwrap_err(),
    );
    errors.push(
        Client::builder()
            .api_key(CANARY)
            .base_url("nonsense")
            .build()
            .unwrap_err(),
    );
    errors.push(
        client
            .update_message_feedback(" ", Feedback::Helpful)
            .await
            .unwrap_err(),
    );
    let closed = Client::builder()
        .api_key(CANARY)
        .base_url("http://127.0.0.1:9")
        .retry(RetryPolicy::disabled())
        .attempt_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    errors.push(
        closed
            .update_message_feedback("m", Feedback::Helpful)
            .await
            .unwrap_err(),
    );
    assert!(errors.iter().any(|e| matches!(e, Error::Server { .. })));
    for err in &errors {
        assert_clean("error Display", &err.to_string());
        assert_clean("error Debug", &format!("{err:?}"));
        let mut source = std::error::Error::source(err);
        while let Some(inner) = source {
            assert_clean("error source", &inner.to_string());
            source = inner.source();
        }
    }

    let update = request.clone().send().await.unwrap();
    assert_clean("FeedbackUpdate Debug", &format!("{update:?}"));

    let key = ApiKey::new(CANARY);
    assert_clean("ApiKey Debug", &format!("{key:?}"));
    assert_clean("ApiKey Display", &format!("{key}"));
    let wire = types::UpdateMessageFeedbackRequest {
        api_key: key,
        feedback: types::Feedback::Helpful,
        message_id: "m".parse().unwrap(),
        user_comment: None,
    };
    assert_clean("generated request Debug", &format!("{wire:?}"));
    let wire_builder = types::UpdateMessageFeedbackRequest::builder().api_key(CANARY);
    assert_clean(
        "generated request builder Debug",
        &format!("{wire_builder:?}"),
    );

    let traces = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(
        traces.contains("wonderchat.attempt"),
        "no trace captured: {traces}"
    );
    assert_clean("traces", &traces);
}

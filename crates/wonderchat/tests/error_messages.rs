//! The text of every error, as a reviewed snapshot: a change of wording
//! shows up as a diff.

use std::time::Duration;

use wonderchat::{Error, Feedback};

async fn connect_error() -> wonderchat::TransportError {
    // Port 1 on loopback: nothing listens there.
    let client = wonderchat::Client::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:1")
        .retry(wonderchat::RetryPolicy::disabled())
        .build()
        .unwrap();
    match client.update_message_feedback("m", Feedback::Helpful).await {
        Err(Error::Connect { source, .. }) => source,
        other => panic!("expected a connect error, got {other:?}"),
    }
}

#[tokio::test]
async fn display_of_every_error() {
    let json_error =
        || wonderchat::DecodeError::new("EOF while parsing a value at line 1 column 10");
    let errors = [
        Error::InvalidInput {
            field: "messageId",
            reason: "the message id is empty or blank: pass the id of the chatbot message the feedback is about".into(),
        },
        "thumbs-up".parse::<Feedback>().unwrap_err().into(),
        Error::Config { message: "base URL \"nonsense\" is not a valid URL".into() },
        Error::BadRequest { message: "feedback: must be one of HELPFUL, NOT_HELPFUL".into() },
        Error::Unauthorized { status: 401, message: "apiKey: invalid API key".into() },
        Error::MessageNotFound { message: "messageId: no message with id \"m\"".into() },
        Error::RateLimited { retry_after: Some(Duration::from_secs(30)), message: "slow down".into(), attempts: 1 },
        Error::RateLimited { retry_after: None, message: "slow down".into(), attempts: 3 },
        Error::Server { status: 503, retry_after: None, message: "maintenance".into(), attempts: 3 },
        Error::Server { status: 503, retry_after: Some(Duration::from_secs(3)), message: "maintenance".into(), attempts: 1 },
        Error::RequestTooLarge { message: "body over 64 KiB".into() },
        Error::ResponseTooLarge { status: Some(200), limit: Some(1 << 20) },
        Error::ResponseTooLarge { status: None, limit: None },
        Error::InsecureBaseUrl { url: "http://example.com".into() },
        Error::Cancelled { attempts: 1 },
        Error::UnexpectedStatus { status: 418, body: "I'm a teapot".into() },
        Error::Api { message: "message locked".into() },
        Error::Decode { status: 200, snippet: "{\"status\":".into(), source: json_error() },
        Error::Redirect { status: 307, location: "https://elsewhere.example/api".into() },
        Error::Connect { source: connect_error().await, attempts: 3 },
        Error::Timeout { after: Duration::from_millis(1500), attempts: 2 },
        Error::Transport { source: connect_error().await, attempts: 1 },
    ];
    let text: Vec<String> = errors
        .iter()
        .map(|e| format!("[{}] {e}", e.kind()))
        .collect();
    insta::assert_snapshot!(text.join("\n"));
}

#[tokio::test]
async fn no_error_repeats_its_cause_in_its_own_text() {
    use std::error::Error as _;
    for err in [
        Error::Connect {
            source: connect_error().await,
            attempts: 1,
        },
        Error::Transport {
            source: connect_error().await,
            attempts: 1,
        },
        Error::Decode {
            status: 200,
            snippet: "x".into(),
            source: wonderchat::DecodeError::new("EOF at column 1"),
        },
    ] {
        let own = err.to_string();
        let mut cause = err.source();
        while let Some(inner) = cause {
            let text = inner.to_string();
            assert!(!own.contains(&text), "{own:?} repeats {text:?}");
            cause = inner.source();
        }
    }
}

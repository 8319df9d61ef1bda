//! What the client puts on the wire, captured by a tiny loopback server, and
//! how it reads the API page's own example answer.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;
use wonderchat::{Client, Feedback};

/// The example response of the API page, verbatim.
const PAGE_RESPONSE: &str = r#"{
  "status": "success",
  "feedback": "HELPFUL",
  "wasUpdated": false,
  "messageFeedback": {
    "id": "clm1n0vvs000008l43ez2bxyz",
    "feedbackType": "HELPFUL",
    "submittedAt": "2023-12-01T06:35:45.123Z"
  }
}"#;

#[derive(Default)]
struct Captured {
    headers: Option<HeaderMap>,
    body: Option<String>,
}

async fn capture_server() -> (String, Arc<Mutex<Captured>>) {
    let captured = Arc::new(Mutex::new(Captured::default()));
    let state = Arc::clone(&captured);
    let app = Router::new().route(
        "/api/v1/update-message-feedback",
        post(move |headers: HeaderMap, body: String| async move {
            let mut c = state.lock().unwrap();
            c.headers = Some(headers);
            c.body = Some(body);
            ([("content-type", "application/json")], PAGE_RESPONSE)
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, captured)
}

#[tokio::test]
async fn the_page_example_request_on_the_wire() {
    let (url, captured) = capture_server().await;
    let client = Client::builder()
        .api_key("YOUR_API_KEY")
        .base_url(url)
        .build()
        .unwrap();
    let update = client
        .update_message_feedback("YOUR_MESSAGE_ID", Feedback::Helpful)
        .comment("This answer was very helpful!")
        .send()
        .await
        .unwrap();

    // The page's example answer decodes to the documented values.
    assert!(!update.was_updated);
    assert_eq!(update.feedback_id, "clm1n0vvs000008l43ez2bxyz");
    assert_eq!(update.feedback_type, Feedback::Helpful);
    assert_eq!(
        update.submitted_at.to_rfc3339(),
        "2023-12-01T06:35:45.123+00:00"
    );

    let captured = captured.lock().unwrap();
    // The exact bytes sent for the page's example request.
    insta::assert_snapshot!(
        "page_example_request_body",
        captured.body.as_deref().unwrap()
    );
    let headers = captured.headers.as_ref().unwrap();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    assert_eq!(
        header("user-agent"),
        concat!("wonderchat-rs/", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(header("accept"), "application/json");
    // Kept on purpose: it names the spec revision the client was built from.
    assert_eq!(header("api-version"), "2.0.0");
}

#[tokio::test]
async fn without_a_comment_the_field_is_left_out() {
    let (url, captured) = capture_server().await;
    let client = Client::builder()
        .api_key("k")
        .base_url(url)
        .build()
        .unwrap();
    client
        .update_message_feedback("m1", Feedback::NotHelpful)
        .await
        .unwrap();
    let body = captured.lock().unwrap().body.clone().unwrap();
    assert_eq!(
        body,
        r#"{"apiKey":"k","feedback":"NOT_HELPFUL","messageId":"m1"}"#
    );
}

#[tokio::test]
async fn a_custom_user_agent_is_sent() {
    let (url, captured) = capture_server().await;
    let client = Client::builder()
        .api_key("k")
        .base_url(url)
        .user_agent("my-app/2.0")
        .build()
        .unwrap();
    client
        .update_message_feedback("m1", Feedback::Helpful)
        .await
        .unwrap();
    let captured = captured.lock().unwrap();
    assert_eq!(
        captured.headers.as_ref().unwrap()["user-agent"],
        "my-app/2.0"
    );
}

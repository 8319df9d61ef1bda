//! Every documented field of the reference's example answers is decoded:
//! the SDK sends the reference's example requests to a loopback server that
//! answers with the spec's example answers. (That each request is the
//! reference's, byte for byte, is the CLI's placement test, which covers
//! every operation of the spec: `commands/mod.rs`.)

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Path;
use axum::routing::post;
use wonderchat::Client;

/// The spec, parsed.
fn spec() -> serde_json::Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(wonderchat_api::spec::OPENAPI_YAML).unwrap();
    serde_json::to_value(yaml).unwrap()
}

/// path → (reference request, reference answer or `{}`).
fn examples() -> BTreeMap<String, (serde_json::Value, serde_json::Value)> {
    let spec = spec();
    spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, item)| {
            let post = &item["post"];
            let request = post["requestBody"]["content"]["application/json"]["examples"]["reference"]
                ["value"]
                .clone();
            let answer = post["responses"]["200"]["content"]["application/json"]["examples"]
                ["reference"]["value"]
                .clone();
            let answer = if answer.is_null() { serde_json::json!({}) } else { answer };
            (path.clone(), (request, answer))
        })
        .collect()
}

/// A loopback server that records each request body by path and answers
/// with the spec's example answer.
async fn capture() -> (String, Arc<Mutex<BTreeMap<String, serde_json::Value>>>) {
    let seen = Arc::new(Mutex::new(BTreeMap::new()));
    let store = Arc::clone(&seen);
    let answers: BTreeMap<String, serde_json::Value> =
        examples().into_iter().map(|(p, (_, a))| (p, a)).collect();
    let app = Router::new().route(
        "/api/v1/{op}",
        post(move |Path(op): Path<String>, body: String| {
            let store = Arc::clone(&store);
            let answer = answers[&format!("/api/v1/{op}")].clone();
            async move {
                let body: serde_json::Value = serde_json::from_str(&body).unwrap();
                store.lock().unwrap().insert(format!("/api/v1/{op}"), body);
                axum::Json(answer)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn each_reference_answer_is_decoded_whole() {
    let (url, seen) = capture().await;
    let client = Client::builder()
        .api_key("YOUR_API_KEY")
        .base_url(url)
        .build()
        .unwrap();
    let date = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();

    let answer = client
        .chat("YOUR_CHATBOT_ID", "Hello there!")
        .chatlog("YOUR_CHATLOG_ID")
        .context("You are speaking with John, a 28 year old salesperson from Canada. English is not his native language, so please refrain from using complicated words.")
        .context_url("https://yourwebsite.com/john-info")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            answer.message_id.as_str(),
            answer.text.as_str(),
            answer.chatlog_id.as_str()
        ),
        (
            "cm1234567890",
            "Hello there, how may I help you?",
            "cli7n0vvs000008l43ez2bxa0"
        )
    );
    assert_eq!(answer.sources[0].url, "https://www.yourwebsite.com/source1");
    assert_eq!(answer.sources[0].title.as_deref(), Some("About Us"));

    client
        .update_message_feedback("YOUR_MESSAGE_ID", wonderchat::Feedback::Helpful)
        .comment("This answer was very helpful!")
        .send()
        .await
        .unwrap();
    client
        .add_pages("YOUR_CHATBOT_ID", ["https://wonderchat.io"])
        .send()
        .await
        .unwrap();
    client
        .delete_pages("YOUR_CHATBOT_ID", ["https://wonderchat.io/pricing"])
        .send()
        .await
        .unwrap();
    let chatlogs = client
        .export_chatlogs()
        .chatbot("YOUR_CHATBOT_ID")
        .since(date("2023-12-01T06:34:38.903Z"))
        .until(date("2023-12-02T06:34:38.903Z"))
        .collect()
        .await
        .unwrap();
    let c = &chatlogs[0];
    assert_eq!(c.created_at, date("2023-12-01T06:34:38.903Z"));
    assert_eq!(c.chatbot_id, "clx123abc");
    assert_eq!(c.user_email.as_deref(), Some("john@example.com"));
    assert_eq!(c.user_phone_number.as_deref(), Some("+1234567890"));
    assert_eq!(c.user_name.as_deref(), Some("John Doe"));
    assert_eq!(c.country_code.as_deref(), Some("US"));
    assert_eq!(c.user_feedback.as_deref(), Some("GOOD"));
    assert_eq!(c.average_confidence, Some(0.85));
    assert_eq!(c.ai_resolution_state.as_deref(), Some("RESOLVED"));
    assert_eq!(
        c.initial_page_url.as_deref(),
        Some("https://example.com/support")
    );
    assert_eq!(
        c.messages[0].user_message.as_deref(),
        Some("Hello, I need help")
    );
    assert_eq!(
        c.messages[0].bot_message.as_deref(),
        Some("Hi! I'm here to help you.")
    );
    assert_eq!(c.messages[0].created_at, date("2023-12-01T06:34:38.903Z"));
    client
        .add_tags("YOUR_CHATLOG_ID", ["Support", "Billing", "Priority"])
        .send()
        .await
        .unwrap();
    let captured_add_tags = seen.lock().unwrap()["/api/v1/add-tags-to-chatlog"].clone();
    client
        .delete_tags("YOUR_CHATLOG_ID", ["Resolved", "Outdated"])
        .send()
        .await
        .unwrap();
    let messages = client.messages("YOUR_CHATLOG_ID").send().await.unwrap();
    assert_eq!(messages[0].author, wonderchat::Author::Bot);
    assert_eq!(messages[1].content, "I have a question about your product.");
    assert_eq!(messages[1].created_at, date("2023-12-01T06:35:10.123Z"));

    // The tags were sent as the reference writes them.
    assert_eq!(
        captured_add_tags["tags"],
        serde_json::json!(["Support", "Billing", "Priority"])
    );
}

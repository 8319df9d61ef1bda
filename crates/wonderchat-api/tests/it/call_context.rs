//! `CallContext::run`: one generated client, each request with the context
//! put in force for it, even when requests of different contexts run at once
//! in the same task.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

use wonderchat_api::{CallContext, Client, Redactor, types};

const ANSWER: &str = r#"{"status":"success","feedback":"HELPFUL","wasUpdated":false,"messageFeedback":{"id":"fb-secret-token","feedbackType":"HELPFUL","submittedAt":"2026-11-26T10:00:00.000Z"}}"#;

/// Answers every request with `ANSWER` after a short pause (so that
/// concurrent requests overlap); returns the base URL.
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                // Headers, then the body's declared length.
                loop {
                    let n = stream.read(&mut buf).unwrap();
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&request);
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length: usize = text[..end]
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().parse().unwrap())
                            })
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{ANSWER}",
                    ANSWER.len()
                );
            });
        }
    });
    url
}

fn request() -> types::UpdateMessageFeedbackRequest {
    serde_json::from_str(r#"{"apiKey":"k","messageId":"m","feedback":"HELPFUL"}"#).unwrap()
}

#[tokio::test]
async fn concurrent_requests_keep_their_own_context() {
    // Built alongside the SDK, reqwest has rustls without a provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = Client::new_with_client(&server(), reqwest::Client::new(), CallContext::default());
    // A 10-byte limit, and a full one that also knows a secret.
    let tight = CallContext::new(10, Arc::default());
    let scrubbing = CallContext::new(1 << 20, Arc::new(Redactor::new(Some("secret-token"))));
    let send = || client.update_message_feedback().body(request()).send();
    let ((small, small_meta), (full, full_meta)) =
        tokio::join!(tight.run(send()), scrubbing.run(send()));

    let small_meta = small_meta.expect("the tight request recorded its answer");
    assert!(small_meta.too_large);
    assert!(small.is_err(), "an answer over the limit is not decoded");

    let full_meta = full_meta.expect("the full request recorded its answer");
    assert!(!full_meta.too_large);
    let id = full.unwrap().into_inner().message_feedback.id;
    assert!(!id.contains("secret-token"), "{id}");

    // Nothing was recorded in the client's own context, nor in those run.
    assert!(wonderchat_api::ClientInfo::inner(&client).meta().is_none());
    assert!(tight.meta().is_none() && scrubbing.meta().is_none());

    // Outside `run`, the client's own context is in force and records.
    client
        .update_message_feedback()
        .body(request())
        .send()
        .await
        .unwrap();
    assert_eq!(
        wonderchat_api::ClientInfo::inner(&client)
            .meta()
            .unwrap()
            .status,
        200
    );
}

//! A webhook receiver: verifies each delivery with the webhook's secret
//! (from WONDERCHAT_WEBHOOK_SECRET), answers 200 or 401, and prints the event.
//!
//! `WONDERCHAT_WEBHOOK_SECRET=whsec_demo cargo run -p wonderchat --example webhook_receiver`,
//! then, in another terminal:
//! `cargo run -p wonderchat-mock -- trigger live-chat-initiated --to http://127.0.0.1:4242/ --secret whsec_demo`

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use wonderchat::webhook::{SIGNATURE_HEADER, TIMESTAMP_HEADER, Verifier, WebhookEvent};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("WONDERCHAT_WEBHOOK_SECRET")
        .map_err(|_| "set WONDERCHAT_WEBHOOK_SECRET to the webhook's secret")?;
    let verifier = Verifier::new(secret).tolerance(std::time::Duration::from_secs(300));
    let app = axum::Router::new().fallback(axum::routing::post(
        move |headers: HeaderMap, body: Bytes| {
            let verifier = verifier.clone();
            async move {
                let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
                let signature = header(SIGNATURE_HEADER).unwrap_or_default();
                match verifier.verify(&body, signature, header(TIMESTAMP_HEADER)) {
                    Ok(WebhookEvent::LiveChatInitiated(event)) => {
                        println!("a human is wanted in chatlog {}", event.chatlog_id);
                        StatusCode::OK
                    }
                    Ok(other) => {
                        println!("{} (not handled here)", other.name());
                        StatusCode::OK
                    }
                    Err(refused) => {
                        eprintln!("refused: {refused}");
                        StatusCode::UNAUTHORIZED
                    }
                }
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:4242").await?;
    println!("listening on http://127.0.0.1:4242/");
    axum::serve(listener, app).await?;
    Ok(())
}

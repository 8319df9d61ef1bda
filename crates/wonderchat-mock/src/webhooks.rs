//! Webhook deliveries: a signed `LIVE_CHAT_INITIATED` POST, exactly as
//! Wonderchat's reference describes it (JSON envelope, hex HMAC-SHA256 in
//! `X-Wonderchat-Signature`, send time in `X-Wonderchat-Timestamp`), retried
//! with backoff while the receiver fails, each attempt logged on stderr.
//! Deliveries go over plain HTTP (receivers under test are local), through
//! hyper's client: no TLS stack to choose for the mock.

use std::time::Duration;

use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use wonderchat_api::signature::{SIGNATURE_HEADER, TIMESTAMP_HEADER, sign};

/// Attempts per delivery.
const ATTEMPTS: u32 = 4;

/// Where deliveries go, and the secret that signs them.
#[derive(Clone)]
pub(crate) struct Target {
    url: String,
    secret: String,
    http: Client<HttpConnector, Full<bytes::Bytes>>,
}

impl Target {
    pub(crate) fn new(url: String, secret: String) -> Self {
        let http = Client::builder(TokioExecutor::new()).build_http();
        Self { url, secret, http }
    }

    /// One POST of `body`; the answer's status.
    async fn post(&self, body: &str, signature: &str) -> Result<u16, String> {
        let sent_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let request = axum::http::Request::post(&self.url)
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature)
            .header(TIMESTAMP_HEADER, sent_at)
            .body(Full::new(bytes::Bytes::from(body.to_owned())))
            .map_err(|e| format!("invalid webhook URL {:?}: {e}", self.url))?;
        let response = tokio::time::timeout(Duration::from_secs(10), self.http.request(request))
            .await
            .map_err(|_| "no answer within 10 s".to_owned())?
            .map_err(|e| e.to_string())?;
        Ok(response.status().as_u16())
    }

    /// Delivers in the background.
    pub(crate) fn spawn(&self, body: String) {
        let target = self.clone();
        tokio::spawn(async move {
            let _ = target.deliver(&body).await;
        });
    }

    /// Delivers, retrying with backoff; the last status, or why it failed.
    pub(crate) async fn deliver(&self, body: &str) -> Result<u16, String> {
        let signature = sign(&self.secret, body.as_bytes());
        let mut wait = Duration::from_millis(250);
        let mut last = Err("not sent".to_owned());
        for attempt in 1..=ATTEMPTS {
            last = self.post(body, &signature).await;
            let shown = match &last {
                Ok(status) => format!("HTTP {status}"),
                Err(e) => format!("failed: {e}"),
            };
            eprintln!(
                "webhook delivery to {} (attempt {attempt}/{ATTEMPTS}): {shown}",
                self.url
            );
            if matches!(last, Ok(200..=299)) {
                break;
            }
            if attempt < ATTEMPTS {
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
        }
        last
    }
}

/// Whether a question asks for a human agent (the mock's trigger).
pub(crate) fn asks_for_a_human(question: &str) -> bool {
    question
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("human") || w.eq_ignore_ascii_case("agent"))
}

/// A `LIVE_CHAT_INITIATED` event body.
pub(crate) fn live_chat_initiated(
    chatlog_id: &str,
    chatbot_id: &str,
    user_message: &str,
) -> String {
    serde_json::json!({
        "event": "LIVE_CHAT_INITIATED",
        "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": {
            "chatlogId": chatlog_id,
            "userMessage": user_message,
            "email": null,
            "name": null,
            "phoneNumber": null,
            "chatbotId": chatbot_id,
            "chatbotName": "Demo chatbot",
        }
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trigger_is_a_request_for_a_human() {
        assert!(asks_for_a_human("Can I talk to a human?"));
        assert!(asks_for_a_human("AGENT please"));
        assert!(!asks_for_a_human("What is a user agenda?"));
    }
}

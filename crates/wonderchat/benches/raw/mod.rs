//! What the benches share: the mock they call, the wrapper client, and the
//! peer, the same request written by hand with reqwest and serde_json as
//! someone skipping the SDK would. (Not every bench uses every item.)
#![allow(dead_code)]

use serde::{Deserialize, Serialize};
use wonderchat::Client;
use wonderchat_mock::MockServer;

/// A mock on loopback and everything pointed at it.
pub struct Setup {
    /// The mock (no request log, so memory stays flat however long a bench runs).
    pub mock: MockServer,
    /// The wrapper client.
    pub client: Client,
    /// A plain reqwest client for the peer and the generated client.
    pub http: reqwest::Client,
    /// The operation's URL on the mock.
    pub url: String,
    /// The mock's API key.
    pub key: String,
}

impl Setup {
    /// Starts the mock and builds the clients.
    pub async fn start() -> Setup {
        install_tls_provider();
        let mock = MockServer::builder()
            .request_log_limit(0)
            .start()
            .await
            .unwrap();
        let client = Client::builder()
            .api_key(mock.api_key())
            .base_url(mock.base_url())
            .build()
            .unwrap();
        let http = reqwest::Client::builder()
            .tcp_nodelay(true)
            .build()
            .unwrap();
        let url = format!("{}/api/v1/update-message-feedback", mock.base_url());
        let key = mock.api_key().to_owned();
        Setup {
            mock,
            client,
            http,
            url,
            key,
        }
    }
}

/// The peer's plain reqwest clients need a process-wide rustls provider
/// (reqwest is built with rustls but no provider; the wrapper configures its
/// own per client).
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RawRequest<'a> {
    api_key: &'a str,
    message_id: &'a str,
    feedback: &'a str,
    user_comment: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct RawResponse {
    status: String,
    feedback: String,
    was_updated: bool,
    message_feedback: RawEntry,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct RawEntry {
    id: String,
    feedback_type: String,
    submitted_at: String,
}

/// One call: `HELPFUL` with a comment on `msg_bench`.
pub async fn call(client: &reqwest::Client, url: &str, key: &str) -> RawResponse {
    let request = RawRequest {
        api_key: key,
        message_id: "msg_bench",
        feedback: "HELPFUL",
        user_comment: "benchmark",
    };
    client
        .post(url)
        .json(&request)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json::<RawResponse>()
        .await
        .unwrap()
}

//! What the benches share: the mock they call, the wrapper client, the
//! peer (the same request written by hand with reqwest and serde_json, as
//! someone skipping the SDK would), and a canned server for the benches
//! that count the client's work alone. (Not every bench uses every item.)
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;

use serde::{Deserialize, Serialize};
use wonderchat::Client;
use wonderchat_mock::MockServer;

/// The operation's path, written by hand as the peer would.
const PATH: &str = "/api/v1/update-message-feedback";

/// A mock on loopback and everything pointed at it.
pub(crate) struct Setup {
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
    pub(crate) async fn start() -> Setup {
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
        let http = peer_client();
        let url = format!("{}{PATH}", mock.base_url());
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

/// Both sides pointed at a [`canned_server`], for the benches that count
/// the client's work alone.
pub(crate) struct Canned {
    /// The wrapper client.
    pub client: Client,
    /// The peer's reqwest client.
    pub http: reqwest::Client,
    /// The operation's URL on the canned server.
    pub url: String,
}

impl Canned {
    /// The key the canned server is called with (it checks none).
    pub(crate) const KEY: &str = "bench-key";

    /// Starts a canned server and builds both clients.
    pub(crate) fn start() -> Canned {
        install_tls_provider();
        let base_url = canned_server();
        let client = Client::builder()
            .api_key(Self::KEY)
            .base_url(&base_url)
            .build()
            .unwrap();
        Canned {
            client,
            http: peer_client(),
            url: format!("{base_url}{PATH}"),
        }
    }
}

/// A current-thread runtime: everything on the client side of a call (the
/// call, hyper's connection task) then runs on the calling thread.
pub(crate) fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The peer's reqwest client, as someone skipping the SDK would build it.
pub(crate) fn peer_client() -> reqwest::Client {
    reqwest::Client::builder()
        .tcp_nodelay(true)
        .build()
        .unwrap()
}

/// The wrapper's side of every comparison: `HELPFUL` with a comment on
/// `msg_bench`, as `call` sends it.
pub(crate) async fn wrapper_call(client: &Client) {
    client
        .update_message_feedback("msg_bench", wonderchat::Feedback::Helpful)
        .comment("benchmark")
        .send()
        .await
        .unwrap();
}

/// The peer's plain reqwest clients need a process-wide rustls provider
/// (reqwest is built with rustls but no provider; the wrapper configures its
/// own per client).
pub(crate) fn install_tls_provider() {
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
pub(crate) struct RawResponse {
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
pub(crate) async fn call(client: &reqwest::Client, url: &str, key: &str) -> RawResponse {
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

/// The mock's answer to the feedback request, byte for byte.
const ANSWER: &str = r#"{"status":"success","feedback":"HELPFUL","wasUpdated":true,"messageFeedback":{"id":"clm1n0vvs000008l43ez2bxyz","feedbackType":"HELPFUL","submittedAt":"2026-11-26T10:00:00.000Z"}}"#;

/// Answers every request on every connection with `ANSWER`, reading into
/// a fixed buffer; returns the base URL.
pub(crate) fn canned_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{ANSWER}",
        ANSWER.len()
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let head = head.clone();
            std::thread::spawn(move || {
                let _ = stream.set_nodelay(true);
                let mut buf = [0u8; 16 * 1024];
                let mut filled = 0;
                loop {
                    let Ok(n) = stream.read(&mut buf[filled..]) else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    filled += n;
                    // One request: headers, then content-length bytes.
                    while let Some(end) = find(&buf[..filled], b"\r\n\r\n") {
                        let length = content_length(&buf[..end]);
                        let total = end + 4 + length;
                        if filled < total {
                            break;
                        }
                        if stream.write_all(head.as_bytes()).is_err() {
                            return;
                        }
                        buf.copy_within(total..filled, 0);
                        filled -= total;
                    }
                }
            });
        }
    });
    url
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    head.split(|&b| b == b'\n')
        .find_map(|line| {
            let line = std::str::from_utf8(line).ok()?.trim();
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

//! The mock over raw HTTP/1.1 on loopback: validation, errors, spec
//! documents, faults and slow clients. Raw sockets let the tests send what
//! no well-behaved client would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::{Value, json};
use wonderchat_mock::{DEMO_API_KEY, Fault, MockServer};

const PATH: &str = "/api/v1/update-message-feedback";

struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn message(&self) -> String {
        self.json()["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// Sends raw bytes, reads until the server closes. Blocking: run with spawn_blocking.
fn exchange(addr: SocketAddr, raw: Vec<u8>) -> Option<Answer> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(&raw).unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).ok()?;
    if text.is_empty() {
        return None;
    }
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Some(Answer {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_owned(),
    })
}

fn request(method: &str, path: &str, content_type: Option<&str>, body: &str) -> Vec<u8> {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if let Some(ct) = content_type {
        raw.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    raw.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    raw.into_bytes()
}

async fn send(addr: SocketAddr, raw: Vec<u8>) -> Option<Answer> {
    tokio::task::spawn_blocking(move || exchange(addr, raw))
        .await
        .unwrap()
}

async fn post(mock: &MockServer, body: &str) -> Answer {
    send(
        mock.addr(),
        request("POST", PATH, Some("application/json"), body),
    )
    .await
    .unwrap()
}

fn valid() -> Value {
    json!({"apiKey": DEMO_API_KEY, "messageId": "m1", "feedback": "HELPFUL", "userComment": "ok"})
}

#[tokio::test]
async fn a_valid_request_is_stored_and_answered_in_the_documented_shape() {
    let mock = MockServer::start().await;
    let answer = post(&mock, &valid().to_string()).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.headers.contains("content-type: application/json"));
    let json = answer.json();
    assert_eq!(json["status"], "success");
    assert_eq!(json["feedback"], "HELPFUL");
    assert_eq!(json["wasUpdated"], false);
    assert_eq!(json["messageFeedback"]["feedbackType"], "HELPFUL");
    let stored = mock.feedback("m1").unwrap();
    assert_eq!(json["messageFeedback"]["id"], stored.id.as_str());
    assert_eq!(stored.user_comment.as_deref(), Some("ok"));

    let mut again = valid();
    again["feedback"] = json!("NOT_HELPFUL");
    let json = post(&mock, &again.to_string()).await.json();
    assert_eq!(json["wasUpdated"], true);
    assert_eq!(json["messageFeedback"]["id"], stored.id.as_str());
    assert_eq!(json["messageFeedback"]["feedbackType"], "NOT_HELPFUL");
}

#[tokio::test]
async fn timestamps_have_milliseconds_and_z_like_the_page() {
    let mock = MockServer::start().await;
    for i in 0..20 {
        let mut body = valid();
        body["messageId"] = json!(format!("m{i}"));
        let json = post(&mock, &body.to_string()).await.json();
        let at = json["messageFeedback"]["submittedAt"]
            .as_str()
            .unwrap()
            .to_owned();
        // 2023-12-01T06:35:45.123Z
        assert_eq!(at.len(), 24, "{at}");
        assert!(at.ends_with('Z') && at.as_bytes()[19] == b'.', "{at}");
        assert!(chrono::DateTime::parse_from_rfc3339(&at).is_ok(), "{at}");
    }
}

#[tokio::test]
async fn invalid_requests_get_400_naming_the_field() {
    let mock = MockServer::start().await;
    let with = |field: &str, value: Value| {
        let mut body = valid();
        body[field] = value;
        body.to_string()
    };
    let without = |field: &str| {
        let mut body = valid();
        body.as_object_mut().unwrap().remove(field);
        body.to_string()
    };
    let cases = [
        (without("messageId"), "messageId: required field is missing"),
        (without("feedback"), "feedback: required field is missing"),
        (with("messageId", json!("")), "messageId:"),
        (with("messageId", json!(42)), "messageId: invalid type"),
        (
            with("feedback", json!("GOOD")),
            "feedback: unknown variant `GOOD`",
        ),
        (
            with("feedback", json!("helpful")),
            "feedback: unknown variant `helpful`",
        ),
        (
            with("userComment", json!(["x"])),
            "userComment: invalid type",
        ),
        ("{\"apiKey\": ".to_owned(), "body: invalid JSON"),
        ("not json".to_owned(), "body: must be a JSON object"),
        ("[1, 2]".to_owned(), "body: must be a JSON object"),
        (format!("{} trailing", valid()), "body: invalid JSON"),
    ];
    for (body, expected) in cases {
        let answer = post(&mock, &body).await;
        assert_eq!(answer.status, 400, "{body} -> {}", answer.body);
        assert_eq!(answer.json()["status"], "error");
        assert!(
            answer.message().starts_with(expected),
            "{body} -> {}",
            answer.message()
        );
    }
    assert!(mock.all_feedback().is_empty(), "nothing invalid was stored");
}

#[tokio::test]
async fn content_type_must_be_json() {
    let mock = MockServer::start().await;
    let body = valid().to_string();
    let answer = send(mock.addr(), request("POST", PATH, None, &body))
        .await
        .unwrap();
    assert_eq!(answer.status, 400);
    assert!(
        answer.message().starts_with("Content-Type: missing"),
        "{}",
        answer.message()
    );
    let answer = send(
        mock.addr(),
        request("POST", PATH, Some("text/plain"), &body),
    )
    .await
    .unwrap();
    assert_eq!(answer.status, 400);
    assert!(answer.message().contains("not application/json"));
    let answer = send(
        mock.addr(),
        request("POST", PATH, Some("application/json; charset=utf-8"), &body),
    )
    .await
    .unwrap();
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn wrong_or_missing_keys_get_401() {
    let mock = MockServer::start().await;
    let mut body = valid();
    body["apiKey"] = json!("wrong");
    assert_eq!(post(&mock, &body.to_string()).await.status, 401);
    body["apiKey"] = json!("");
    assert_eq!(post(&mock, &body.to_string()).await.status, 401);
    body.as_object_mut().unwrap().remove("apiKey");
    let answer = post(&mock, &body.to_string()).await;
    assert_eq!(answer.status, 401);
    assert!(answer.message().starts_with("apiKey:"));
}

#[tokio::test]
async fn configured_keys_replace_the_demo_key() {
    let mock = MockServer::builder()
        .api_key("k1")
        .api_key("k2")
        .start()
        .await
        .unwrap();
    for (key, status) in [("k1", 200), ("k2", 200), (DEMO_API_KEY, 401)] {
        let mut body = valid();
        body["apiKey"] = json!(key);
        assert_eq!(post(&mock, &body.to_string()).await.status, status, "{key}");
    }
}

#[tokio::test]
async fn strict_mode_knows_only_listed_and_added_messages() {
    let mock = MockServer::builder()
        .strict_messages(true)
        .messages(["m1"])
        .start()
        .await
        .unwrap();
    assert_eq!(post(&mock, &valid().to_string()).await.status, 200);
    let mut body = valid();
    body["messageId"] = json!("m2");
    let answer = post(&mock, &body.to_string()).await;
    assert_eq!(answer.status, 404);
    assert!(answer.message().starts_with("messageId:"));
    mock.add_message("m2");
    assert_eq!(post(&mock, &body.to_string()).await.status, 200);
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let mock = MockServer::start().await;
    let mut body = valid();
    body["userComment"] = json!("x".repeat(70 * 1024));
    let answer = post(&mock, &body.to_string()).await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json()["status"], "error");
}

#[tokio::test]
async fn other_paths_and_methods_answer_json() {
    let mock = MockServer::start().await;
    let answer = send(mock.addr(), request("GET", "/nope", None, ""))
        .await
        .unwrap();
    assert_eq!(answer.status, 404);
    assert!(answer.message().contains("/nope"));
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        let answer = send(mock.addr(), request(method, PATH, None, ""))
            .await
            .unwrap();
        assert_eq!(answer.status, 405, "{method}");
        assert!(
            answer.headers.contains("allow: post"),
            "{method}: {}",
            answer.headers
        );
        assert_eq!(answer.json()["status"], "error");
    }
}

#[tokio::test]
async fn the_spec_documents_are_served() {
    let mock = MockServer::start().await;
    let yaml = send(mock.addr(), request("GET", "/openapi.yaml", None, ""))
        .await
        .unwrap();
    assert_eq!(yaml.status, 200);
    assert_eq!(yaml.body, wonderchat_api::spec::OPENAPI_YAML);
    let json = send(mock.addr(), request("GET", "/openapi.json", None, ""))
        .await
        .unwrap();
    assert_eq!(json.body, wonderchat_api::spec::OPENAPI_JSON);
    assert_eq!(
        json.json()["paths"][PATH]["post"]["operationId"],
        "updateMessageFeedback"
    );
}

#[tokio::test]
async fn scripted_faults_answer_in_order_and_are_counted() {
    let mock = MockServer::start().await;
    mock.push_faults([
        Fault::RateLimited {
            retry_after_secs: Some(3),
        },
        Fault::InternalError,
        Fault::Unavailable,
        Fault::DropConnection,
    ]);
    let body = valid().to_string();
    let answer = post(&mock, &body).await;
    assert_eq!(answer.status, 429);
    assert!(answer.headers.contains("retry-after: 3"));
    assert_eq!(post(&mock, &body).await.status, 500);
    assert_eq!(post(&mock, &body).await.status, 503);
    let dropped = send(
        mock.addr(),
        request("POST", PATH, Some("application/json"), &body),
    )
    .await;
    assert!(dropped.is_none(), "the connection closes without an answer");
    assert_eq!(post(&mock, &body).await.status, 200);
    let counts = mock.fault_counts();
    assert_eq!(
        (
            counts.rate_limited,
            counts.internal_error,
            counts.unavailable,
            counts.dropped
        ),
        (1, 1, 1, 1)
    );
    let statuses: Vec<Option<u16>> = mock.requests_received().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(429), Some(500), Some(503), None, Some(200)]);
}

#[tokio::test]
async fn a_client_that_stops_sending_does_not_hold_the_server() {
    let mock = MockServer::builder()
        .request_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    // Promises 100 bytes of body, sends 10.
    let mut raw = format!(
        "POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    .into_bytes();
    raw.extend_from_slice(b"{\"apiKey\":");
    let addr = mock.addr();
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(&raw).unwrap();
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");

    // Headers that never end: the connection is closed.
    let closed = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(b"POST / HTTP/1.1\r\nHost: x\r\n").unwrap();
        let mut rest = Vec::new();
        stream.read_to_end(&mut rest).is_ok()
    })
    .await
    .unwrap();
    assert!(closed, "the server closed the half-sent request");
    // And the server still answers others.
    assert_eq!(post(&mock, &valid().to_string()).await.status, 200);
}

/// The standalone program (the `cli` feature).
#[cfg(feature = "cli")]
mod binary {
    use super::*;
    use std::process::{Child, Command, Stdio};

    /// Runs the standalone binary and returns it with its base URL.
    fn start_binary(args: &[&str]) -> (Child, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wonderchat-mock"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first.trim().rsplit(' ').next().unwrap().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{first}");
        (child, url)
    }

    #[tokio::test]
    async fn the_binary_knows_only_issued_message_ids_by_default() {
        let (mut child, url) = start_binary(&[]);
        let addr: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
        let feedback = |id: &str| {
            format!(r#"{{"apiKey":"wonderchat-demo-key","messageId":"{id}","feedback":"HELPFUL"}}"#)
        };
        let known = send(
            addr,
            request("POST", PATH, Some("application/json"), &feedback("msg_123")),
        )
        .await
        .unwrap();
        let unknown = send(
            addr,
            request(
                "POST",
                PATH,
                Some("application/json"),
                &feedback("never-issued"),
            ),
        )
        .await
        .unwrap();
        child.kill().unwrap();
        let _ = child.wait();
        assert_eq!(known.status, 200, "{}", known.body);
        assert_eq!(unknown.status, 404, "{}", unknown.body);
    }

    #[tokio::test]
    async fn the_binary_answers_the_page_curl_example() {
        // The page's placeholder id is no issued message: lenient mode.
        let (mut child, url) = start_binary(&["--lenient-messages"]);
        let addr: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
        // The page's --data-raw, with the demo key for YOUR_API_KEY.
        let body = r#"{
      "apiKey": "wonderchat-demo-key",
      "messageId": "YOUR_MESSAGE_ID",
      "feedback": "HELPFUL",
      "userComment": "This answer was very helpful!"
    }"#;
        let answer = send(addr, request("POST", PATH, Some("application/json"), body))
            .await
            .unwrap();
        child.kill().unwrap();
        let _ = child.wait();
        assert_eq!(answer.status, 200, "{}", answer.body);
        let json = answer.json();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["feedback", "messageFeedback", "status", "wasUpdated"]
        );
        let mut inner: Vec<&str> = json["messageFeedback"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        inner.sort_unstable();
        assert_eq!(inner, ["feedbackType", "id", "submittedAt"]);
        assert_eq!(json["status"], "success");
        assert_eq!(json["wasUpdated"], false);
        assert_eq!(json["messageFeedback"]["id"].as_str().unwrap().len(), 25);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_binary_stops_cleanly_on_sigterm() {
        let (child, _url) = start_binary(&["--strict-messages"]);
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "exit status {:?}", output.status);
    }

    #[test]
    fn the_binary_rejects_bad_flags() {
        let output = Command::new(env!("CARGO_BIN_EXE_wonderchat-mock"))
            .args(["--fail-503", "1.5"])
            .output()
            .unwrap();
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("not between 0 and 1"));
    }
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_slot() {
    let mock = MockServer::builder()
        .max_connections(1)
        .start()
        .await
        .unwrap();
    let addr = mock.addr();
    let closed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Takes the only slot and sends nothing for a while.
    let holder = {
        let closed = closed.clone();
        std::thread::spawn(move || {
            let idle = TcpStream::connect(addr).unwrap();
            std::thread::sleep(Duration::from_millis(400));
            closed.store(true, std::sync::atomic::Ordering::SeqCst);
            drop(idle);
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let answer = post(&mock, &valid().to_string()).await;
    assert_eq!(answer.status, 200);
    assert!(
        closed.load(std::sync::atomic::Ordering::SeqCst),
        "the second connection was served while the first held the only slot"
    );
    holder.join().unwrap();
}

/// The whole workflow over raw HTTP: ask, rate the answer's id, read the
/// conversation, tag it, see it in `/mock/state` and in the export, reset.
#[tokio::test]
async fn the_workflow_over_raw_http() {
    let mock = MockServer::builder()
        .strict_messages(true)
        .start()
        .await
        .unwrap();
    let addr = mock.addr();
    let call = |path: &'static str, body: String| async move {
        send(addr, request("POST", path, Some("application/json"), &body))
            .await
            .unwrap()
    };
    let key = wonderchat_mock::DEMO_API_KEY;
    let answer = call(
        "/api/v1/chat",
        r#"{"chatbotId":"demo-chatbot","question":"What does it cost?"}"#.into(),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let answer = answer.json();
    let (id, chatlog) = (
        answer["id"].as_str().unwrap(),
        answer["chatlogId"].as_str().unwrap(),
    );
    // No page of the demo chatbot is about cost: no sources, and the
    // generated type leaves the optional field out when it is empty.
    assert!(answer.get("sources").is_none(), "{answer}");

    let rated = call(
        PATH,
        format!(r#"{{"apiKey":"{key}","messageId":"{id}","feedback":"HELPFUL"}}"#),
    )
    .await;
    assert_eq!(rated.status, 200, "{}", rated.body);
    let unknown = call(
        PATH,
        format!(r#"{{"apiKey":"{key}","messageId":"not-issued","feedback":"HELPFUL"}}"#),
    )
    .await;
    assert_eq!(unknown.status, 404);

    let messages = call(
        "/api/v1/messages",
        format!(r#"{{"apiKey":"{key}","chatlogId":"{chatlog}"}}"#),
    )
    .await;
    let messages = messages.json();
    assert_eq!(messages["messages"][0]["type"], "user");
    assert_eq!(messages["messages"][1]["content"], answer["response"]);

    let tagged = call(
        "/api/v1/add-tags-to-chatlog",
        format!(r#"{{"apiKey":"{key}","chatlogId":"{chatlog}","tags":["Billing"]}}"#),
    )
    .await;
    assert_eq!(tagged.status, 200);
    let missing = call(
        "/api/v1/add-tags-to-chatlog",
        format!(r#"{{"apiKey":"{key}","chatlogId":"nope","tags":["x"]}}"#),
    )
    .await;
    assert_eq!(
        (missing.status, missing.message().starts_with("chatlogId:")),
        (404, true)
    );
    let state = mock.state();
    let ours = state["chatlogs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == chatlog)
        .unwrap();
    assert_eq!(ours["tags"], serde_json::json!(["Billing"]));

    let export = call(
        "/api/v1/export-chatlogs",
        format!(r#"{{"apiKey":"{key}"}}"#),
    )
    .await;
    // Written as a stream: chunked.
    assert!(
        export
            .headers
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
    );
    let export: Value = serde_json::from_str(&dechunk(&export.body)).unwrap();
    let rated_chatlog = export["chatlogs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["messages"][0]["userMessage"] == "What does it cost?")
        .unwrap();
    assert_eq!(rated_chatlog["userFeedback"], "GOOD");

    let bad_url = call(
        "/api/v1/add-pages",
        format!(r#"{{"apiKey":"{key}","chatbotId":"demo-chatbot","urls":["not a url"]}}"#),
    )
    .await;
    assert_eq!(
        (bad_url.status, bad_url.message().starts_with("urls[0]:")),
        (400, true)
    );

    let reset = send(addr, request("POST", "/mock/reset", None, ""))
        .await
        .unwrap();
    assert_eq!(reset.status, 200);
    assert_eq!(
        mock.state()["chatlogs"].as_array().unwrap().len(),
        1,
        "only the demo chatlog"
    );
    assert!(mock.feedback(id).is_none());
}

/// The body of a chunked answer.
fn dechunk(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&tail[..size]);
        rest = &tail[size + 2..];
    }
    out
}

/// Sends `count` feedback requests, one after another, over one keep-alive
/// connection; the statuses, up to the first request the connection failed
/// (or closed).
fn over_one_connection(addr: SocketAddr, count: usize) -> Vec<u16> {
    let body = json!({"apiKey": DEMO_API_KEY, "messageId": "m1", "feedback": "HELPFUL", "userComment": "c".repeat(1500)}).to_string();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.set_nodelay(true).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut statuses = Vec::new();
    for _ in 0..count {
        let head = format!(
            "POST {PATH} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        // The body a moment after the head, as clients send it when it is
        // not in the same packet: the early answer comes in between.
        if stream.write_all(head.as_bytes()).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
        if stream.write_all(body.as_bytes()).is_err() {
            break;
        }
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (mut length, mut close) = (0usize, false);
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
            let header = header.to_ascii_lowercase();
            if let Some(value) = header.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
            close |= header.starts_with("connection: close");
        }
        let mut answer = vec![0u8; length];
        if reader.read_exact(&mut answer).is_err() {
            break;
        }
        statuses.push(status);
        if close {
            break;
        }
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn early_429_and_503_answers_keep_the_connection_usable() {
    // Before: answered without reading the body, then the connection was
    // dropped (no `Connection: close`): clients saw broken pipes.
    let mock = MockServer::builder()
        .faults(wonderchat_mock::FaultConfig {
            rate_limit: 0.3,
            unavailable: 0.3,
            ..Default::default()
        })
        .start()
        .await
        .unwrap();
    let addr = mock.addr();
    let statuses = tokio::task::spawn_blocking(move || over_one_connection(addr, 300))
        .await
        .unwrap();
    assert_eq!(statuses.len(), 300, "{statuses:?}");
    assert!(statuses.contains(&429) && statuses.contains(&503) && statuses.contains(&200));

    let limited = MockServer::builder().rate_limit(10).start().await.unwrap();
    let addr = limited.addr();
    let statuses = tokio::task::spawn_blocking(move || over_one_connection(addr, 30))
        .await
        .unwrap();
    assert_eq!(statuses.len(), 30, "{statuses:?}");
    assert!(statuses.contains(&429));
}

#[tokio::test]
async fn the_mock_endpoints_refuse_web_pages() {
    let mock = MockServer::start().await;
    let with = |headers: &str| {
        format!(
            "POST /mock/reset HTTP/1.1\r\n{headers}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n"
        )
        .into_bytes()
    };
    // A cross-origin text/plain POST from a web page, and DNS rebinding.
    for headers in [
        "Host: 127.0.0.1\r\nOrigin: https://evil.example",
        "Host: 127.0.0.1\r\nOrigin: null",
        "Host: evil.example:8765",
    ] {
        let answer = send(mock.addr(), with(headers)).await.unwrap();
        assert_eq!(answer.status, 403, "{headers}");
    }
    for headers in [
        "Host: 127.0.0.1:8765",
        "Host: localhost\r\nOrigin: http://localhost:3000",
        "Host: [::1]:8765\r\nOrigin: http://127.0.0.1:8080",
    ] {
        let answer = send(mock.addr(), with(headers)).await.unwrap();
        assert_eq!(answer.status, 200, "{headers}");
    }
}

#[tokio::test]
async fn mock_state_is_paged_with_totals() {
    let mock = MockServer::builder()
        .seed_chatlogs(2500)
        .start()
        .await
        .unwrap();
    let get = |query: &str| request("GET", &format!("/mock/state{query}"), None, "");
    let first = send(mock.addr(), get("")).await.unwrap().json();
    assert_eq!(first["chatlogs"].as_array().unwrap().len(), 1000);
    assert_eq!(first["totalChatlogs"], 2501);
    let last = send(mock.addr(), get("?offset=2500&limit=10"))
        .await
        .unwrap()
        .json();
    assert_eq!(last["chatlogs"].as_array().unwrap().len(), 1);
    let bad = send(mock.addr(), get("?limit=many")).await.unwrap();
    assert_eq!(bad.status, 400);
    // In process, everything.
    assert_eq!(mock.state()["chatlogs"].as_array().unwrap().len(), 2501);
}

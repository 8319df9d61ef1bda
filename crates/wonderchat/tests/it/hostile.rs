//! The SDK against servers that misbehave on purpose (issue 11), each case a
//! regression test: unbounded bodies and heads, the key echoed in every
//! place a server can put it, Retry-After on 503, values too large for a
//! clock, control characters.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wonderchat::{Client, Error, Feedback, RetryPolicy};
use wonderchat_mock::{Fault, MockServer};

/// A loopback server that reads each request's head and body, then lets
/// `answer` write whatever it likes. Returns its base URL.
async fn raw_server<F, Fut>(answer: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = Arc::clone(&answer);
            tokio::spawn(async move {
                if read_request(&mut stream).await {
                    answer(stream).await;
                }
            });
        }
    });
    format!("http://{addr}")
}

/// Reads one request (head and `Content-Length` body).
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            return true;
        }
    }
}

fn raw_client(base_url: &str) -> Client {
    Client::builder()
        .api_key("k-hostile-test")
        .base_url(base_url)
        .retry(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
        .build()
        .unwrap()
}

/// Writes a chunked body that never ends; sets `closed` when the client
/// hangs up.
async fn endless(mut stream: TcpStream, status: &str, closed: Arc<AtomicBool>) {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
    loop {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            closed.store(true, Ordering::SeqCst);
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_body_fails_at_the_limit_keeps_the_status_frees_the_connection_and_is_not_retried()
 {
    for status in ["200 OK", "500 Internal Server Error"] {
        let closed = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&closed);
        let url = raw_server(move |stream| endless(stream, status, Arc::clone(&seen))).await;
        let client = Client::builder()
            .api_key("k-hostile-test")
            .base_url(&url)
            .max_response_bytes(256 * 1024)
            .build()
            .unwrap();
        let err = client
            .update_message_feedback("m", Feedback::Helpful)
            .await
            .unwrap_err();
        let code: u16 = status[..3].parse().unwrap();
        assert!(
            matches!(err, Error::ResponseTooLarge { status: Some(s), limit: Some(262_144), .. } if s == code),
            "{err:?}"
        );
        assert!(!err.is_retryable());
        // The client hung up rather than reading on.
        for _ in 0..100 {
            if closed.load(Ordering::SeqCst) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            closed.load(Ordering::SeqCst),
            "the connection was kept open"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_length_over_the_limit_is_refused_unread() {
    let url = raw_server(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000000000\r\n\r\n{")
            .await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    let err = raw_client(&url)
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: Some(200),
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_head_too_large_is_permanent_and_not_retried() {
    let attempts = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counter = Arc::clone(&attempts);
    let url = raw_server(move |mut stream| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move {
            let mut head = String::from("HTTP/1.1 200 OK\r\n");
            for i in 0..20_000 {
                head.push_str(&format!("x-filler-{i}: {}\r\n", "y".repeat(40)));
            }
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(b"\r\n").await;
        }
    })
    .await;
    let err = raw_client(&url)
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: None,
                limit: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("retry later"), "{err}");
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_too_large_for_a_clock_returns_at_once() {
    let mock = MockServer::start().await;
    for value in ["100000000000000000000000", "1000000000000"] {
        mock.push_faults([respond_with_headers(429, &[("retry-after", value)], "{}")]);
        let started = std::time::Instant::now();
        let err = client(&mock)
            .update_message_feedback("m", Feedback::Helpful)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::RateLimited { attempts: 1, .. }),
            "{value}: {err:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        // Displaying it does not overflow either.
        assert!(err.to_string().contains("the server asked to wait"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_timeouts_and_waits_saturate_instead_of_panicking() {
    let mock = MockServer::start().await;
    let client = crate::common::builder(&mock)
        .attempt_timeout(Duration::MAX)
        .operation_timeout(Duration::MAX)
        .retry(
            RetryPolicy::default()
                .with_max_retry_after(Duration::MAX)
                .with_adaptive(true),
        )
        .build()
        .unwrap();
    mock.push_faults([respond_with_headers(503, &[("retry-after", "0")], "{}")]);
    client
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_from_the_server_are_escaped_in_errors() {
    let mock = MockServer::start().await;
    mock.push_faults([error_json(400, "bad\u{1b}[2J\u{7}\r\nforged line")]);
    let err = client(&mock)
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(!text.chars().any(char::is_control), "{text:?}");
    assert!(
        text.contains("bad\\u{1b}[2J\\u{7}\\r\\nforged line"),
        "{text}"
    );
}

const CANARY: &str = "canary/K3y+9f2a-7d1e";

/// The key with every character written as a JSON `\uXXXX` escape: no
/// byte of it matches the key until it is decoded.
fn json_escaped_canary() -> String {
    CANARY
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect()
}

/// Every place a server can put the key, in every form.
fn hostile_answers() -> Vec<(String, Fault)> {
    let forms = [
        CANARY.to_owned(),
        CANARY.replace('/', "\\/"),
        "canary%2FK3y%2B9f2a-7d1e".to_owned(),
        json_escaped_canary(),
    ];
    let mut answers = Vec::new();
    for key in &forms {
        let k = key.as_str();
        let json = |status: u16, body: String| {
            (
                format!("{status} {body}"),
                crate::common::respond(status, "application/json", &body),
            )
        };
        for status in [200u16, 400, 401, 403, 404, 413, 418, 429, 500, 503] {
            for body in [
                format!(r#"{{"status":"error","message":"{k}"}}"#),
                format!(r#"{{"error":"{k}"}}"#),
                format!(r#"{{"error":{{"message":"{k}"}}}}"#),
                format!(r#"{{"detail":"{k}"}}"#),
                format!(r#"{{"other":"{k}"}}"#),
                format!("<html><body>{k}</body></html>"),
                format!("{}{k}", "x".repeat(190)),
                format!("{}{}", "x".repeat(150), &k[..8]),
            ] {
                answers.push(json(status, body));
            }
        }
        // Success shapes: the key in each field, and in mistyped fields.
        for body in [
            format!(
                r#"{{"status":"{k}","feedback":"HELPFUL","wasUpdated":false,"messageFeedback":{{"id":"f","feedbackType":"HELPFUL","submittedAt":"2023-12-01T06:34:38.903Z"}}}}"#
            ),
            format!(
                r#"{{"status":"success","feedback":"{k}","wasUpdated":false,"messageFeedback":{{"id":"{k}","feedbackType":"{k}","submittedAt":"2023-12-01T06:34:38.903Z"}}}}"#
            ),
            format!(
                r#"{{"status":"success","feedback":"HELPFUL","wasUpdated":"{k}","messageFeedback":{{"id":"f","feedbackType":"HELPFUL","submittedAt":"2023-12-01T06:34:38.903Z"}}}}"#
            ),
            format!(
                r#"{{"status":"success","feedback":"HELPFUL","wasUpdated":false,"messageFeedback":{{"id":"f","feedbackType":"HELPFUL","submittedAt":"{k}"}}}}"#
            ),
            format!(
                r#"{{"status":"success","feedback":"HELPFUL","wasUpdated":false,"messageFeedback":{{"id":1,"feedbackType":"HELPFUL","submittedAt":"2023-12-01T06:34:38.903Z"}},"x":"{k}"}}"#
            ),
        ] {
            answers.push(json(200, body));
        }
        // Headers the client reads.
        for status in [301u16, 302, 307, 308] {
            answers.push((
                format!("{status} location {k}"),
                respond_with_headers(
                    status,
                    &[("location", &format!("https://evil.example/?key={k}"))],
                    "",
                ),
            ));
        }
        answers.push((
            format!("429 retry-after {k}"),
            respond_with_headers(
                429,
                &[("retry-after", k)],
                &format!("{{\"message\":\"{k}\"}}"),
            ),
        ));
    }
    answers
}

/// An error, its `Debug` and every cause in its `source()` chain, as one text.
fn error_chain(err: &Error) -> String {
    let mut text = format!("{err} {err:?}");
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        text.push_str(&format!(" {inner} {inner:?}"));
        source = inner.source();
    }
    text
}

/// A mock that accepts the canary key, and a client that sends it, never retrying.
async fn canary_mock_and_client() -> (MockServer, Client) {
    let mock = MockServer::builder().api_key(CANARY).start().await.unwrap();
    let client = Client::builder()
        .api_key(CANARY)
        .base_url(mock.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    (mock, client)
}

fn assert_clean(what: &str, text: &str) {
    for needle in [
        CANARY,
        "canary/K",
        "canary\\/",
        "canary%2",
        "K3y+9f2a",
        "K3y%2B9f2a",
    ] {
        assert!(!text.contains(needle), "{what} shows the key: {text}");
    }
}

/// The property, over every case: whatever a hostile server answers (the
/// key in every field of every answer shape, mistyped, cut at the end, in
/// the headers the client reads, raw, JSON-escaped or percent-encoded), no
/// output of the SDK shows it: not `Display`, `Debug`, the source chain or
/// a decoded result.
#[test]
fn a_canary_key_never_appears_in_any_output_of_any_hostile_answer() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (mock, client) = canary_mock_and_client().await;
        for (name, fault) in hostile_answers() {
            mock.push_faults([fault]);
            match client.update_message_feedback("m", Feedback::Helpful).await {
                Ok(update) => assert_clean(&name, &format!("{update:?}")),
                Err(err) => assert_clean(&name, &error_chain(&err)),
            }
        }
    });
}

/// The same property for every other operation: the key in every field of
/// each success shape, in stream events, and in error answers; raw, and
/// JSON-escaped as `\uXXXX` (whole again only once decoded: issue 20.7).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canary_key_never_appears_in_the_output_of_any_operation() {
    every_operation_hides(CANARY).await;
    every_operation_hides(&json_escaped_canary()).await;
}

async fn every_operation_hides(k: &str) {
    use futures_util::StreamExt;
    let (mock, client) = canary_mock_and_client().await;
    let json = |body: String| crate::common::respond(200, "application/json", &body);
    let errors = || {
        [
            error_json(400, &format!("bad {k}")),
            error_json(500, &format!("{}{k}", "z".repeat(195))),
            crate::common::respond(404, "text/html", &format!("<p>{k}</p>")),
        ]
    };
    let show = |what: &str, result: String| assert_clean(what, &result);
    let describe = |r: &Result<String, Error>| match r {
        Ok(ok) => ok.clone(),
        Err(err) => error_chain(err),
    };

    let chat_answer = format!(
        r#"{{"id":"{k}","response":"{k}","chatlogId":"{k}","sources":[{{"url":"{k}","title":"{k}"}}]}}"#
    );
    for fault in std::iter::once(json(chat_answer)).chain(errors()) {
        mock.push_faults([fault]);
        let r = client.chat("b", "q").send().await.map(|a| format!("{a:?}"));
        show("chat", describe(&r));
    }
    let stream_body = format!(
        "event: start\ndata: {{\"id\":\"{k}\",\"chatlogId\":\"{k}\"}}\n\nevent: {k}\ndata: {k}\n\nevent: delta\ndata: {{\"text\":\"{k}\"}}\n\nevent: done\ndata: {{\"id\":\"{k}\",\"response\":\"{k}\",\"chatlogId\":\"{k}\"}}\n\n"
    );
    mock.push_faults([crate::common::respond(
        200,
        "text/event-stream",
        &stream_body,
    )]);
    let mut events = client.chat("b", "q").stream().await.unwrap();
    while let Some(event) = events.next().await {
        show("chat stream", format!("{event:?}"));
    }
    let messages = format!(
        r#"{{"messages":[{{"content":"{k}","type":"{k}","createdAt":"2023-12-01T06:34:38.903Z"}}]}}"#
    );
    for fault in std::iter::once(json(messages)).chain(errors()) {
        mock.push_faults([fault]);
        let r = client.messages("c").send().await.map(|m| format!("{m:?}"));
        show("messages", describe(&r));
    }
    let chatlog = format!(
        r#"{{"createdAt":"2023-12-01T06:34:38.903Z","chatbotId":"{k}","userEmail":"{k}","userPhoneNumber":"{k}","userName":"{k}","countryCode":"{k}","userFeedback":"{k}","aiResolutionState":"{k}","initialPageUrl":"{k}","messages":[{{"userMessage":"{k}","botMessage":"{k}","createdAt":"2023-12-01T06:34:38.903Z"}}]}}"#
    );
    let broken = format!(r#"{{"createdAt":"{k}","chatbotId":1,"messages":[]}}"#);
    for fault in
        std::iter::once(json(format!(r#"{{"chatlogs":[{chatlog},{broken}]}}"#))).chain(errors())
    {
        mock.push_faults([fault]);
        match client.export_chatlogs().stream().await {
            Ok(mut stream) => {
                while let Some(item) = stream.next().await {
                    show("export", describe(&item.map(|c| format!("{c:?}"))));
                }
            }
            Err(err) => show("export", describe(&Err(err))),
        }
    }
    for fault in std::iter::once(json(format!(r#"{{"echo":"{k}"}}"#))).chain(errors()) {
        mock.push_faults([fault.clone()]);
        let r = client
            .add_tags("c", ["t"])
            .send()
            .await
            .map(|d| format!("{d:?}"));
        show("tags", describe(&r));
        mock.push_faults([fault]);
        let r = client
            .add_pages("b", ["https://example.com"])
            .send()
            .await
            .map(|d| format!("{d:?}"));
        show("pages", describe(&r));
    }
}

//! `wonderchat mcp` against hostile input (issue 29), over real stdio and
//! HTTP: nothing an agent sends ends the server, fills its memory, writes
//! over a file, or is echoed whole; browsers of other sites and floods of
//! sessions or half-sent requests are refused.

use std::io::{BufRead, Read, Write};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use wonderchat_mock::{Fault, MockServer};

use crate::common::*;
use crate::mcp::{Session, error_text};

/// An export answer holding one chatlog created at `at`.
fn export_answer(at: &str) -> Fault {
    let chatlog = json!({"createdAt": at, "chatbotId": "b", "userFeedback": "BAD",
        "messages": [{"userMessage": "How do I get a refund?", "createdAt": at}]});
    Fault::json(200, json!({"chatlogs": [chatlog]}).to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_date_and_no_panic_in_a_tool_call_ends_the_server() {
    let mock = MockServer::start().await;
    mock.push_faults([export_answer("-262143-01-01T00:00:00Z")]);
    let (key, url) = (mock.api_key().to_owned(), mock.base_url());
    tokio::task::spawn_blocking(move || {
        let mut session = Session::start(
            &["mcp"],
            &[
                ("WONDERCHAT_API_KEY", &key),
                ("WONDERCHAT_BASE_URL", &url),
                ("WONDERCHAT_DEBUG_PANIC_TOOL", "get_conversation"),
            ],
        );
        // A chatlog on the first day there is (it ended the server before).
        let report = session.call(
            "feedback_report",
            json!({"since": "-262143-01-01T00:00:00Z", "detail": "full"}),
        );
        assert_eq!(report["isError"], false, "{report}");
        assert_eq!(
            report["structuredContent"]["report"]["headline"]["firstDay"],
            "-262143-01-01"
        );
        // A period whose previous one would start before it.
        let far = session.call(
            "feedback_report",
            json!({"since": "-200000-01-01T00:00:00Z", "comparePrevious": true}),
        );
        assert!(error_text(&far).contains("`since`"), "{far}");
        // A panic inside a call: that call fails, the server goes on.
        let panicked = session.call("get_conversation", json!({"chatlogId": "demo-chatlog"}));
        assert!(
            error_text(&panicked).contains("internal error"),
            "{panicked}"
        );
        let pong = session.request("ping", json!({}));
        assert!(pong.get("result").is_some(), "{pong}");
        let (stderr, _) = session.finish();
        assert!(!stderr.contains("WONDERCHAT_DEBUG_PANIC_TOOL"), "{stderr}");
    })
    .await
    .unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn a_client_that_never_reads_gets_backpressure_not_a_server_of_gigabytes() {
    let home = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .args(["--mock", "mcp"])
        .env("WONDERCHAT_CONFIG", home.path().join("config.toml"))
        .env("XDG_DATA_HOME", home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    // stdout is never read until the end: answers can only pile up.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    stdin
        .write_all(
            concat!(
                r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
                "\n",
                r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
                "\n"
            )
            .as_bytes(),
        )
        .unwrap();
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("serverInfo"), "{first}");
    let idle = proc_status_kib(pid, "VmRSS:").unwrap();
    // tools/list answers are ~25 KB each: 100k unread answers would be
    // gigabytes (the server grew to 4.9 GB in 15 s before).
    let written = Arc::new(AtomicU64::new(0));
    let count = Arc::clone(&written);
    let writer = std::thread::spawn(move || {
        for id in 1..=100_000u64 {
            let line = format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/list\"}}\n");
            if stdin.write_all(line.as_bytes()).is_err() {
                return;
            }
            count.fetch_add(1, Ordering::SeqCst);
        }
    });
    // Wait for a state: the writer is blocked (the server stopped reading)
    // or done.
    let (mut last, mut still) = (0, Instant::now());
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let now = written.load(Ordering::SeqCst);
        if writer.is_finished() || (now == last && still.elapsed() > Duration::from_secs(2)) {
            break;
        }
        if now != last {
            (last, still) = (now, Instant::now());
        }
    }
    let peak = proc_status_kib(pid, "VmHWM:").unwrap();
    assert!(
        !writer.is_finished(),
        "the server read all 100k requests without their answers being read"
    );
    assert!(
        peak < idle + 64 * 1024,
        "peak RSS {peak} KiB, idle {idle} KiB"
    );
    // Reading again: the answers flow, and every request read is answered.
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.contains("\"tools\""), "{line}");
    child.kill().unwrap();
    let _ = child.wait();
    let _ = writer.join();
}

#[test]
fn read_only_writes_nothing_and_save_chatlogs_never_replaces_a_file() {
    let mut session = Session::start(&["--mock", "mcp", "--read-only"], &[]);
    let names = session.tool_names();
    assert!(!names.contains(&"save_chatlogs".to_owned()), "{names:?}");
    let refused = session.call("export_chatlogs", json!({"path": "README.md"}));
    assert!(
        error_text(&refused).contains("no argument `path`"),
        "{refused}"
    );
    session.finish();

    // The default folder is the server's own, never the working directory.
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("README.md"), "the project's").unwrap();
    let mut session = Session::spawn_in(&["--mock", "mcp"], &[], Some(work.path()));
    session.initialize();
    let saved = session.call("save_chatlogs", json!({"path": "README.md"}));
    assert_eq!(saved["isError"], false, "{saved}");
    let written = session.home().join("wonderchat/exports/README.md");
    assert!(written.is_file(), "{saved}");
    assert_eq!(
        std::fs::read_to_string(work.path().join("README.md")).unwrap(),
        "the project's"
    );
    // And a file that exists is never replaced.
    let again = session.call("save_chatlogs", json!({"path": "README.md"}));
    assert!(error_text(&again).contains("exists already"), "{again}");
    session.finish();

    // Without a home folder (an empty or relative HOME would be the working
    // directory): the server starts, and save_chatlogs asks for --export-dir.
    let mut session = Session::start(
        &["--mock", "mcp"],
        &[("HOME", ""), ("XDG_DATA_HOME", "rel")],
    );
    let homeless = session.call("save_chatlogs", json!({"path": "x.jsonl"}));
    assert!(error_text(&homeless).contains("--export-dir"), "{homeless}");
    session.finish();
}

#[test]
fn messages_before_initialize_are_ignored_and_ids_and_names_are_echoed_safely() {
    let mut session = Session::spawn(&["--mock", "mcp"], &[]);
    // A notification and a response before initialize ended the server,
    // with a Debug dump of the message on stderr.
    session.send_raw(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
    session.send_raw(r#"{"jsonrpc":"2.0","id":99,"result":{"secret":"do-not-echo"}}"#);
    session.initialize();
    // Ids that are objects, `true` or `null` get an answer (with null); 2^64
    // comes back as an integer.
    for (id, echoed) in [
        ("{\"a\":1}", "null"),
        ("true", "null"),
        ("18446744073709551616", "18446744073709551616"),
    ] {
        session.send_raw(&format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"ping"}}"#));
        let line = session.next_line();
        assert!(line.contains(&format!("\"id\":{echoed}")), "{id}: {line}");
    }
    // An unknown method of 3 MiB is not echoed whole.
    let long = session.request(&"m".repeat(3 << 20), json!({}));
    let message = long["error"]["message"].as_str().unwrap();
    assert!(message.len() < 400, "{} bytes", message.len());
    // An offset past any end: no wrap, no panic.
    let far = session.call(
        "get_conversation",
        json!({"chatlogId": "demo-chatlog", "offset": 18446744073709551615u64}),
    );
    assert_eq!(far["isError"], false, "{far}");
    assert!(
        far["content"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("No messages")
    );
    let stderr = session.stderr();
    let (_, frames) = session.finish();
    assert!(
        !stderr.contains("do-not-echo") && !stderr.contains("Debug"),
        "{stderr}"
    );
    assert!(frames.iter().all(|f| !f.contains("do-not-echo")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tool_call_past_max_time_is_stopped_and_the_server_goes_on() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::Delay(Duration::from_secs(60))]);
    let (key, url) = (mock.api_key().to_owned(), mock.base_url());
    tokio::task::spawn_blocking(move || {
        let mut session = Session::start(
            &["mcp", "--max-time", "1"],
            &[("WONDERCHAT_API_KEY", &key), ("WONDERCHAT_BASE_URL", &url)],
        );
        let slow = session.call("feedback_report", json!({}));
        assert!(error_text(&slow).contains("--max-time"), "{slow}");
        let pong = session.request("ping", json!({}));
        assert!(pong.get("result").is_some());
        session.finish();
    })
    .await
    .unwrap();
}

/// `wonderchat --mock mcp --http 127.0.0.1:0` (token from `token`), and
/// its address.
fn http_server(token: Option<&str>) -> (Child, String) {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"));
    command
        .args(["--mock", "mcp", "--http", "127.0.0.1:0"])
        .env_remove("WONDERCHAT_API_KEY")
        .env_remove("WONDERCHAT_MCP_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(token) = token {
        command.env("WONDERCHAT_MCP_TOKEN", token);
    }
    let mut child = command.spawn().unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("serving MCP at") {
        line.clear();
    }
    let addr = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|w| w.strip_suffix("/mcp"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = stderr.read_to_string(&mut sink);
    });
    (child, addr)
}

/// One `initialize` POST with `headers`; the answer's status line and head.
fn initialize(addr: &str, headers: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
    write!(
        stream,
        "POST /mcp HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn http_refuses_other_origins_and_session_floods_and_accepts_any_case_of_bearer() {
    let token = "a-long-enough-test-token-0123456789";
    let (mut child, addr) = http_server(Some(token));
    let auth = format!("Authorization: bearer {token}\r\n");
    let evil = initialize(&addr, &format!("{auth}Origin: http://evil.example\r\n"));
    assert!(evil.starts_with("HTTP/1.1 403"), "{evil}");
    let local = initialize(&addr, &format!("{auth}Origin: http://localhost:3000\r\n"));
    assert!(local.starts_with("HTTP/1.1 200"), "{local}");
    // Sessions: 64 at once, then 503 (5,000 were all kept before).
    let mut refused = 0;
    for _ in 0..70 {
        let answer = initialize(&addr, &auth);
        if answer.starts_with("HTTP/1.1 503") {
            refused += 1;
        } else {
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        }
    }
    assert_eq!(refused, 70 - (64 - 1), "one session was opened above");
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn half_sent_requests_are_closed_and_do_not_lock_out_a_real_client() {
    let (mut child, addr) = http_server(None);
    // 110 connections that send half a head and wait (all 51 of 51 stayed
    // open past 35 s before).
    let idle: Vec<std::net::TcpStream> = (0..110)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(&addr).unwrap();
            stream.write_all(b"POST /mcp HTTP/1.1\r\nHost: ").unwrap();
            stream
        })
        .collect();
    // A real client is still served.
    let answer = initialize(&addr, "");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // And every half-sent one is closed (read: end of stream or reset).
    for mut stream in idle {
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        // Closed: the end of the stream (after a 408, perhaps) or a reset.
        let mut rest = Vec::new();
        if let Err(e) = stream.read_to_end(&mut rest) {
            assert!(
                e.kind() != std::io::ErrorKind::WouldBlock
                    && e.kind() != std::io::ErrorKind::TimedOut,
                "a half-sent request was kept open: {e}"
            );
        }
    }
    child.kill().unwrap();
    let _ = child.wait();
}

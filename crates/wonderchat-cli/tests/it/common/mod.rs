//! Helpers shared by the CLI's integration tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::process::Output;

use assert_cmd::Command;
use wonderchat_mock::MockServer;

/// The binary with a clean, fixed environment.
pub(crate) fn wonderchat() -> Command {
    let mut cmd = Command::cargo_bin("wonderchat").unwrap();
    cmd.env_remove("WONDERCHAT_API_KEY")
        .env_remove("WONDERCHAT_BASE_URL")
        .env_remove("RUST_LOG")
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs a command without blocking the mock's runtime.
pub(crate) async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

pub(crate) fn against(mock: &MockServer) -> Command {
    let mut cmd = wonderchat();
    cmd.env("WONDERCHAT_API_KEY", mock.api_key())
        .env("WONDERCHAT_BASE_URL", mock.base_url());
    cmd
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes a CSV of `rows` rows over `messages` messages, with malformed
/// rows at the given indexes; returns the last valid value per message.
pub(crate) fn write_csv(
    path: &std::path::Path,
    rows: usize,
    messages: usize,
    malformed: &[usize],
) -> HashMap<String, String> {
    let mut text = String::from("messageId,feedback,userComment\n");
    let mut last = HashMap::new();
    for i in 0..rows {
        let id = format!("msg_{}", (i * 7) % messages);
        let value = if (i / messages).is_multiple_of(2) {
            "HELPFUL"
        } else {
            "NOT_HELPFUL"
        };
        if malformed.contains(&i) {
            match i % 3 {
                0 => text.push_str(&format!("{id},SO-SO,bad value\n")),
                1 => text.push_str(",HELPFUL,no id\n"),
                _ => text.push_str(&format!("{id}\n")),
            }
            continue;
        }
        text.push_str(&format!("{id},{value},row {i}\n"));
        last.insert(id, value.to_owned());
    }
    std::fs::write(path, text).unwrap();
    last
}

pub(crate) fn read_results(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A mock that answers every request after 20 ms, so imports take a while.
pub(crate) async fn slow_mock() -> MockServer {
    MockServer::builder()
        .faults(wonderchat_mock::FaultConfig {
            delay_probability: 1.0,
            delay: std::time::Duration::from_millis(20),
            ..Default::default()
        })
        .start()
        .await
        .unwrap()
}

/// Starts an import of `input` with 4 requests in flight, in the background.
pub(crate) fn spawn_import(
    mock: &MockServer,
    input: &std::path::Path,
    stderr: std::process::Stdio,
) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .env("WONDERCHAT_API_KEY", mock.api_key())
        .env("WONDERCHAT_BASE_URL", mock.base_url())
        .args(["import", input.to_str().unwrap()])
        .args(["--concurrency", "4", "--quiet"])
        .stderr(stderr)
        .spawn()
        .unwrap()
}

/// A figure of /proc/PID/status in KiB (`VmHWM:` the peak RSS, `VmRSS:`
/// the current one); `None` once the process is gone.
#[cfg(target_os = "linux")]
pub(crate) fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A loopback server (its own thread) that answers every request with a
/// chunked body that never ends. Returns its base URL.
pub(crate) fn endless_body_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
                );
                let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
                while stream.write_all(chunk.as_bytes()).is_ok() {}
            });
        }
    });
    format!("http://{addr}")
}

/// Answers a server may give that carry the key `canary` back: in fields
/// of a success, in error messages of several shapes, in a redirect.
pub(crate) fn key_echoes(canary: &str) -> Vec<wonderchat_mock::Fault> {
    use wonderchat_mock::Fault;
    let json = Fault::json;
    vec![
        json(
            200,
            format!(
                r#"{{"status":"success","feedback":"HELPFUL","wasUpdated":"{canary}","messageFeedback":{{"id":"f","feedbackType":"HELPFUL","submittedAt":"2023-12-01T06:34:38.903Z"}}}}"#
            ),
        ),
        json(
            200,
            format!(
                r#"{{"status":"success","feedback":"{canary}","wasUpdated":false,"messageFeedback":{{"id":"{canary}","feedbackType":"HELPFUL","submittedAt":"2023-12-01T06:34:38.903Z"}}}}"#
            ),
        ),
        json(
            500,
            format!(
                r#"{{"status":"error","message":"{}{canary}"}}"#,
                "y".repeat(190)
            ),
        ),
        json(400, format!(r#"{{"error":{{"message":"{canary}"}}}}"#)),
        json(418, format!("<p>{canary}</p>")),
        Fault::Respond {
            status: 307,
            headers: vec![(
                "location".into(),
                format!("https://evil.example/?key={canary}"),
            )],
            body: String::new(),
        },
    ]
}

//! The `wonderchat` binary against hostile streams, races, bad files and
//! hostile webhook senders (issue 20): no panic, no hang, nothing
//! overwritten, no replay accepted, no secret or escape printed. Each test
//! is named after the case it guards.

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use crate::common::*;

/// A loopback server (its own threads) that reads each request (head and
/// `Content-Length` body), then lets `answer` write whatever it likes.
fn scripted_server(answer: impl Fn(&mut TcpStream) + Send + Sync + 'static) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let answer = std::sync::Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let answer = std::sync::Arc::clone(&answer);
            std::thread::spawn(move || {
                if read_request(&mut stream) {
                    answer(&mut stream);
                }
            });
        }
    });
    format!("http://{addr}")
}

fn read_request(stream: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            return true;
        }
    }
}

/// A head for a body of unknown length, ended by closing the connection.
fn head(content_type: &str) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\nconnection: close\r\n\r\n")
}

const KEY: &str = "k-streams-and-files-7Q2";

/// The command exited with `code` and its stderr says `says`.
fn fails_with(output: &std::process::Output, code: i32, says: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
}

fn cli(url: &str) -> assert_cmd::Command {
    let mut cmd = wonderchat();
    cmd.env("WONDERCHAT_API_KEY", KEY)
        .env("WONDERCHAT_BASE_URL", url)
        .env(
            "WONDERCHAT_CONFIG",
            "/nonexistent/wonderchat-test/config.toml",
        )
        .args(["--max-attempts", "1"]);
    cmd
}

fn chatlog(n: usize, user_message: &str) -> String {
    serde_json::json!({
        "createdAt": "2024-01-31T12:00:00.000Z",
        "chatbotId": format!("bot-{n}"),
        "initialPageUrl": "https://example.com/pricing",
        "messages": [{"userMessage": user_message, "botMessage": "=1+1", "createdAt": "2024-01-31T12:00:01.000Z"}],
    })
    .to_string()
}

#[test]
fn a_byte_order_mark_before_a_chat_stream_is_skipped_not_a_panic() {
    let url = scripted_server(|s| {
        let mut body = head("text/event-stream").into_bytes();
        body.extend_from_slice(
            b"\xEF\xBB\xBFevent: start\ndata: {\"id\":\"m1\",\"chatlogId\":\"c1\"}\n\n",
        );
        body.extend_from_slice(b"event: delta\ndata: {\"text\":\"Hello\"}\n\n");
        let _ = s.write_all(&body);
    });
    let output = cli(&url)
        .args(["chat", "bot", "hi", "--stream"])
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("Hello"), "{stdout}");
}

#[test]
fn a_panic_prints_a_short_scrubbed_line_and_exits_101() {
    let payload = format!("\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J{KEY}");
    let output = wonderchat()
        .env("WONDERCHAT_DEBUG_PANIC", &payload)
        .args(["--version"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(101));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("internal error"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains(KEY),
        "{stderr:?}"
    );
}

/// Three events (or chatlogs), then silence for longer than any test runs.
fn goes_silent(content_type: &'static str, body: &'static str) -> String {
    scripted_server(move |s| {
        let _ = s.write_all(format!("{}{body}", head(content_type)).as_bytes());
        std::thread::sleep(Duration::from_secs(120));
    })
}

#[test]
fn a_stream_that_goes_silent_ends_at_the_idle_timeout() {
    let url = goes_silent(
        "text/event-stream",
        "event: delta\ndata: {\"text\":\"a\"}\n\nevent: delta\ndata: {\"text\":\"b\"}\n\n",
    );
    let output = cli(&url)
        .args(["--idle-timeout", "1", "chat", "bot", "hi", "--stream"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("sent nothing for 1s") && stderr.contains("--idle-timeout"),
        "{stderr}"
    );

    let url = goes_silent("application/json", r#"{"chatlogs":[{"createdAt":"#);
    let output = cli(&url)
        .args(["--idle-timeout", "1", "export"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    fails_with(&output, 1, "--idle-timeout");
}

#[test]
fn an_export_that_drips_ends_at_max_time() {
    let url = scripted_server(|s| {
        let _ = s.write_all(format!("{}{{\"chatlogs\":[", head("application/json")).as_bytes());
        for _ in 0..120 {
            std::thread::sleep(Duration::from_millis(500));
            if s.write_all(b" ").is_err() {
                return;
            }
        }
    });
    let output = cli(&url)
        .args(["export", "--max-time", "2"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("did not end within 2s") && stderr.contains("--max-time"),
        "{stderr}"
    );
}

/// Three chatlogs, then the connection is cut.
fn cut_after_three() -> String {
    scripted_server(|s| {
        let chatlogs: Vec<String> = (0..3).map(|n| chatlog(n, "hi")).collect();
        let body = format!(
            "{}{{\"chatlogs\":[{},",
            head("application/json"),
            chatlogs.join(",")
        );
        let _ = s.write_all(body.as_bytes());
    })
}

#[test]
fn a_failed_export_leaves_the_previous_file_untouched() {
    let url = cut_after_three();
    for format in ["jsonl", "csv"] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("export.{format}"));
        std::fs::write(&file, "yesterday's good export\n").unwrap();
        let output = cli(&url)
            .args(["export", "--format", format, "-o", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("3 chatlogs") && stderr.contains("is unchanged"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "yesterday's good export\n"
        );
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // Asked for, the partial export is kept under a name that says so.
        let output = cli(&url)
            .args([
                "export",
                "--format",
                format,
                "--keep-partial",
                "-o",
                file.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let partial =
            std::fs::read_to_string(dir.path().join(format!("export.{format}.partial"))).unwrap();
        assert_eq!(
            partial.lines().count(),
            3 + usize::from(format == "csv"),
            "{partial}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "yesterday's good export\n"
        );
    }
}

fn one_chatlog(user_message: &'static str) -> String {
    scripted_server(move |s| {
        let body = format!(
            "{}{{\"chatlogs\":[{}]}}",
            head("application/json"),
            chatlog(0, user_message)
        );
        let _ = s.write_all(body.as_bytes());
    })
}

#[test]
fn csv_cells_are_neutralised_for_spreadsheets_unless_raw_is_asked() {
    let url = one_chatlog("@SUM(A1)\u{1b}]52;c;ZXZpbA==\u{7}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.csv");
    let output = cli(&url)
        .args(["export", "--format", "csv", "-o", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.contains(",'@SUM(A1)") && csv.contains(",'=1+1"),
        "{csv}"
    );

    let output = cli(&url)
        .args([
            "export",
            "--format",
            "csv",
            "--raw-cells",
            "-o",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.contains(",@SUM(A1)") && csv.contains(",=1+1"), "{csv}");
}

#[test]
fn json_output_escapes_c1_controls_del_and_bidi_overrides() {
    let url = one_chatlog("a\u{9b}2J\u{7f}b\u{202e}c");
    let output = cli(&url).args(["export"]).output().unwrap();
    assert!(output.status.success());
    let stdout = text(&output.stdout);
    assert!(stdout.contains(r"a\u009b2J\u007fb\u202ec"), "{stdout}");
    assert!(!stdout.contains('\u{9b}') && !stdout.contains('\u{202e}'));
}

#[test]
fn a_closed_stdout_ends_an_export_normally() {
    let url = scripted_server(|s| {
        let chatlogs: Vec<String> = (0..20_000).map(|n| chatlog(n, "hi")).collect();
        let body = format!(
            "{}{{\"chatlogs\":[{}]}}",
            head("application/json"),
            chatlogs.join(",")
        );
        let _ = s.write_all(body.as_bytes());
    });
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .env("WONDERCHAT_API_KEY", KEY)
        .env("WONDERCHAT_BASE_URL", &url)
        .args(["export"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone (as with `| head -1`).
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(first.contains("bot-0"));
    assert!(status.success(), "{stderr}");
}

#[test]
fn a_reversed_range_is_refused() {
    let output = cli("http://127.0.0.1:1")
        .args(["export", "--since", "1d", "--until", "30d"])
        .output()
        .unwrap();
    fails_with(&output, 2, "swap them");
}

#[test]
fn a_long_chatlog_exports_and_the_limit_has_a_flag() {
    // 30,000 exchanges: about 3 MB, over the 1 MiB answer limit.
    let url = scripted_server(|s| {
        let exchange =
            r#"{"userMessage":"q","botMessage":"a","createdAt":"2024-01-31T12:00:01.000Z"}"#;
        let messages = vec![exchange; 30_000].join(",");
        let body = format!(
            r#"{}{{"chatlogs":[{{"createdAt":"2024-01-31T12:00:00.000Z","chatbotId":"b","messages":[{messages}]}}]}}"#,
            head("application/json")
        );
        let _ = s.write_all(body.as_bytes());
    });
    let output = cli(&url)
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).lines().count(), 30_001);

    let output = cli(&url)
        .args(["--max-response-size", "64KiB", "export"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("--max-response-size") && stderr.contains("0 chatlogs"),
        "{stderr}"
    );
}

fn private_file(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn twenty_concurrent_config_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let children: Vec<_> = (0..20)
        .map(|n| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"));
            cmd.env("WONDERCHAT_CONFIG", &config)
                .stdin(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null());
            if n % 5 == 0 {
                cmd.args(["login", "--profile", &format!("p{n}")]);
            } else {
                cmd.args([
                    "config",
                    "set",
                    "chatbot",
                    &format!("bot-{n}"),
                    "--profile",
                    &format!("p{n}"),
                ]);
            }
            let mut child = cmd.spawn().unwrap();
            let _ = child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("key-{n}\n").as_bytes());
            child
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let file: toml::Value = toml::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    let profiles = file["profiles"].as_table().unwrap();
    assert_eq!(profiles.len(), 20, "{profiles:?}");
    for n in 0..20 {
        let profile = &profiles[&format!("p{n}")];
        if n % 5 == 0 {
            assert_eq!(
                profile["api_key"].as_str(),
                Some(format!("key-{n}").as_str())
            );
        } else {
            assert_eq!(
                profile["chatbot"].as_str(),
                Some(format!("bot-{n}").as_str())
            );
        }
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&config).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_corrupt_config_names_the_line_never_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    for contents in [
        format!("[profiles.default]\napi_key = \"{KEY}\n"),
        format!("[profiles.default]\napi_key = \"{KEY}\"\napi_key = \"{KEY}\"\n"),
    ] {
        private_file(&config, &contents);
        let output = wonderchat()
            .env("WONDERCHAT_CONFIG", &config)
            .args(["--mock", "chat", "demo-chatbot", "hi"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let all = text(&output.stdout) + &text(&output.stderr);
        assert!(!all.contains(KEY), "{all}");
        assert!(all.contains("config.toml, line "), "{all}");
    }
}

#[cfg(unix)]
#[test]
fn key_files_must_be_small_regular_files() {
    let output = cli("http://127.0.0.1:1")
        .env_remove("WONDERCHAT_API_KEY")
        .args(["--api-key-file", "/dev/zero", "messages", "c"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    fails_with(&output, 2, "not a regular file");
}

#[test]
fn profile_names_must_be_printable_and_not_blank() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    for name in ["", "  ", "evil\u{1b}[2J", "rtl\u{202e}"] {
        let output = wonderchat()
            .env("WONDERCHAT_CONFIG", &config)
            .args(["config", "set", "chatbot", "b", "--profile", name])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name:?}");
        assert!(!text(&output.stderr).contains('\u{1b}'));
    }
    // A file written by hand with such a name lists it escaped.
    std::fs::write(&config, "[profiles.\"a\\u001b[2J\"]\nchatbot = \"b\"\n").unwrap();
    let output = wonderchat()
        .env("WONDERCHAT_CONFIG", &config)
        .args(["config", "list"])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("[profiles.\"a\\u001b[2J\"]") && !stdout.contains('\u{1b}'),
        "{stdout:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_config_path_that_is_a_symlink_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "not yours\n").unwrap();
    let config = dir.path().join("config.toml");
    std::os::unix::fs::symlink(&victim, &config).unwrap();
    let dangling = dir.path().join("dangling.toml");
    std::os::unix::fs::symlink(dir.path().join("created-elsewhere"), &dangling).unwrap();
    for path in [&config, &dangling] {
        let output = wonderchat()
            .env("WONDERCHAT_CONFIG", path)
            .args(["config", "set", "chatbot", "b"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(
            text(&output.stderr).contains("symbolic link"),
            "{}",
            text(&output.stderr)
        );
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not yours\n");
    assert!(!dir.path().join("created-elsewhere").exists());
}

#[test]
fn an_empty_tag_is_refused_before_sending() {
    let output = cli("http://127.0.0.1:1")
        .args(["tags", "add", "c", "ok", ""])
        .output()
        .unwrap();
    fails_with(&output, 2, "tag 2 is empty");
}

#[test]
fn a_huge_line_in_a_pages_file_is_refused_not_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let urls = dir.path().join("urls.txt");
    std::fs::write(
        &urls,
        format!("https://example.com/a\n{}\n", "x".repeat(1 << 20)),
    )
    .unwrap();
    let output = cli("http://127.0.0.1:1")
        .args(["pages", "add", "bot", "--from-file", urls.to_str().unwrap()])
        .output()
        .unwrap();
    fails_with(&output, 2, "line 2: longer than 64 KiB");
}

/// A `webhook listen` on a free port with the secret `whsec_listen`, and
/// its port; killed when dropped.
struct Listen {
    child: std::process::Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Listen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn listen(extra: &[&str]) -> Listen {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    private_file(&secret, "whsec_listen\n");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .args([
            "webhook",
            "listen",
            "--port",
            &port.to_string(),
            "--secret-file",
        ])
        .arg(&secret)
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..200 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Listen {
        child,
        port,
        _dir: dir,
    }
}

/// A delivery signed with `whsec_listen`, its event sent at `timestamp`.
fn delivery(timestamp: &str) -> (String, String) {
    let body = format!(
        r#"{{"event":"LIVE_CHAT_INITIATED","timestamp":"{timestamp}","data":{{"chatlogId":"c1","chatbotId":"b1"}}}}"#
    );
    let signature = wonderchat::webhook::sign("whsec_listen", body.as_bytes());
    (body, signature)
}

/// Posts a delivery over a new connection; the answer's status line.
fn post(port: u16, body: &str, signature: &str, header_time: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /hooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n\
         X-Wonderchat-Signature: {signature}\r\nX-Wonderchat-Timestamp: {header_time}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(unix)]
#[test]
fn an_old_delivery_with_a_fresh_header_is_refused_and_a_replay_is_accepted_once() {
    let (old, old_signature) = delivery("2023-10-15T14:30:00.000Z");
    // `webhook verify`: a window by default, on the signed timestamp.
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    private_file(&secret, "whsec_listen\n");
    let output = wonderchat()
        .args(["webhook", "verify", "--secret-file"])
        .arg(&secret)
        .args(["--signature", &old_signature, "--timestamp", &now()])
        .write_stdin(old.clone())
        .output()
        .unwrap();
    fails_with(&output, 1, "replayed");

    let listener = listen(&[]);
    assert!(post(listener.port, &old, &old_signature, &now()).contains(" 401"));
    let (fresh, signature) = delivery(&now());
    assert!(post(listener.port, &fresh, &signature, &now()).contains(" 200"));
    assert!(post(listener.port, &fresh, &signature, &now()).contains(" 409"));
    assert!(post(listener.port, &fresh, &signature.to_uppercase(), &now()).contains(" 409"));
}

#[cfg(unix)]
#[test]
fn a_forward_target_that_never_answers_does_not_hold_the_sender() {
    // A target that accepts and never answers.
    let target = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let target_url = format!("http://{}/hooks", target.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<_> = target.incoming().take(4).collect();
        std::thread::sleep(Duration::from_secs(120));
        drop(held);
    });
    let mut listener = listen(&["--forward-to", &target_url, "--forward-timeout", "1s"]);
    let (body, signature) = delivery(&now());
    // Answered at once (before, the sender waited for the forward forever).
    assert!(post(listener.port, &body, &signature, &now()).contains(" 200"));
    let mut stderr = std::io::BufReader::new(listener.child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("could not forward") {
        line.clear();
    }
    assert!(line.contains("no answer within 1s"), "{line}");
}

#[cfg(unix)]
#[test]
fn idle_connections_and_slow_bodies_cannot_hold_the_receiver() {
    let listener = listen(&["--request-timeout", "1s"]);
    // 300 connections that send nothing: more than the 256 served at once.
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", listener.port)).unwrap())
        .collect();
    let (body, signature) = delivery(&now());
    assert!(post(listener.port, &body, &signature, &now()).contains(" 200"));
    drop(idle);
    // A body that drips a byte every 300 ms is cut off at the request
    // timeout. A second thread drips while this one waits for the answer,
    // so the 408 is read as soon as it comes: a drip landing after the
    // receiver closed may make the kernel reset the connection, which
    // then also counts as cut off (before the fix it was held for good).
    let mut slow = TcpStream::connect(("127.0.0.1", listener.port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        slow,
        "POST /hooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"
    )
    .unwrap();
    let mut dripper = slow.try_clone().unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = std::sync::Arc::clone(&stop);
    let drip = std::thread::spawn(move || {
        for _ in 0..60 {
            std::thread::sleep(Duration::from_millis(300));
            if stopped.load(std::sync::atomic::Ordering::Relaxed)
                || dripper.write_all(b" ").is_err()
            {
                return;
            }
        }
    });
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let outcome = slow.read_to_end(&mut answer);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    drip.join().unwrap();
    let answer = String::from_utf8_lossy(&answer);
    let reset = matches!(&outcome, Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset);
    assert!(
        answer.starts_with("HTTP/1.1 408") || (reset && answer.is_empty()),
        "{answer:?} {outcome:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_long_conversation_is_read_with_max_response_size() {
    // About 2.4 MB of messages: over the 1 MiB default.
    let url = scripted_server(|s| {
        let message =
            r#"{"content":"an answer","type":"bot","createdAt":"2024-01-31T12:00:01.000Z"}"#;
        let body = format!(r#"{{"messages":[{}]}}"#, vec![message; 30_000].join(","));
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        let _ = s.write_all(format!("{head}{body}").as_bytes());
    });
    let output = cli(&url).args(["messages", "c"]).output().unwrap();
    fails_with(&output, 1, "--max-response-size");
    let output = cli(&url)
        .args(["--max-response-size", "4MiB", "messages", "c"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).lines().count(), 30_000);
}

#[test]
fn a_mock_on_a_public_address_warns() {
    let mut mock = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .args(["mock", "--host", "0.0.0.0", "--port", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(mock.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = mock.kill();
    let _ = mock.wait();
    assert!(line.starts_with("warning: listening on 0.0.0.0"), "{line}");
}

/// A server that answers every request with this JSON body (then closes).
pub(crate) fn serve_body(body: String) -> String {
    scripted_server(move |s| {
        let _ = s.write_all(format!("{}{body}", head("application/json")).as_bytes());
    })
}

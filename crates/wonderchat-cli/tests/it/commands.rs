//! Every command of the whole API through the real binary, against
//! in-process mocks: human output, `--json` shapes (snapshots), the
//! interactive chat, exports, pages with a cookie file, tags, webhooks,
//! profiles and their precedence, key files and their permissions.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use crate::common::*;
use wonderchat_mock::{DEMO_CHATBOT_ID, DEMO_CHATLOG_ID, MockServer};

/// Stable JSON for snapshots: ids, times and timings replaced.
fn redact_json(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
        scrub(&mut value);
        out.push_str(&serde_json::to_string_pretty(&value).unwrap());
        out.push('\n');
    }
    out
}

fn scrub(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match key.as_str() {
                    "messageId" | "chatlogId" | "feedbackId" => *v = "[ID]".into(),
                    "createdAt" | "submittedAt" | "timestamp" => *v = "[TIME]".into(),
                    "seconds" => *v = "[SECS]".into(),
                    _ => scrub(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(scrub),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_then_feedback_on_the_printed_id_then_messages() {
    let mock = MockServer::start().await;
    let mut ask = against(&mock);
    ask.args(["chat", DEMO_CHATBOT_ID, "How do I reset my password?"]);
    let output = run(ask).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("https://example.com/support/reset-password"),
        "{stdout}"
    );
    let id = stdout
        .lines()
        .find_map(|l| l.strip_prefix("message  "))
        .unwrap()
        .trim()
        .to_owned();
    let chatlog = stdout
        .lines()
        .find_map(|l| l.strip_prefix("chatlog  "))
        .unwrap()
        .trim()
        .to_owned();
    let mut rate = against(&mock);
    rate.args(["feedback", &id, "helpful"]);
    assert!(run(rate).await.status.success());
    assert!(mock.feedback(&id).is_some());

    let mut read = against(&mock);
    read.args(["messages", &chatlog]);
    let output = run(read).await;
    let lines: Vec<String> = text(&output.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("user: How do I reset my password?"),
        "{lines:?}"
    );
    assert!(lines[1].contains(" bot: Thanks for asking"), "{lines:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_shapes_of_every_command() {
    let mock = MockServer::start().await;
    let cases: Vec<(&str, Vec<&str>)> = vec![
        (
            "chat",
            vec![
                "chat",
                DEMO_CHATBOT_ID,
                "What does the pricing page say?",
                "--json",
            ],
        ),
        (
            "chat_stream",
            vec![
                "chat",
                DEMO_CHATBOT_ID,
                "Where do I get started?",
                "--stream",
                "--json",
            ],
        ),
        (
            "feedback",
            vec!["feedback", "msg_456", "not-helpful", "--json"],
        ),
        ("messages", vec!["messages", DEMO_CHATLOG_ID, "--json"]),
        (
            "tags_add",
            vec![
                "tags",
                "add",
                DEMO_CHATLOG_ID,
                "Support",
                "Billing",
                "--json",
            ],
        ),
        (
            "pages_delete",
            vec![
                "pages",
                "delete",
                DEMO_CHATBOT_ID,
                "https://example.com/about",
                "--json",
            ],
        ),
    ];
    for (name, args) in cases {
        let mut cmd = against(&mock);
        cmd.args(&args);
        let output = run(cmd).await;
        assert!(output.status.success(), "{name}: {}", text(&output.stderr));
        insta::assert_snapshot!(format!("json_{name}"), redact_json(&text(&output.stdout)));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interactive_session_keeps_one_chatlog_and_rates_the_last_answer() {
    let mock = MockServer::start().await;
    let mut cmd = against(&mock);
    cmd.args(["chat", DEMO_CHATBOT_ID, "--json"]).write_stdin(
        "Hello\nHow do I reset my password?\n/not-helpful too vague\n/new\nWhat does it cost?\n/helpful\n",
    );
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let lines: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(
        lines[0]["chatlogId"], lines[1]["chatlogId"],
        "one chatlog until /new"
    );
    assert_ne!(
        lines[1]["chatlogId"], lines[3]["chatlogId"],
        "/new starts another"
    );
    assert_eq!(lines[2]["feedback"], "NOT_HELPFUL");
    assert_eq!(lines[2]["messageId"], lines[1]["messageId"]);
    let rated = mock
        .feedback(lines[1]["messageId"].as_str().unwrap())
        .unwrap();
    assert_eq!(rated.user_comment.as_deref(), Some("too vague"));
    assert!(
        mock.feedback(lines[3]["messageId"].as_str().unwrap())
            .is_some()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_writes_json_lines_or_csv_to_a_file() {
    let mock = MockServer::builder()
        .seed_chatlogs(300)
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("all.jsonl");
    let mut cmd = against(&mock);
    cmd.args(["export", "-o", jsonl.to_str().unwrap(), "--json"]);
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["chatlogs"], 301);
    assert_eq!(
        std::fs::read_to_string(&jsonl).unwrap().lines().count(),
        301
    );

    let csv_path = dir.path().join("week.csv");
    let mut cmd = against(&mock);
    cmd.args([
        "export",
        "--since",
        "7d",
        "--format",
        "csv",
        "-o",
        csv_path.to_str().unwrap(),
    ]);
    assert!(run(cmd).await.status.success());
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(reader.headers().unwrap().len(), 14);
    assert_eq!(&reader.headers().unwrap()[0], "conversation");
    // The first column groups each chatlog's rows: 1, 1, 2, 3, 3, …
    let numbers: Vec<u64> = reader
        .records()
        .map(|r| r.unwrap()[0].parse().unwrap())
        .collect();
    assert!(!numbers.is_empty(), "recent chatlogs have rows");
    assert_eq!(numbers[0], 1);
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] || w[1] == w[0] + 1),
        "{numbers:?}"
    );

    let mut cmd = against(&mock);
    cmd.args(["export", "--since", "next tuesday"]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("is not a time"),
        "{}",
        text(&output.stderr)
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_read_urls_from_a_file_and_the_cookie_from_a_private_file() {
    use std::os::unix::fs::PermissionsExt;
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let urls = dir.path().join("urls.txt");
    std::fs::write(
        &urls,
        "# pages\nhttps://example.com/a\n\nhttps://example.com/b\n",
    )
    .unwrap();
    let cookie = dir.path().join("cookie.txt");
    std::fs::write(&cookie, "session=cookie-canary-77\n").unwrap();
    std::fs::set_permissions(&cookie, std::fs::Permissions::from_mode(0o644)).unwrap();
    let add = |mock: &MockServer| {
        let mut cmd = against(mock);
        cmd.args(["-vvv", "pages", "add", DEMO_CHATBOT_ID, "--from-file"])
            .arg(&urls)
            .arg("--session-cookie-file")
            .arg(&cookie);
        cmd
    };
    let output = run(add(&mock)).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("chmod 600"),
        "{}",
        text(&output.stderr)
    );
    std::fs::set_permissions(&cookie, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = run(add(&mock)).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let all = text(&output.stdout) + &text(&output.stderr);
    assert!(!all.contains("cookie-canary"), "{all}");
    let pages = mock.state()["chatbots"][0]["pages"].to_string();
    assert!(pages.contains("https://example.com/a") && pages.contains("https://example.com/b"));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_verify_accepts_a_valid_delivery_and_refuses_a_tampered_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "whsec_cli\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let body = br#"{"event":"LIVE_CHAT_INITIATED","timestamp":"2023-10-15T14:30:00.000Z","data":{"chatlogId":"c1","chatbotId":"b1"}}"#;
    let signature = wonderchat::webhook::sign("whsec_cli", body);
    let verify = |body: &[u8]| {
        let mut cmd = wonderchat();
        cmd.args(["webhook", "verify", "--secret-file"])
            .arg(&secret)
            // A saved delivery from 2023: outside any window.
            .args(["--signature", &signature, "--json", "--any-age"])
            .write_stdin(body.to_vec());
        cmd.output().unwrap()
    };
    let output = verify(body);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let event: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(event["event"], "LIVE_CHAT_INITIATED");
    assert_eq!(event["data"]["chatlogId"], "c1");
    insta::assert_snapshot!("json_webhook_verify", redact_json(&text(&output.stdout)));
    let mut tampered = body.to_vec();
    tampered[30] ^= 1;
    let output = verify(&tampered);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("invalid delivery"));
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_listen_receives_the_mocks_signed_deliveries_and_refuses_a_tampered_one() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "whsec_listen\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    // The app the listener forwards verified deliveries to.
    let forwarded = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(String, Vec<u8>)>::new()));
    let app_seen = std::sync::Arc::clone(&forwarded);
    let app = axum::Router::new().fallback(axum::routing::post(
        move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let seen = std::sync::Arc::clone(&app_seen);
            async move {
                let signature = headers
                    .get("x-wonderchat-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                seen.lock().unwrap().push((signature, body.to_vec()));
                axum::http::StatusCode::OK
            }
        },
    ));
    let app_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let app_url = format!("http://{}/hooks", app_listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(app_listener, app).await.unwrap() });
    let listener = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .args([
            "webhook",
            "listen",
            "--port",
            &port.to_string(),
            "--forward-to",
            &app_url,
        ])
        .arg("--secret-file")
        .arg(&secret)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut listener = KillOnDrop(listener);
    let url = format!("http://127.0.0.1:{port}/hooks");
    // Wait until it listens.
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mock = MockServer::builder()
        .webhook(&url, "whsec_listen")
        .start()
        .await
        .unwrap();
    let mut ask = against(&mock);
    ask.args(["chat", DEMO_CHATBOT_ID, "I want to talk to a human"]);
    assert!(run(ask).await.status.success());

    // A tampered delivery: refused with 401.
    let body = r#"{"event":"LIVE_CHAT_INITIATED","timestamp":"2023-10-15T14:30:00.000Z","data":{"chatlogId":"x","chatbotId":"y"}}"#;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "POST /hooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n\
         X-Wonderchat-Signature: {}\r\nContent-Length: {}\r\n\r\n{body}",
        wonderchat::webhook::sign("another-secret", body.as_bytes()),
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");

    let mut stdout = BufReader::new(listener.0.stdout.take().unwrap());
    let mut line = String::new();
    let reader = tokio::task::spawn_blocking(move || {
        stdout.read_line(&mut line).unwrap();
        line
    });
    let line = tokio::time::timeout(Duration::from_secs(10), reader)
        .await
        .expect("no delivery printed")
        .unwrap();
    let event: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(event["event"], "LIVE_CHAT_INITIATED");
    assert_eq!(event["data"]["userMessage"], "I want to talk to a human");
    // The verified delivery, and only it, reached the app, still signed.
    let mut forwarded_now = Vec::new();
    for _ in 0..100 {
        forwarded_now = forwarded.lock().unwrap().clone();
        if !forwarded_now.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(listener);
    assert_eq!(forwarded_now.len(), 1, "{forwarded_now:?}");
    let (signature, body) = &forwarded_now[0];
    assert!(
        wonderchat::webhook::Verifier::new("whsec_listen")
            .verify(body, signature, None)
            .is_ok()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn global_flags_go_on_either_side_of_the_subcommand() {
    let mock = MockServer::start().await;
    for args in [
        vec![
            "--api-key",
            mock.api_key(),
            "--base-url",
            &mock.base_url(),
            "feedback",
            "m1",
            "helpful",
        ],
        vec![
            "feedback",
            "m2",
            "helpful",
            "--api-key",
            mock.api_key(),
            "--base-url",
            &mock.base_url(),
        ],
    ] {
        let output = wonderchat().args(&args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_come_from_flag_then_env_then_profile_then_default() {
    use std::os::unix::fs::PermissionsExt;
    let (by_flag, by_env, by_profile) = (
        MockServer::start().await,
        MockServer::start().await,
        MockServer::start().await,
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, format!("{}\n", wonderchat_mock::DEMO_API_KEY)).unwrap();
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let cmd = |extra: &[&str], env_url: Option<&str>| {
        let mut cmd = wonderchat();
        cmd.env("WONDERCHAT_CONFIG", &config)
            .env_remove("WONDERCHAT_PROFILE");
        if let Some(url) = env_url {
            cmd.env("WONDERCHAT_BASE_URL", url);
        }
        cmd.args(["feedback", "m1", "helpful"]).args(extra);
        cmd
    };
    // The profile, written by `config set` with mode 0600.
    for (key, value) in [
        ("base_url", by_profile.base_url()),
        ("api_key_file", key_file.display().to_string()),
    ] {
        let output = wonderchat()
            .env("WONDERCHAT_CONFIG", &config)
            .args(["config", "set", key, &value])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
    }
    assert_eq!(
        std::fs::metadata(&config).unwrap().permissions().mode() & 0o777,
        0o600
    );

    assert!(run(cmd(&[], None)).await.status.success());
    assert_eq!((by_profile.request_count(), by_env.request_count()), (1, 0));
    assert!(
        run(cmd(&[], Some(&by_env.base_url())))
            .await
            .status
            .success()
    );
    assert_eq!((by_profile.request_count(), by_env.request_count()), (1, 1));
    let flag_url = by_flag.base_url();
    assert!(
        run(cmd(&["--base-url", &flag_url], Some(&by_env.base_url())))
            .await
            .status
            .success()
    );
    assert_eq!(
        (
            by_profile.request_count(),
            by_env.request_count(),
            by_flag.request_count()
        ),
        (1, 1, 1)
    );
    // A named profile that does not exist is an error; the default is the
    // production URL, refused here for lack of a key in an empty config.
    let output = run(cmd(&["--profile", "nope"], None)).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no profile \"nope\""));

    // A key file readable by others is refused.
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = run(cmd(&[], None)).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("chmod 600"),
        "{}",
        text(&output.stderr)
    );

    // `config list` never shows a key; `login` stores one from stdin.
    let output = wonderchat()
        .env("WONDERCHAT_CONFIG", &config)
        .args(["login", "--profile", "second"])
        .write_stdin("secret-login-key-1\n")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = wonderchat()
        .env("WONDERCHAT_CONFIG", &config)
        .args(["config", "list"])
        .output()
        .unwrap();
    let listed = text(&output.stdout);
    assert!(
        listed.contains("[profiles.second]") && listed.contains("[set]"),
        "{listed}"
    );
    assert!(!listed.contains("secret-login-key-1"), "{listed}");
    let output = wonderchat()
        .env("WONDERCHAT_CONFIG", &config)
        .args(["config", "list", "--json"])
        .output()
        .unwrap();
    let mut listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    listed["default"]["base_url"] = "[URL]".into();
    listed["default"]["api_key_file"] = "[FILE]".into();
    insta::assert_snapshot!(
        "json_config_list",
        serde_json::to_string_pretty(&listed).unwrap()
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_can_come_from_a_file_or_stdin_instead_of_the_command_line() {
    let mock = MockServer::start().await;
    let mut cmd = wonderchat();
    cmd.args([
        "feedback",
        "m1",
        "helpful",
        "--api-key",
        "-",
        "--base-url",
        &mock.base_url(),
    ])
    .write_stdin(format!("{}\n", mock.api_key()));
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn man_pages_are_written_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let output = wonderchat().args(["man"]).arg(dir.path()).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    for name in [
        "wonderchat.1",
        "wonderchat-chat.1",
        "wonderchat-export.1",
        "wonderchat-webhook.1",
        "wonderchat-mcp.1",
    ] {
        let page = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(page.contains(".TH"), "{name}");
    }
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_streams_to_the_file_with_flat_memory() {
    let mock = MockServer::builder()
        .seed_chatlogs(20_000)
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.jsonl");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .env("WONDERCHAT_API_KEY", mock.api_key())
        .env("WONDERCHAT_BASE_URL", mock.base_url())
        .args(["export", "-q", "-o"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let sampler = tokio::task::spawn_blocking(move || {
        let mut peak = 0;
        while let Some(now) = proc_status_kib(pid, "VmHWM:") {
            peak = now;
            std::thread::sleep(Duration::from_millis(10));
        }
        peak
    });
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let peak = sampler.await.unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let size = std::fs::metadata(&out).unwrap().len();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().lines().count(),
        20_001
    );
    // About 21 MiB here for an 18 MB export; holding the chatlogs would add
    // at least the export's size.
    assert!(
        peak > 0 && peak < 40 * 1024,
        "peak RSS {peak} KiB for a {size}-byte export"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chatbot_may_come_from_the_environment() {
    let mock = MockServer::start().await;
    let mut cmd = against(&mock);
    cmd.env("WONDERCHAT_CHATBOT_ID", DEMO_CHATBOT_ID).args([
        "chat",
        "How do I reset my password?",
        "--json",
    ]);
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        answer["text"].as_str().unwrap().contains("reset"),
        "{answer}"
    );
    // Without any chatbot: a usage error that says where one comes from.
    let mut cmd = against(&mock);
    cmd.args(["chat"]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("WONDERCHAT_CHATBOT_ID"));
    // A question and no chatbot, stdin not a terminal: once taken as the
    // chatbot's id, with an empty session and exit 0; now a usage error.
    let mut cmd = against(&mock);
    cmd.env_remove("WONDERCHAT_CHATBOT_ID")
        .args(["chat", "How do I reset my password?"])
        .write_stdin("");
    let output = run(cmd).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("looks like a question, but no chatbot is set"),
        "{stderr}"
    );
    assert_eq!(mock.request_count(), 1, "nothing more was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_whose_requests_fail_fails_and_its_hints_are_its_own() {
    let mock = MockServer::start().await;
    // A chatbot the server does not know: every question is a 404.
    let mut cmd = against(&mock);
    cmd.args(["chat", "no-such-chatbot"])
        .write_stdin("Hello\nStill there?\n");
    let output = run(cmd).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("2 of 2 requests in the session failed"),
        "{stderr}"
    );
    // A good session exits 0, and its hint is the session's own command.
    let mut cmd = against(&mock);
    cmd.args(["chat", DEMO_CHATBOT_ID]).write_stdin("Hello\n");
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("(rate it: /helpful"), "{stdout}");
    assert!(!stdout.contains("wonderchat feedback"), "{stdout}");
}

/// A child process killed when the test ends, passed or failed.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

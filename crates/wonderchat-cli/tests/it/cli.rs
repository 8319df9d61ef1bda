//! The `wonderchat` binary end to end, against mock servers on loopback:
//! every command, every exit code, help texts and human output.

use std::collections::HashMap;

use crate::common::*;
use wonderchat_mock::MockServer;

#[test]
fn help_of_every_command() {
    for args in [
        vec!["--help"],
        vec!["feedback", "--help"],
        vec!["import", "--help"],
        vec!["mock", "--help"],
        vec!["spec", "--help"],
        vec!["completions", "--help"],
        vec!["chat", "--help"],
        vec!["messages", "--help"],
        vec!["export", "--help"],
        vec!["report", "--help"],
        vec!["eval", "run", "--help"],
        vec!["mcp", "--help"],
        vec!["pages", "add", "--help"],
        vec!["pages", "sync", "--help"],
        vec!["tags", "add", "--help"],
        vec!["webhook", "verify", "--help"],
        vec!["webhook", "listen", "--help"],
        vec!["config", "--help"],
        vec!["login", "--help"],
        vec!["man", "--help"],
    ] {
        let output = wonderchat().args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let name = format!("help_{}", args.join("_").replace("--", ""));
        insta::assert_snapshot!(name, text(&output.stdout));
    }
}

#[test]
fn the_readme_command_round_trips_through_the_built_in_mock() {
    let output = wonderchat()
        .args([
            "--mock",
            "feedback",
            "msg_123",
            "helpful",
            "--comment",
            "Great answer",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("using the built-in mock server at http://127.0.0.1:"));
    insta::with_settings!({filters => vec![
        (r"feedback id   c[0-9a-z]{24}", "feedback id   [ID]"),
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", "[TIMESTAMP]"),
    ]}, {
        insta::assert_snapshot!("feedback_human_output", text(&output.stdout));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_against_a_server_first_then_update() {
    let mock = MockServer::start().await;
    let mut first = against(&mock);
    first.args(["feedback", "m1", "not-helpful", "--json"]);
    let output = run(first).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["wasUpdated"], false);
    assert_eq!(json["feedback"], "NOT_HELPFUL");

    let mut second = against(&mock);
    second.args(["feedback", "m1", "HELPFUL"]);
    let output = run(second).await;
    assert!(text(&output.stdout).contains("(replaced the earlier feedback)"));
    assert_eq!(mock.feedback("m1").unwrap().feedback.to_string(), "HELPFUL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_request_exits_1_with_the_reason() {
    let mock = MockServer::builder()
        .strict_messages(true)
        .start()
        .await
        .unwrap();
    let mut cmd = against(&mock);
    cmd.args(["feedback", "ghost", "helpful"]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("found no message \"ghost\" (HTTP 404)"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 4] = [
        &["feedback", "m1", "helpful"],          // no key
        &["--mock", "feedback", "m1", "thumbs"], // bad value
        &["--mock", "feedback", " ", "helpful"], // blank id
        &["--frobnicate"],
    ];
    for args in cases {
        let output = wonderchat().args(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
    }
    let output = wonderchat()
        .args(["feedback", "m1", "helpful"])
        .output()
        .unwrap();
    assert!(text(&output.stderr).contains("set WONDERCHAT_API_KEY"));
    let output = wonderchat()
        .args(["--mock", "import", "/nonexistent/rows.csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("cannot open /nonexistent/rows.csv"));
}

#[test]
fn spec_and_completions() {
    let yaml = wonderchat().arg("spec").output().unwrap();
    assert_eq!(text(&yaml.stdout), wonderchat_mock::OPENAPI_YAML);
    let json = wonderchat().args(["spec", "--json"]).output().unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed["openapi"], "3.0.3");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = wonderchat().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let script = text(&output.stdout);
        // Subcommands and flags everywhere; values of positional arguments
        // where the shell's generator supports them (bash, zsh).
        for word in [
            "wonderchat",
            "export",
            "--since",
            "jsonl",
            "mcp",
            "read-only",
            "print-config",
        ] {
            assert!(script.contains(word), "{shell} completes no {word}");
        }
        if matches!(shell, "bash" | "zsh") {
            assert!(
                script.contains("not-helpful"),
                "{shell} completes no feedback value"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_output_never_shows_the_key() {
    const CANARY: &str = "canary-cli-7d2e-key";
    let mock = MockServer::builder().api_key(CANARY).start().await.unwrap();
    mock.fail_next(1, wonderchat_mock::Fault::Unavailable);
    for verbosity in ["-v", "-vv", "-vvv"] {
        let mut cmd = against(&mock);
        cmd.args([verbosity, "feedback", "m1", "helpful", "--comment", "c"]);
        let output = run(cmd).await;
        assert!(output.status.success(), "{}", text(&output.stderr));
        let all = text(&output.stdout) + &text(&output.stderr);
        assert!(!all.contains(CANARY), "{verbosity} shows the key:\n{all}");
        if verbosity == "-vv" {
            assert!(all.contains("wonderchat.attempt"), "{all}");
        }
    }
    // A wrong key given on the command line is not echoed either.
    let mut cmd = wonderchat();
    cmd.args([
        "-vvv",
        "feedback",
        "--api-key",
        "wrong-canary-key",
        "--base-url",
        &mock.base_url(),
    ]);
    cmd.args(["m1", "helpful"]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(1));
    let all = text(&output.stdout) + &text(&output.stderr);
    assert!(!all.contains("wrong-canary-key"), "{all}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_accounts_for_every_row_and_keeps_the_last_value() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    let malformed = [10, 500, 2001, 4998];
    let last = write_csv(&input, 5_000, 500, &malformed);
    let mock = MockServer::start().await;
    let mut cmd = against(&mock);
    cmd.args([
        "import",
        input.to_str().unwrap(),
        "--concurrency",
        "16",
        "--quiet",
    ]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("failed   4 (invalid_row: 4)"), "{stderr}");
    assert!(stderr.contains("sent     4996"), "{stderr}");

    let results = read_results(&dir.path().join("rows.csv.results.jsonl"));
    assert_eq!(results.len(), 5_000, "one outcome per row");
    let mut lines: Vec<u64> = results
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    lines.sort_unstable();
    assert_eq!(lines, (2..=5_001).collect::<Vec<u64>>());
    let failed: Vec<u64> = results
        .iter()
        .filter(|r| r["ok"] == false)
        .map(|r| {
            assert_eq!(r["error"], "invalid_row");
            let line = r["line"].as_u64().unwrap();
            assert!(
                r["message"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("line {line}: "))
            );
            line
        })
        .collect();
    let mut failed = failed;
    failed.sort_unstable();
    assert_eq!(
        failed,
        malformed.iter().map(|i| *i as u64 + 2).collect::<Vec<_>>()
    );

    assert_eq!(mock.request_count(), 4_996);
    for (id, value) in &last {
        assert_eq!(
            &mock.feedback(id).unwrap().feedback.to_string(),
            value,
            "{id}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_reads_json_lines_from_stdin() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("out.jsonl");
    let mut cmd = against(&mock);
    cmd.args([
        "import",
        "-",
        "--format",
        "jsonl",
        "--results",
        results.to_str().unwrap(),
    ]);
    cmd.write_stdin(
        "{\"messageId\":\"a\",\"feedback\":\"HELPFUL\",\"userComment\":\"nice\"}\n\n{\"messageId\":\"b\",\"feedback\":\"not-helpful\"}\n",
    );
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(read_results(&results).len(), 2);
    assert_eq!(
        mock.feedback("a").unwrap().user_comment.as_deref(),
        Some("nice")
    );
    assert_eq!(
        mock.feedback("b").unwrap().feedback.to_string(),
        "NOT_HELPFUL"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_holds_as_seen_by_the_server() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    write_csv(&input, 60, 60, &[]);
    let mut cmd = against(&mock);
    cmd.args([
        "import",
        input.to_str().unwrap(),
        "--rate",
        "20",
        "--concurrency",
        "8",
        "--quiet",
    ]);
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let times: Vec<_> = mock
        .requests_received()
        .iter()
        .map(|r| r.received_at)
        .collect();
    assert_eq!(times.len(), 60);
    // In any one-second window the server saw at most 20 requests (+1 for
    // a window edge falling between two evenly spaced requests).
    for (i, start) in times.iter().enumerate() {
        let in_window = times[i..]
            .iter()
            .take_while(|t| t.duration_since(*start).as_secs_f64() < 1.0)
            .count();
        assert!(in_window <= 21, "{in_window} requests within one second");
    }
    let span = times[59].duration_since(times[0]).as_secs_f64();
    assert!(span >= 59.0 / 20.0 * 0.9, "60 requests in {span:.2}s");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_after_kill_9_sends_every_unrecorded_row_and_no_recorded_one() {
    let mock = slow_mock().await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    let last = write_csv(&input, 600, 600, &[]);
    let results = dir.path().join("rows.csv.results.jsonl");

    let mut child = spawn_import(&mock, &input, std::process::Stdio::null());
    // Let it record some rows, then kill it without warning.
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let recorded = std::fs::read_to_string(&results)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if recorded >= 50 {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let first_run = std::fs::read_to_string(&results).unwrap();
    let recorded: Vec<String> = first_run
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|r| r["ok"] == true)
        .map(|r| r["messageId"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        recorded.len() >= 50 && recorded.len() < 600,
        "{}",
        recorded.len()
    );

    let mut resume = against(&mock);
    resume.args([
        "import",
        input.to_str().unwrap(),
        "--resume",
        "--concurrency",
        "16",
        "--quiet",
    ]);
    let output = run(resume).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains(&format!("skipped  {}", recorded.len())),
        "{}",
        text(&output.stderr)
    );

    // Every row's feedback is on the server ...
    for (id, value) in &last {
        assert_eq!(
            &mock.feedback(id).unwrap().feedback.to_string(),
            value,
            "{id}"
        );
    }
    // ... and no row recorded in the first run was sent again.
    let mut sent: HashMap<String, usize> = HashMap::new();
    for request in mock.requests_received() {
        *sent.entry(request.message_id.unwrap()).or_default() += 1;
    }
    for id in &recorded {
        assert_eq!(sent[id], 1, "{id} was sent again");
    }
    // Every row now has a recorded success.
    let done: std::collections::HashSet<u64> = read_results(&results)
        .iter()
        .filter(|r| r["ok"] == true)
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(done.len(), 600);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_drains_flushes_and_exits_130() {
    let mock = slow_mock().await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    write_csv(&input, 2_000, 2_000, &[]);
    let results = dir.path().join("rows.csv.results.jsonl");
    let child = spawn_import(&mock, &input, std::process::Stdio::piped());
    // Wait for a state, not a time: the server has answered some rows.
    let started = std::time::Instant::now();
    while mock.request_count() < 20 {
        assert!(started.elapsed().as_secs() < 60, "the import sent nothing");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("--resume"));
    // Every request the server answered is in the results file.
    let recorded = read_results(&results).len() as u64;
    assert!(recorded > 0 && recorded < 2_000, "{recorded}");
    assert_eq!(recorded, mock.request_count());
}

#[test]
fn the_mock_command_serves_until_killed() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let messages = dir.path().join("messages.txt");
    std::fs::write(&messages, "# known ids\nmsg_known\n").unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .args(["mock", "--port", "0", "--api-key", "k1", "--messages"])
        .arg(&messages)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first.trim().rsplit("http://").next().unwrap().to_owned();
    let post = |id: &str| {
        let body = format!(r#"{{"apiKey":"k1","messageId":"{id}","feedback":"HELPFUL"}}"#);
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            stream,
            "POST /api/v1/update-message-feedback HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let known = post("msg_known");
    let unknown = post("msg_other");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(known.starts_with("HTTP/1.1 200"), "{known}");
    assert!(unknown.starts_with("HTTP/1.1 404"), "{unknown}");
}

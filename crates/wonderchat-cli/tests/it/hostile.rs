//! The `wonderchat` binary against servers that misbehave on purpose
//! (issue 11): bounded memory, no key in any output, no terminal or log
//! injection, CLI advice in CLI terms.

use std::time::Duration;

use crate::common::*;
use wonderchat_mock::{Fault, MockServer};

#[cfg(target_os = "linux")]
#[test]
fn a_cli_call_against_an_endless_body_stays_under_64_mib() {
    let url = endless_body_server();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .args([
            "feedback",
            "m1",
            "helpful",
            "--api-key",
            "k-endless",
            "--base-url",
            &url,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak_kib = 0u64;
    // Sample the peak until the process is gone (the last reading is the peak).
    while let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
        peak_kib = proc_status_kib(pid, "VmHWM:").unwrap_or(peak_kib);
        if status.contains("State:\tZ") {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("larger than this client accepts"));
    assert!(
        peak_kib > 0 && peak_kib < 64 * 1024,
        "peak RSS {peak_kib} KiB"
    );
}

const CANARY: &str = "canary-cli-K3y-0b5e";

/// Answers a server may give that carry the key.
fn hostile_answers() -> Vec<Fault> {
    key_echoes(CANARY)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_never_appears_in_cli_output_or_the_results_file_even_at_vvv() {
    let mock = MockServer::builder().api_key(CANARY).start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (i, answer) in hostile_answers().into_iter().enumerate() {
        for json in [false, true] {
            mock.push_faults([answer.clone()]);
            let mut cmd = against(&mock);
            cmd.args(["-vvv", "feedback", "m1", "helpful", "--max-attempts", "1"]);
            if json {
                cmd.arg("--json");
            }
            let output = run(cmd).await;
            let all = text(&output.stdout) + &text(&output.stderr);
            assert!(!all.contains(CANARY), "answer {i}: {all}");
        }
    }
    // An import whose rows meet every answer: the results file is clean too.
    let input = dir.path().join("rows.csv");
    let rows: String = (0..hostile_answers().len())
        .map(|i| format!("m{i},HELPFUL\n"))
        .collect();
    std::fs::write(&input, format!("messageId,feedback\n{rows}")).unwrap();
    mock.push_faults(hostile_answers());
    let mut cmd = against(&mock);
    cmd.args([
        "-vvv",
        "import",
        input.to_str().unwrap(),
        "--concurrency",
        "1",
    ])
    .args(["--max-attempts", "1", "--no-adapt"]);
    let output = run(cmd).await;
    let all = text(&output.stdout) + &text(&output.stderr);
    assert!(!all.contains(CANARY), "{all}");
    let results = std::fs::read_to_string(dir.path().join("rows.csv.results.jsonl")).unwrap();
    assert_eq!(results.lines().count(), hostile_answers().len());
    assert!(!results.contains(CANARY), "{results}");
}

#[test]
fn a_huge_timeout_does_not_panic() {
    let output = wonderchat()
        .args([
            "--mock",
            "feedback",
            "msg_123",
            "helpful",
            "--timeout",
            "1e19",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_text_and_input_cannot_drive_the_terminal_or_forge_log_lines() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::json(
        400,
        r#"{"message":"bad\u001b[2J\u0007\r\nFORGED: all good"}"#,
    )]);
    let mut cmd = against(&mock);
    cmd.args(["-vv", "feedback", "m1\nFORGED: injected", "helpful"]);
    let output = run(cmd).await;
    let all = text(&output.stdout) + &text(&output.stderr);
    assert!(
        !all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\r'),
        "{all:?}"
    );
    assert!(!all.lines().any(|l| l.starts_with("FORGED")), "{all}");

    let mut cmd = against(&mock);
    cmd.args(["-vv", "feedback", "m2\nFORGED: injected", "helpful"]);
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let all = text(&output.stdout) + &text(&output.stderr);
    assert!(!all.lines().any(|l| l.starts_with("FORGED")), "{all}");
    assert!(
        text(&output.stdout).contains("m2\\nFORGED"),
        "{}",
        text(&output.stdout)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_are_coloured_only_on_a_terminal_or_when_asked() {
    let mock = MockServer::start().await;
    let mut plain = against(&mock);
    plain
        .env_remove("NO_COLOR")
        .args(["-vv", "feedback", "m1", "helpful"]);
    let output = run(plain).await;
    assert!(!text(&output.stderr).is_empty());
    assert!(
        !text(&output.stderr).contains('\u{1b}'),
        "{}",
        text(&output.stderr)
    );

    let mut always = against(&mock);
    always.args(["-vv", "--color", "always", "feedback", "m1", "helpful"]);
    let output = run(always).await;
    assert!(
        text(&output.stderr).contains('\u{1b}'),
        "{}",
        text(&output.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_errors_give_cli_advice() {
    let output = wonderchat()
        .args([
            "feedback",
            "m1",
            "helpful",
            "--api-key",
            "k",
            "--base-url",
            "http://example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("--base-url") && !stderr.contains("allow_insecure_http"),
        "{stderr}"
    );

    let mock = MockServer::start().await;
    let mut wrong_key = wonderchat();
    wrong_key.args([
        "feedback",
        "m1",
        "helpful",
        "--api-key",
        "wrong",
        "--base-url",
        &mock.base_url(),
    ]);
    let stderr = text(&run(wrong_key).await.stderr);
    assert!(
        stderr.contains("--api-key or WONDERCHAT_API_KEY") && !stderr.contains("builder"),
        "{stderr}"
    );

    mock.push_faults([Fault::json(
        413,
        r#"{"status":"error","message":"request body is larger than 65536 bytes"}"#,
    )]);
    let mut too_large = against(&mock);
    too_large.args(["feedback", "m1", "helpful", "--comment", "c"]);
    let stderr = text(&run(too_large).await.stderr);
    assert!(
        stderr.contains("too large (HTTP 413)") && !stderr.contains("base URL"),
        "{stderr}"
    );

    // A comment over the spec's limit is refused before anything is sent.
    let before = mock.request_count();
    let mut too_long = against(&mock);
    too_long.args(["feedback", "m1", "helpful", "--comment", &"c".repeat(2_001)]);
    let output = run(too_long).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("userComment"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(mock.request_count(), before);
}

#[test]
fn the_cause_of_an_error_is_printed_once() {
    let output = wonderchat()
        .args([
            "feedback",
            "m1",
            "helpful",
            "--api-key",
            "k",
            "--base-url",
            "http://127.0.0.1:1",
        ])
        .args(["--max-attempts", "1"])
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(stderr.matches("Connection refused").count(), 1, "{stderr}");
}

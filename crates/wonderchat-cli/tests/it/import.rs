//! `wonderchat import` keeps every row: regression tests for the data-loss
//! defects of issue 10, each named after its case, through the real binary.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::common::*;
use wonderchat_mock::{Fault, FaultConfig, MockServer};

fn import(mock: &MockServer, input: &Path) -> assert_cmd::Command {
    let mut cmd = against(mock);
    cmd.args(["import", input.to_str().unwrap(), "--quiet"]);
    cmd
}

fn csv(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_results_file_that_is_the_input_is_refused_before_anything_is_written() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let text = "messageId,feedback\nm1,HELPFUL\nm2,HELPFUL\n";
    let input = csv(dir.path(), "same.csv", text);
    let link = dir.path().join("link.csv");
    std::fs::hard_link(&input, &link).unwrap();
    let other_name = dir.path().join(".").join("same.csv");
    for results in [&input, &link, &other_name] {
        for extra in [None, Some("--resume"), Some("--force")] {
            let mut cmd = import(&mock, &input);
            cmd.args(["--results", results.to_str().unwrap()]);
            cmd.args(extra);
            let output = run(cmd).await;
            assert_eq!(output.status.code(), Some(2), "{}", text_of(&output));
            assert!(text_of(&output).contains("is the input itself"));
            assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
        }
    }
    assert_eq!(mock.request_count(), 0);
}

fn text_of(output: &std::process::Output) -> String {
    text(&output.stderr)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_results_file_is_not_overwritten_without_resume_or_force() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = csv(dir.path(), "in.csv", "messageId,feedback\nm1,HELPFUL\n");
    let results = dir.path().join("in.csv.results.jsonl");
    let history = "{\"line\":2,\"messageId\":\"m1\",\"ok\":true}\n".repeat(50);
    std::fs::write(&results, &history).unwrap();
    let output = run(import(&mock, &input)).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = text_of(&output);
    assert!(
        stderr.contains("--resume") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&results).unwrap(), history);
    assert_eq!(mock.request_count(), 0);

    let mut forced = import(&mock, &input);
    forced.arg("--force");
    let output = run(forced).await;
    assert!(output.status.success(), "{}", text_of(&output));
    assert_eq!(read_results(&results).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crlf_cr_only_and_mixed_csv_rows_are_recorded_on_their_physical_lines() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "crlf.csv",
            "messageId,feedback\r\na,HELPFUL\r\nb,HELPFUL\r\n",
            vec![2, 3],
        ),
        (
            "cr.csv",
            "messageId,feedback\ra,HELPFUL\rb,HELPFUL\r",
            vec![2, 3],
        ),
        (
            "mixed.csv",
            "messageId,feedback,userComment\na,HELPFUL,\"x\r\ny\"\r\nb,HELPFUL,z\rc,HELPFUL,w\n",
            vec![2, 4, 5],
        ),
    ];
    for (name, text, expected) in cases {
        let input = csv(dir.path(), name, text);
        let output = run(import(&mock, &input)).await;
        assert!(output.status.success(), "{name}: {}", text_of(&output));
        let mut lines: Vec<u64> = read_results(&dir.path().join(format!("{name}.results.jsonl")))
            .iter()
            .map(|r| r["line"].as_u64().unwrap())
            .collect();
        lines.sort_unstable();
        assert_eq!(lines, expected, "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_of_a_cr_only_file_sends_the_rows_that_were_not_sent() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = csv(
        dir.path(),
        "cr.csv",
        "messageId,feedback\ra,HELPFUL\rb,HELPFUL\rc,HELPFUL\r",
    );
    let results = dir.path().join("cr.csv.results.jsonl");
    // An earlier run recorded row a (line 2) only.
    std::fs::write(&results, "{\"line\":2,\"messageId\":\"a\",\"ok\":true}\n").unwrap();
    let mut cmd = import(&mock, &input);
    cmd.arg("--resume");
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text_of(&output));
    assert!(mock.feedback("a").is_none(), "a was sent again");
    assert!(mock.feedback("b").is_some() && mock.feedback("c").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_with_the_results_of_another_input_is_refused() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let first = csv(
        dir.path(),
        "first.csv",
        "messageId,feedback\nx1,HELPFUL\nx2,HELPFUL\nx3,HELPFUL\n",
    );
    let second = csv(
        dir.path(),
        "second.csv",
        "messageId,feedback\ny1,HELPFUL\ny2,HELPFUL\ny3,HELPFUL\n",
    );
    let results = dir.path().join("shared.jsonl");
    let mut cmd = import(&mock, &first);
    cmd.args(["--results", results.to_str().unwrap()]);
    assert!(run(cmd).await.status.success());
    let sent = mock.request_count();

    let mut cmd = import(&mock, &second);
    cmd.args(["--results", results.to_str().unwrap(), "--resume"]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(2), "{}", text_of(&output));
    assert!(
        text_of(&output).contains("does not belong to"),
        "{}",
        text_of(&output)
    );
    assert_eq!(mock.request_count(), sent, "nothing may be sent");

    // The same from standard input: refused as soon as the first row is read.
    let mut cmd = against(&mock);
    cmd.args(["import", "-", "--format", "csv", "--quiet", "--resume"]);
    cmd.args(["--results", results.to_str().unwrap()]);
    cmd.write_stdin(std::fs::read(&second).unwrap());
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(2), "{}", text_of(&output));
    assert_eq!(mock.request_count(), sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_never_lets_an_earlier_row_overwrite_a_later_one() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = csv(
        dir.path(),
        "in.csv",
        "messageId,feedback\nm1,HELPFUL\nm1,NOT_HELPFUL\n",
    );
    mock.fail_next(1, Fault::InternalError);
    let mut cmd = import(&mock, &input);
    cmd.args(["--max-attempts", "1"]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(1), "{}", text_of(&output));
    assert_eq!(
        mock.feedback("m1").unwrap().feedback.to_string(),
        "NOT_HELPFUL"
    );

    let mut cmd = import(&mock, &input);
    cmd.arg("--resume");
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text_of(&output));
    assert!(text_of(&output).contains("skipped  1 (a later row of the same message was sent)"));
    assert_eq!(
        mock.feedback("m1").unwrap().feedback.to_string(),
        "NOT_HELPFUL"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_results_line_is_a_mismatch_not_an_allocation() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = csv(dir.path(), "in.csv", "messageId,feedback\nm1,HELPFUL\n");
    let results = dir.path().join("in.csv.results.jsonl");
    for line in ["10000000000", "18446744073709551615"] {
        std::fs::write(
            &results,
            format!("{{\"line\":{line},\"messageId\":\"m1\",\"ok\":true}}\n"),
        )
        .unwrap();
        let mut cmd = import(&mock, &input);
        cmd.arg("--resume").timeout(Duration::from_secs(20));
        let output = run(cmd).await;
        assert_eq!(output.status.code(), Some(2), "{}", text_of(&output));
        assert!(text_of(&output).contains(&format!("line {line}")));
    }
    assert_eq!(mock.request_count(), 0);
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mb_row_is_invalid_without_being_held_and_memory_stays_flat() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "jsonl"] {
        let results = dir.path().join(format!("{format}.results.jsonl"));
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
            .env("WONDERCHAT_API_KEY", mock.api_key())
            .env("WONDERCHAT_BASE_URL", mock.base_url())
            .args(["import", "-", "--quiet", "--format", format, "--results"])
            .arg(&results)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pid = child.id();
        let mut stdin = child.stdin.take().unwrap();
        let peak = tokio::task::spawn_blocking(move || {
            let chunk = vec![b'x'; 1 << 20];
            if format == "csv" {
                stdin
                    .write_all(b"messageId,feedback,userComment\nbig,HELPFUL,")
                    .unwrap();
            } else {
                stdin
                    .write_all(
                        b"{\"messageId\":\"big\",\"feedback\":\"HELPFUL\",\"userComment\":\"",
                    )
                    .unwrap();
            }
            for _ in 0..100 {
                stdin.write_all(&chunk).unwrap();
            }
            if format == "csv" {
                stdin.write_all(b"\nsmall,HELPFUL,ok\n").unwrap();
            } else {
                stdin
                    .write_all(b"\"}\n{\"messageId\":\"small\",\"feedback\":\"HELPFUL\"}\n")
                    .unwrap();
            }
            stdin.flush().unwrap();
            std::thread::sleep(Duration::from_millis(300));
            let peak = proc_status_kib(pid, "VmHWM:").unwrap();
            drop(stdin);
            peak
        })
        .await
        .unwrap();
        let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
            .await
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", text_of(&output));
        assert!(peak < 64 * 1024, "{format}: peak RSS {peak} KiB");
        let records = read_results(&results);
        assert_eq!(records.len(), 2, "{format}");
        let big = records
            .iter()
            .find(|r| r["line"] == 2 - u64::from(format == "jsonl"))
            .unwrap();
        assert_eq!(big["error"], "invalid_row");
        assert!(big["message"].as_str().unwrap().contains("row too large"));
        assert!(mock.feedback("big").is_none());
        assert!(mock.feedback("small").is_some());
    }
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bom_on_json_lines_is_accepted() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = csv(
        dir.path(),
        "bom.jsonl",
        "\u{feff}{\"messageId\":\"m1\",\"feedback\":\"HELPFUL\"}\n",
    );
    let output = run(import(&mock, &input)).await;
    assert!(output.status.success(), "{}", text_of(&output));
    assert!(mock.feedback("m1").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_csv_columns_are_a_usage_error_naming_the_column() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = csv(
        dir.path(),
        "dup.csv",
        "messageId,feedback,feedback\nm1,HELPFUL,NOT_HELPFUL\n",
    );
    let output = run(import(&mock, &input)).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text_of(&output).contains("column feedback twice"),
        "{}",
        text_of(&output)
    );
    assert!(!dir.path().join("dup.csv.results.jsonl").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_as_input_exits_2_and_leaves_no_results_file() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.jsonl");
    std::fs::create_dir(&input).unwrap();
    let output = run(import(&mock, &input)).await;
    assert_eq!(output.status.code(), Some(2), "{}", text_of(&output));
    assert!(text_of(&output).contains("is a directory"));
    assert!(!dir.path().join("rows.jsonl.results.jsonl").exists());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_stdin_as_input_writes_its_results_in_the_current_directory() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = against(&mock);
    cmd.current_dir(dir.path())
        .args(["import", "/dev/stdin", "--format", "jsonl", "--quiet"])
        .write_stdin("{\"messageId\":\"m1\",\"feedback\":\"HELPFUL\"}\n");
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text_of(&output));
    assert_eq!(
        read_results(&dir.path().join("wonderchat-import.results.jsonl")).len(),
        1
    );
}

/// Starts an import reading a pipe the test controls.
#[cfg(unix)]
fn piped_import(mock: &MockServer, results: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .env("WONDERCHAT_API_KEY", mock.api_key())
        .env("WONDERCHAT_BASE_URL", mock.base_url())
        .args(["import", "-", "--format", "jsonl", "--quiet", "--results"])
        .arg(results)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[cfg(unix)]
fn signal(child: &std::process::Child, name: &str) {
    std::process::Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
}

#[cfg(unix)]
async fn wait(child: std::process::Child) -> std::process::Output {
    let waited = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap());
    tokio::time::timeout(Duration::from_secs(20), waited)
        .await
        .expect("the import did not exit")
        .unwrap()
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outcomes_reach_the_file_while_the_input_is_idle_and_ctrl_c_is_noticed_at_once() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("r.jsonl");
    let mut child = piped_import(&mock, &results);
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"messageId\":\"m1\",\"feedback\":\"HELPFUL\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    // Nothing else happens: the outcome must still be written out.
    let mut recorded = 0;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        recorded = std::fs::read_to_string(&results)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if recorded == 1 {
            break;
        }
    }
    assert_eq!(
        recorded, 1,
        "the outcome was not flushed while the input was idle"
    );
    // Ctrl-C while the pipe is idle (stdin stays open): acted on at once.
    signal(&child, "INT");
    let output = wait(child).await;
    drop(stdin);
    assert_eq!(output.status.code(), Some(130), "{}", text_of(&output));
    let stderr = text_of(&output);
    assert!(stderr.contains("import stopped: 1 row "), "{stderr}");
    assert!(stderr.contains("--resume"), "{stderr}");
}

/// Waits (polling, at most 20 s) until `state` holds.
async fn until(state: impl Fn() -> bool) {
    for _ in 0..2_000 {
        if state() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the state was not reached in 20 s");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_flushes_prints_the_summary_and_exits_143() {
    let mock = slow_mock().await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    write_csv(&input, 2_000, 2_000, &[]);
    let results = dir.path().join("rows.csv.results.jsonl");
    let child = spawn_import(&mock, &input, Stdio::piped());
    // Under way: some rows answered (a state, not a guess of time).
    until(|| mock.request_count() >= 8).await;
    signal(&child, "TERM");
    let output = wait(child).await;
    assert_eq!(output.status.code(), Some(143), "{}", text_of(&output));
    assert!(
        text_of(&output).contains("import stopped"),
        "{}",
        text_of(&output)
    );
    let recorded = read_results(&results).len() as u64;
    assert!(recorded > 0 && recorded < 2_000, "{recorded}");
    assert_eq!(
        recorded,
        mock.request_count(),
        "every answered row is recorded"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_records_what_was_answered_and_exits_at_once() {
    // Answers take 1 s, so the first signal leaves requests in flight.
    let mock = MockServer::builder()
        .faults(FaultConfig {
            delay_probability: 1.0,
            delay: Duration::from_secs(1),
            ..Default::default()
        })
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    write_csv(&input, 100, 100, &[]);
    let results = dir.path().join("rows.csv.results.jsonl");
    let child = spawn_import(&mock, &input, Stdio::piped());
    // The first 4 rows answered and recorded (the mock counts a request
    // once answered); the next 4 are then in flight for a second.
    until(|| std::fs::read_to_string(&results).is_ok_and(|t| t.lines().count() >= 4)).await;
    signal(&child, "INT");
    tokio::time::sleep(Duration::from_millis(100)).await;
    signal(&child, "INT");
    let started = std::time::Instant::now();
    let output = wait(child).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "did not exit at once"
    );
    assert_eq!(output.status.code(), Some(130), "{}", text_of(&output));
    assert!(
        text_of(&output).contains("stopped at once"),
        "{}",
        text_of(&output)
    );
    // The first 4 rows were answered before the signals; they are recorded.
    let recorded = read_results(&results);
    assert_eq!(recorded.len(), 4, "{recorded:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ordinary_server_trouble_ends_with_0_failed_rows() {
    // The mix of `wonderchat-mock --fail-429 0.02 --retry-after 1
    // --fail-503 0.03 --fail-500 0.01 --drop 0.005`, default import flags.
    let mock = MockServer::builder()
        .seed(10)
        .faults(FaultConfig {
            rate_limit: 0.02,
            retry_after_secs: 1,
            unavailable: 0.03,
            internal_error: 0.01,
            drop_connection: 0.005,
            ..Default::default()
        })
        .request_log_limit(0)
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.csv");
    let last = write_csv(&input, 3_000, 750, &[]);
    let mut cmd = import(&mock, &input);
    cmd.arg("--json");
    let output = run(cmd).await;
    assert!(output.status.success(), "{}", text_of(&output));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["failed"], 0, "{summary}");
    assert_eq!(summary["sent"], 3_000, "{summary}");
    for (id, value) in &last {
        assert_eq!(&mock.feedback(id).unwrap().feedback.to_string(), value);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_rows_fail_the_last_line_names_the_command_that_retries_them() {
    let mock = MockServer::builder()
        .strict_messages(true)
        .messages(["m1"])
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = csv(
        dir.path(),
        "in.csv",
        "messageId,feedback\nm1,HELPFUL\nghost,HELPFUL\n",
    );
    let mut cmd = import(&mock, &input);
    cmd.args(["--api-key", mock.api_key()]);
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text_of(&output);
    let last = stderr.trim_end().lines().last().unwrap();
    assert!(
        last.contains(&format!(
            "wonderchat import {} --quiet --resume",
            input.display()
        )),
        "{last}"
    );
    assert!(
        !last.contains(mock.api_key()),
        "the key is not repeated: {last}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_run_checks_every_row_and_sends_nothing() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = csv(
        dir.path(),
        "in.csv",
        "messageId,feedback\nm1,HELPFUL\nm2,SO-SO\n",
    );
    let mut cmd = import(&mock, &input);
    cmd.arg("--dry-run");
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[1]["error"], "invalid_row");
    assert_eq!(mock.request_count(), 0);
    assert!(!dir.path().join("in.csv.results.jsonl").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_summary_is_one_object_on_stdout() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let input = csv(
        dir.path(),
        "in.csv",
        "messageId,feedback\nm1,HELPFUL\nm1,NOT_HELPFUL\n,HELPFUL\n",
    );
    let mut cmd = import(&mock, &input);
    cmd.arg("--json");
    let output = run(cmd).await;
    assert_eq!(output.status.code(), Some(1));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut summary = summary.as_object().unwrap().clone();
    assert!(summary.remove("seconds").unwrap().is_f64());
    assert_eq!(
        serde_json::Value::Object(summary),
        serde_json::json!({
            "rows": 3, "sent": 2, "replaced": 1, "failed": 1,
            "failedByKind": {"invalid_row": 1}, "skipped": 0, "superseded": 0,
            "results": format!("{}.results.jsonl", input.display()),
            "stoppedBy": null, "dryRun": false
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_words_import_and_invalid_rows_are_not_sent_to_resume() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    // GOOD and BAD, as an export's userFeedback says them.
    let input = csv(
        dir.path(),
        "in.csv",
        "messageId,feedback\nm1,GOOD\nm2,bad\nm3,SO-SO\n",
    );
    let output = run(import(&mock, &input)).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(mock.request_count(), 2, "{stderr}");
    // The only failure is a row to fix: no --resume, which cannot fix it.
    assert!(stderr.contains("1 of 3 rows failed"), "{stderr}");
    assert!(
        stderr.contains("It is invalid: fix it in the input"),
        "{stderr}"
    );
    assert!(!stderr.contains("run: wonderchat import"), "{stderr}");
}

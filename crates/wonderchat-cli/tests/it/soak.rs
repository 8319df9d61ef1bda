//! Soak: a 10,000-row import against a mock that fails a third of all
//! requests (503, 429 with Retry-After, dropped connections, answers slower
//! than the client's timeout). The import must still finish with every row
//! recorded once as a success, and the server must end with the last value
//! of each message.

use std::collections::HashMap;
use std::time::Duration;

use wonderchat_mock::{FaultConfig, MockServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a minute long: .ci/run runs it with --ignored"]
async fn import_survives_a_hostile_server() {
    let mock = MockServer::builder()
        .seed(2024)
        .faults(FaultConfig {
            unavailable: 0.20,
            rate_limit: 0.10,
            retry_after_secs: 1,
            drop_connection: 0.05,
            delay_probability: 0.02,
            delay: Duration::from_millis(1500),
            ..Default::default()
        })
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("rows.jsonl");
    let mut text = String::new();
    let mut last = HashMap::new();
    for i in 0..10_000 {
        let id = format!("msg_{}", (i * 13) % 2_500);
        let value = if i % 3 == 0 { "NOT_HELPFUL" } else { "HELPFUL" };
        text.push_str(&format!(
            "{{\"messageId\":\"{id}\",\"feedback\":\"{value}\",\"userComment\":\"row {i}\"}}\n"
        ));
        last.insert(id, value);
    }
    std::fs::write(&input, text).unwrap();

    let mut cmd = assert_cmd::Command::cargo_bin("wonderchat").unwrap();
    cmd.env("WONDERCHAT_API_KEY", mock.api_key())
        .env("WONDERCHAT_BASE_URL", mock.base_url())
        .args([
            "import",
            input.to_str().unwrap(),
            "--quiet",
            "--concurrency",
            "64",
            // A third of all answers fail at random: that is no rate limit
            // to adapt to, only trouble to retry through.
            "--no-adapt",
        ])
        // Slow answers (1.5 s) outlast the 0.5 s timeout and are retried.
        .args(["--timeout", "0.5", "--max-attempts", "15"])
        .timeout(Duration::from_secs(170));
    let output = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");

    let results = std::fs::read_to_string(dir.path().join("rows.jsonl.results.jsonl")).unwrap();
    let mut seen = vec![0u8; 10_001];
    for line in results.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(record["ok"], true, "{line}");
        seen[record["line"].as_u64().unwrap() as usize] += 1;
    }
    assert!(seen[1..].iter().all(|&n| n == 1), "every row exactly once");

    for (id, value) in &last {
        assert_eq!(
            mock.feedback(id).unwrap().feedback.to_string(),
            *value,
            "{id}"
        );
    }
    let faults = mock.fault_counts();
    assert!(
        faults.unavailable > 0
            && faults.rate_limited > 0
            && faults.dropped > 0
            && faults.delayed > 0,
        "{faults:?}"
    );
}

//! `wonderchat report` (issue 22): from the mock's API, from export files
//! (JSON Lines, CSV, stdin), its formats, and bad input.

use crate::common::*;

/// A small export with planted figures: 4 conversations on two days, two
/// rated (one GOOD, one BAD), three with a state (two RESOLVED).
fn export() -> String {
    [
        r#"{"createdAt":"2024-03-01T09:00:00.000Z","chatbotId":"bot","countryCode":"DE","userFeedback":"GOOD","averageConfidence":0.9,"aiResolutionState":"RESOLVED","initialPageUrl":"https://x/pricing","messages":[{"userMessage":"What does the plan cost?","botMessage":"10 EUR","createdAt":"2024-03-01T09:00:01.000Z"}]}"#,
        r#"{"createdAt":"2024-03-01T10:00:00.000Z","chatbotId":"bot","countryCode":"DE","userFeedback":"BAD","averageConfidence":0.3,"aiResolutionState":"UNRESOLVED","initialPageUrl":"https://x/pricing","messages":[{"userMessage":"How do I get a refund?","botMessage":"I do not know","createdAt":"2024-03-01T10:00:01.000Z"}]}"#,
        r#"{"createdAt":"2024-03-02T11:00:00.000Z","chatbotId":"bot","countryCode":"US","averageConfidence":0.7,"aiResolutionState":"RESOLVED","initialPageUrl":"https://x/","messages":[]}"#,
        r#"{"createdAt":"2024-03-02T12:00:00.000Z","chatbotId":"bot","averageConfidence":0.45,"initialPageUrl":"https://x/","messages":[{"userMessage":"Refund for my order?","createdAt":"2024-03-02T12:00:01.000Z"}]}"#,
    ]
    .join("\n")
        + "\n"
}

#[test]
fn the_json_figures_of_a_planted_export_are_exact_and_their_shape_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("week.jsonl");
    std::fs::write(&file, export()).unwrap();
    let output = wonderchat()
        .args(["report", "--format", "json", "--from"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let h = &report["headline"];
    assert_eq!(h["conversations"], 4);
    assert_eq!(h["exchanges"], 3);
    assert_eq!(h["satisfaction"]["value"], 0.5);
    assert_eq!(h["resolution"]["n"], 3);
    assert_eq!(h["failed"], 2, "BAD/UNRESOLVED and the 0.45 one");
    assert_eq!(report["series"].as_array().unwrap().len(), 2);
    assert_eq!(report["knowledgeGaps"][0]["words"][0], "refund");
    assert_eq!(report["knowledgeGaps"][0]["conversations"], 2);
    insta::assert_json_snapshot!("report_json", rounded(report));
}

/// The figures to 9 decimals: the shape and values, not the last bit of a
/// float (which may differ between builds).
fn rounded(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or_default();
            serde_json::json!((x * 1e9).round() / 1e9)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(rounded).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, rounded(v))).collect())
        }
        other => other,
    }
}

#[test]
fn csv_and_stdin_give_the_same_figures_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("e.jsonl");
    std::fs::write(&jsonl, export()).unwrap();
    let figures = |args: &[&str], stdin: Option<String>| {
        let mut cmd = wonderchat();
        cmd.args(["report", "--format", "json"]).args(args);
        if let Some(input) = stdin {
            cmd.write_stdin(input);
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        (report["headline"].clone(), report["countries"].clone())
    };
    let from_jsonl = figures(&["--from", jsonl.to_str().unwrap()], None);
    let from_stdin = figures(&["--from", "-"], Some(export()));
    assert_eq!(from_jsonl, from_stdin);
    // The same export written as CSV by `wonderchat export` (through a server).
    let url = crate::streams_and_files::serve_body(format!(
        "{{\"chatlogs\":[{}]}}",
        export().trim_end().replace('\n', ",")
    ));
    let csv = dir.path().join("e.csv");
    let output = wonderchat()
        .env("WONDERCHAT_API_KEY", "k")
        .env("WONDERCHAT_BASE_URL", &url)
        .args(["export", "--format", "csv", "-o", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let from_csv = figures(&["--from", csv.to_str().unwrap()], None);
    assert_eq!(from_jsonl, from_csv);
}

#[test]
fn the_mock_report_is_a_page_with_charts_and_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let output = wonderchat()
        .args(["--mock", "--quiet", "report", "-o", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("Knowledge gaps") && html.contains("refund"));
    // No script, and nothing to fetch from any host.
    assert!(!html.contains("<script") && !html.contains("src=\"http"));
    // The text summary on a pipe: headline and gaps.
    let output = wonderchat()
        .args(["--mock", "--quiet", "report"])
        .output()
        .unwrap();
    let summary = text(&output.stdout);
    assert!(
        summary.contains("Satisfaction") && summary.contains("1. "),
        "{summary}"
    );
}

#[test]
fn bad_input_is_a_clear_error_or_a_counted_skip() {
    let dir = tempfile::tempdir().unwrap();
    let run = |contents: &[u8], name: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, contents).unwrap();
        wonderchat()
            .args(["report", "--format", "json", "--from"])
            .arg(&file)
            .output()
            .unwrap()
    };
    // A truncated last line: counted and skipped.
    let mut truncated = export();
    truncated.push_str(&export()[..50]);
    let output = run(truncated.as_bytes(), "t.jsonl");
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["input"]["skipped"], 1);
    assert!(
        report["input"]["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("line 5:")
    );
    // A JSON file that is not an export: exit 2, naming the line.
    let output = run(b"{\"users\":[1,2,3]}\n", "other.json");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("line 1"),
        "{}",
        text(&output.stderr)
    );
    // An empty export: a report of nothing.
    let output = run(b"", "empty.jsonl");
    assert!(output.status.success());
    // A 2 MB question: read, not a panic.
    let huge = format!(
        "{{\"createdAt\":\"2024-03-01T09:00:00Z\",\"chatbotId\":\"b\",\"userFeedback\":\"BAD\",\"messages\":[{{\"userMessage\":\"{}\",\"createdAt\":\"2024-03-01T09:00:00Z\"}}]}}\n",
        "refund ".repeat(300_000)
    );
    let output = run(huge.as_bytes(), "huge.jsonl");
    assert!(output.status.success(), "{}", text(&output.stderr));
    // Dates out of order are fine (the series is by day).
    let planted = export();
    let mut shuffled: Vec<&str> = planted.lines().collect();
    shuffled.reverse();
    let output = run(shuffled.join("\n").as_bytes(), "r.jsonl");
    assert!(output.status.success());
    // A missing file: exit 2.
    let output = wonderchat()
        .args(["report", "--from", "/nonexistent/export.jsonl"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_previous_period_is_compared_and_only_changes_beyond_chance_are_marked() {
    // March 1–10: 100 rated, 80 GOOD; February 20–29: 100 rated, 50 GOOD.
    let line = |day: &str, rating: &str| {
        format!(
            r#"{{"createdAt":"2024-{day}T10:00:00.000Z","chatbotId":"bot","userFeedback":"{rating}","messages":[]}}"#
        )
    };
    let mut lines = Vec::new();
    for i in 0..100 {
        lines.push(line("03-05", if i < 80 { "GOOD" } else { "BAD" }));
        lines.push(line("02-25", if i < 50 { "GOOD" } else { "BAD" }));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let output = wonderchat()
        .args(["report", "--format", "json", "--compare", "previous"])
        .args([
            "--since",
            "2024-03-01",
            "--until",
            "2024-03-10T23:59:59Z",
            "--from",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["headline"]["conversations"], 100);
    let comparison = &report["comparison"];
    assert_eq!(comparison["previous"]["conversations"], 100);
    let change = &comparison["satisfactionChange"];
    assert!((change["delta"].as_f64().unwrap() - 0.3).abs() < 1e-9);
    assert_eq!(change["significant"], true);
    // --compare needs --since.
    let output = wonderchat()
        .args(["report", "--compare", "previous", "--from"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

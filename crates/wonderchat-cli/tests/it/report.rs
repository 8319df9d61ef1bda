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
    assert_eq!(h["good"], 1);
    assert_eq!(h["bad"], 1);
    assert_eq!(report["series"].as_array().unwrap().len(), 2);
    // Two refund questions: a subject of fewer than 3 conversations names
    // no topic; they are counted as failed without a topic.
    assert_eq!(report["knowledgeGaps"].as_array().unwrap().len(), 0);
    assert_eq!(report["failedUngrouped"], 2);
    assert_eq!(report["pages"][0]["name"], "https://x/");
    let mut report = report;
    // The time it was made is the one figure that changes run to run.
    report["generatedAt"] = serde_json::json!("[the time it was made]");
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
    // Three charts, each in a wide and a narrow drawing.
    assert_eq!(html.matches("<svg").count(), 6);
    assert!(html.contains("Fix these first") && html.contains("money back"));
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
    // From the API without --since: the last 30 days, said on the first
    // line; the planted refund wave comes first and rises.
    let first = summary.lines().next().unwrap_or_default();
    assert!(first.contains("the last 30 days"), "{first}");
    let fix = summary.split("Fix these first").nth(1).unwrap_or_default();
    assert!(
        fix.lines().nth(1).is_some_and(|l| l.contains("rising")),
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

/// Chatlogs of two chatbots on 1 and 2 December, the second late in the day.
fn two_days() -> String {
    let line = |at: &str, bot: &str, q: &str| {
        serde_json::json!({"createdAt": at, "chatbotId": bot, "userFeedback": "BAD",
            "messages": [{"userMessage": q, "botMessage": "no idea", "createdAt": at}]})
        .to_string()
    };
    [
        line("2026-12-01T09:00:00Z", "support", "How do I get a refund?"),
        line("2026-12-02T18:30:00Z", "support", "How do I get a refund?"),
        line(
            "2026-12-02T23:59:59.500Z",
            "sales",
            "How do I get a refund?",
        ),
        line("2026-12-03T00:00:00Z", "sales", "How do I get a refund?"),
    ]
    .join("\n")
}

#[test]
fn until_a_date_covers_that_whole_day_and_chatbot_filters_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.jsonl");
    std::fs::write(&file, two_days()).unwrap();
    let figures = |extra: &[&str]| {
        let output = wonderchat()
            .args(["report", "--format", "json", "--from"])
            .arg(&file)
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
    };
    // All of 2 December, to its last half second; not 3 December.
    let report = figures(&["--until", "2026-12-02"]);
    assert_eq!(report["headline"]["conversations"], 3);
    assert_eq!(report["outsidePeriod"], 1);
    // --chatbot applies to a file too.
    let report = figures(&["--chatbot", "sales"]);
    assert_eq!(report["headline"]["conversations"], 2);
    assert_eq!(report["otherChatbots"], 2);
    assert_eq!(report["chatbotIds"], serde_json::json!(["sales"]));
}

#[test]
fn the_output_extension_picks_the_format_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.jsonl");
    std::fs::write(&file, export()).unwrap();
    let run = |args: &[&str]| {
        wonderchat()
            .args(["-q", "report", "--from"])
            .arg(&file)
            .args(args)
            .output()
            .unwrap()
    };
    for (name, starts) in [
        ("r.md", "## Wonderchat report"),
        ("r.json", "{"),
        ("r.html", "<!doctype html>"),
        ("r.txt", "Wonderchat report"),
    ] {
        let out = dir.path().join(name);
        let output = run(&["-o", out.to_str().unwrap()]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(
            written.starts_with(starts),
            "{name}: {}",
            &written[..40.min(written.len())]
        );
    }
    for args in [
        vec!["-o", "r.pdf"],
        vec!["-o", "r.json", "--format", "html"],
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if a.starts_with("r.") {
                    dir.path().join(a).display().to_string()
                } else {
                    (*a).to_owned()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(
            text(&output.stderr).contains("-o"),
            "{}",
            text(&output.stderr)
        );
        assert!(!dir.path().join("r.pdf").exists());
    }
}

#[test]
fn markdown_has_every_section_of_the_page() {
    let output = wonderchat()
        .args([
            "--mock",
            "--quiet",
            "report",
            "--compare",
            "previous",
            "--format",
            "md",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let md = text(&output.stdout);
    for section in [
        "against the previous period",
        "rated GOOD · BAD",
        "escalation",
        "### Fix these first",
        "### Rising topics",
        "### What users ask about",
        "### Knowledge gaps",
        "### Escalation",
        "### Languages",
        "### Countries",
        "### Entry pages",
    ] {
        assert!(md.contains(section), "{section} is missing:\n{md}");
    }
    // Entry pages without their tracking parameters or fragments.
    assert!(!md.contains("utm\\_") && !md.contains("gclid"), "{md}");
}

/// `--sql` prints (or writes, whatever `-o`'s extension) a script in the
/// engine's dialect and refuses a table name that is not one;
/// `--from-aggregates` names the table that is missing or the line that is
/// wrong, and takes no options of its own (the script's are recorded).
#[test]
fn sql_scripts_and_aggregates_are_checked_at_the_door() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("report.sql");
    let run = wonderchat()
        .args([
            "report",
            "--sql",
            "spark",
            "--table",
            "lake.chatlogs",
            "--since",
            "2024-03-01",
            "-o",
        ])
        .arg(&script)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    let written = std::fs::read_to_string(&script).unwrap();
    assert!(
        written.contains("FROM lake.chatlogs")
            && written.contains(
                "INSERT OVERWRITE DIRECTORY 'wonderchat-aggregates/questions' USING json"
            )
    );
    let run = wonderchat()
        .args([
            "report",
            "--sql",
            "duckdb",
            "--tables-dir",
            "out",
            "--questions-limit",
            "5",
        ])
        .output()
        .unwrap();
    let printed = text(&run.stdout);
    assert!(printed.contains("TO 'out/days.jsonl' (FORMAT JSON)"));
    assert!(printed.contains("FROM wc_groups WHERE rank <= 5"));
    // A usage error (exit 2) whose message says `what`.
    let refused = |args: &[&std::ffi::OsStr], what: &str| {
        let run = wonderchat().arg("report").args(args).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(text(&run.stderr).contains(what), "{}", text(&run.stderr));
    };
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let folder = dir.path().as_os_str();
    refused(
        &[
            os("--sql"),
            os("duckdb"),
            os("--table"),
            os("x; DROP TABLE y"),
        ],
        "--table: \"x; DROP TABLE y\" is not a table name",
    );
    refused(&[os("--from-aggregates"), folder], "has no table meta");
    std::fs::write(
        dir.path().join("meta.jsonl"),
        "{\"version\": 1, \"generatedAt\": \"x\"}\n",
    )
    .unwrap();
    refused(
        &[os("--from-aggregates"), folder],
        "meta.jsonl, line 1: not a row of meta: invalid type",
    );
    refused(
        &[
            os("--since"),
            os("2024-01-01"),
            os("--from-aggregates"),
            folder,
        ],
        "cannot be used with",
    );
}

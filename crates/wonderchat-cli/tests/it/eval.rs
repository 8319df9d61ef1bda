//! `wonderchat eval` through the real binary against in-process mocks:
//! pass, then a page deleted and exactly one regression naming it; runs
//! that repeat exactly; one tagged conversation per question per run, left
//! out of the report; bad suites; Ctrl-C.

use std::path::Path;
use std::time::Duration;

use crate::common::*;
use wonderchat_mock::{DEMO_CHATBOT_ID, MockServer};

const RESET: &str = "https://example.com/support/reset-password";

const SUITE: &str = "\
chatbot: demo-chatbot
cases:
  - id: reset
    question: How do I reset my password?
    cites: https://example.com/support/reset-password
    contains: reset
  - id: pricing
    question: What pricing plans do you have?
    cites: https://example.com/*pricing*
  - id: getting-started
    turns: [Hello, Where are the docs for getting started?]
    cites_first: https://example.com/docs/getting-started
    answered: true
";

/// `eval run` against `mock`, its ledger in `dir`.
fn eval(mock: &MockServer, dir: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = against(mock);
    cmd.env("WONDERCHAT_EVAL_LEDGER", dir.join("ledger.jsonl"))
        .env("WONDERCHAT_CONFIG", dir.join("config.toml"))
        .current_dir(dir)
        .args(["--quiet", "eval", "run"])
        .args(args);
    cmd
}

/// A results file with what differs between runs (times, ids) taken out.
fn stable(path: &Path) -> serde_json::Value {
    let mut run: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    for key in ["runId", "startedAt", "finishedAt"] {
        run[key] = "[X]".into();
    }
    for case in run["cases"].as_array_mut().unwrap() {
        for t in case["tries"].as_array_mut().unwrap() {
            for key in ["ms", "chatlogId", "messageId"] {
                t[key] = "[X]".into();
            }
        }
    }
    run
}

#[tokio::test]
async fn a_deleted_page_is_exactly_one_regression_that_names_it() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("suite.yaml"), SUITE).unwrap();

    let first = run(eval(
        &mock,
        dir.path(),
        &["suite.yaml", "--save", "base.json"],
    ))
    .await;
    assert!(
        first.status.success(),
        "{}{}",
        text(&first.stdout),
        text(&first.stderr)
    );
    let base: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("base.json")).unwrap()).unwrap();
    assert_eq!(base["summary"]["passed"], 3, "{base:#}");

    let mut delete = against(&mock);
    delete.args(["pages", "delete", DEMO_CHATBOT_ID, RESET]);
    let deleted = run(delete).await;
    assert!(deleted.status.success(), "{}", text(&deleted.stderr));

    let args = [
        "suite.yaml",
        "--baseline",
        "base.json",
        "--save",
        "now.json",
        "--junit",
        "now.xml",
    ];
    let second = run(eval(&mock, dir.path(), &args)).await;
    assert_eq!(
        second.status.code(),
        Some(1),
        "{}{}",
        text(&second.stdout),
        text(&second.stderr)
    );
    let table = text(&second.stdout);
    assert!(table.starts_with("REGRESSED  reset"), "{table}");
    assert!(
        table.contains(&format!("{RESET} is not among the sources")),
        "{table}"
    );
    let now: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("now.json")).unwrap()).unwrap();
    let statuses: Vec<&str> = now["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["regressed", "pass", "pass"], "{now:#}");
    assert_eq!(now["cases"][0]["diff"]["sourcesRemoved"][0], RESET);
    for untouched in &now["cases"].as_array().unwrap()[1..] {
        let diff = &untouched["diff"];
        assert_eq!(diff["sourcesAdded"], serde_json::json!([]), "{diff}");
        assert_eq!(diff["sourcesRemoved"], serde_json::json!([]), "{diff}");
        assert_eq!(diff["reordered"], false);
        assert_eq!(diff["answerChanged"], 0.0);
    }
    let junit = std::fs::read_to_string(dir.path().join("now.xml")).unwrap();
    assert!(
        junit
            .contains(r#"<testsuite name="suite" tests="3" disabled="0" errors="0" failures="1">"#),
        "{junit}"
    );

    // The same run again: the same results, but for times and ids.
    let third = run(eval(
        &mock,
        dir.path(),
        &[
            "suite.yaml",
            "--baseline",
            "base.json",
            "--save",
            "again.json",
        ],
    ))
    .await;
    assert_eq!(third.status.code(), Some(1));
    assert_eq!(
        stable(&dir.path().join("again.json")),
        stable(&dir.path().join("now.json"))
    );

    // One tagged conversation per question per run (four questions a run).
    let state = mock.state();
    let chatlogs = state["chatlogs"].as_array().unwrap();
    let mut per_run = std::collections::BTreeMap::<String, usize>::new();
    for chatlog in chatlogs.iter().filter(|c| c["id"] != "demo-chatlog") {
        let tags: Vec<&str> = chatlog["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(tags.contains(&"wonderchat-eval"), "{chatlog}");
        let run_tag = tags
            .iter()
            .find(|t| t.starts_with("wonderchat-eval:"))
            .unwrap();
        *per_run.entry((*run_tag).to_owned()).or_default() += 1;
    }
    assert_eq!(per_run.len(), 3, "{per_run:?}");
    assert!(
        per_run.values().all(|n| *n == 3),
        "a conversation per case: {per_run:?}"
    );
    let ledger = std::fs::read_to_string(dir.path().join("ledger.jsonl")).unwrap();
    assert_eq!(ledger.lines().count(), 9);

    // The report over the mock's export leaves them out, and says so.
    let report = |extra: &[&str]| {
        let mut cmd = against(&mock);
        cmd.env("WONDERCHAT_EVAL_LEDGER", dir.path().join("ledger.jsonl"))
            .args(["--quiet", "report", "--format", "json"])
            .args(extra);
        cmd
    };
    let left_out = run(report(&[])).await;
    assert!(left_out.status.success(), "{}", text(&left_out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&left_out.stdout).unwrap();
    // The mock's demo conversation only.
    assert_eq!(json["headline"]["conversations"], 1, "{}", json["headline"]);
    assert_eq!(json["input"]["evalLeftOut"], 9);
    let kept = run(report(&["--include-eval"])).await;
    let json: serde_json::Value = serde_json::from_slice(&kept.stdout).unwrap();
    assert_eq!(json["headline"]["conversations"], 10);
    assert!(json["input"].get("evalLeftOut").is_none());
}

#[tokio::test]
async fn report_writes_the_knowledge_gaps_as_a_suite_that_eval_runs() {
    let mock = MockServer::builder()
        .seed_chatlogs(600)
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut report = against(&mock);
    report
        .env("WONDERCHAT_EVAL_LEDGER", dir.path().join("ledger.jsonl"))
        .current_dir(dir.path())
        .args([
            "--quiet",
            "report",
            "--chatbot",
            DEMO_CHATBOT_ID,
            "--eval-suite",
            "gaps.yaml",
            "-o",
            "r.json",
        ]);
    let made = run(report).await;
    assert!(made.status.success(), "{}", text(&made.stderr));
    let suite = std::fs::read_to_string(dir.path().join("gaps.yaml")).unwrap();
    assert!(suite.contains("answered: true"), "{suite}");
    let ran = run(eval(
        &mock,
        dir.path(),
        &["gaps.yaml", "--save", "gaps.json"],
    ))
    .await;
    // The gaps are questions the bot cannot answer yet: they fail, clearly.
    assert_eq!(
        ran.status.code(),
        Some(1),
        "{}{}",
        text(&ran.stdout),
        text(&ran.stderr)
    );
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("gaps.json")).unwrap()).unwrap();
    assert!(results["summary"]["cases"].as_u64().unwrap() > 0);
    assert_eq!(results["summary"]["errors"], 0, "{results:#}");
}

#[tokio::test]
async fn a_bad_suite_stops_before_anything_is_asked() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let bad = [
        (
            "cases:\n  - id: a\n    question: Hi\n    cite: x\n",
            "suite.yaml:4: cases[0].cite: unknown field `cite`",
        ),
        (
            "cases:\n  - id: a\n    question: Hi\n    matches: '(x'\n",
            "suite.yaml:4: cases[0].matches: not a regular expression",
        ),
        (
            "cases:\n  - id: a\n    answered: true\n",
            "suite.yaml:2: cases[0].question: missing",
        ),
        (
            "cases:\n  - id: a\n    question: Hi\n    judge: ./judge.py\n",
            "suite.yaml:4: cases[0].judge: the judge command \"./judge.py\" does not exist",
        ),
        (
            "cases:\n  - id: a\n    question: Hi\n",
            "no chatbot: name it in the suite",
        ),
    ];
    for (suite, expected) in bad {
        std::fs::write(dir.path().join("suite.yaml"), suite).unwrap();
        let out = run(eval(
            &mock,
            dir.path(),
            &["suite.yaml", "--save", "out.json"],
        ))
        .await;
        assert_eq!(out.status.code(), Some(2), "{suite}");
        let err = text(&out.stderr);
        assert!(err.contains(expected), "{suite}: {err}");
        assert!(!dir.path().join("out.json").exists());
    }
    assert_eq!(mock.request_count(), 0, "nothing was asked");
}

#[cfg(unix)]
#[tokio::test]
async fn judges_decide_and_a_broken_judge_is_an_error_not_a_pass() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    // Passes answers that name a page (reads the case from stdin); fails
    // everything if it was given the API key (`against` sets it).
    std::fs::write(
        dir.path().join("judge.sh"),
        "#!/bin/sh\nif [ -n \"$WONDERCHAT_API_KEY\" ]; then echo '{\"pass\": false, \"reason\": \"the key leaked\"}'; exit; fi\nif grep -q 'example.com/support'; then echo '{\"pass\": true}'; else echo '{\"pass\": false, \"reason\": \"no support page\"}'; fi\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("garbage.sh"),
        "#!/bin/sh\necho looks fine to me\n",
    )
    .unwrap();
    for f in ["judge.sh", "garbage.sh"] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path().join(f), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
    let suite = "chatbot: demo-chatbot\ncases:\n  - id: good\n    question: How do I reset my password?\n    judge: ./judge.sh\n  - id: bad\n    question: What pricing plans are there?\n    judge: ./judge.sh\n";
    std::fs::write(dir.path().join("suite.yaml"), suite).unwrap();
    let out = run(eval(&mock, dir.path(), &["suite.yaml"])).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(
        table.contains("FAIL       bad   the judge: no support page"),
        "{table}"
    );
    assert!(table.contains("PASS       good"), "{table}");

    let suite = "chatbot: demo-chatbot\ncases:\n  - id: odd\n    question: How do I reset my password?\n    judge: ./garbage.sh\n";
    std::fs::write(dir.path().join("suite.yaml"), suite).unwrap();
    let out = run(eval(&mock, dir.path(), &["suite.yaml", "--save", "r.json"])).await;
    assert_eq!(
        out.status.code(),
        Some(3),
        "only errors: {}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("printed no verdict"),
        "{}",
        text(&out.stdout)
    );
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(results["cases"][0]["status"], "error");
    assert_eq!(results["summary"]["passed"], 0);
}

#[tokio::test]
async fn repeats_settle_into_pass_and_github_annotations_point_at_the_line() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let suite = "chatbot: demo-chatbot\ncases:\n  - id: ok\n    question: How do I reset my password?\n  - id: mars\n    question: Do you ship to Mars?\n";
    std::fs::write(dir.path().join("suite.yaml"), suite).unwrap();
    let mut cmd = eval(
        &mock,
        dir.path(),
        &["suite.yaml", "--repeat", "3", "--save", "r.json"],
    );
    cmd.env("GITHUB_ACTIONS", "true");
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("::error file=suite.yaml,line=5,title=eval fail%3A mars::0/3 tries passed; the bot did not know"), "{stdout}");
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(results["cases"][0]["passes"], 3);
    assert_eq!(results["cases"][0]["tries"].as_array().unwrap().len(), 3);
}

#[cfg(unix)]
#[tokio::test]
async fn ctrl_c_writes_what_finished_and_exits_130() {
    let mock = slow_mock().await;
    let dir = tempfile::tempdir().unwrap();
    let mut suite = String::from("chatbot: demo-chatbot\ncases:\n");
    for i in 0..400 {
        suite.push_str(&format!(
            "  - id: c{i}\n    question: How do I reset my password {i}?\n"
        ));
    }
    std::fs::write(dir.path().join("suite.yaml"), suite).unwrap();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .env("WONDERCHAT_API_KEY", mock.api_key())
        .env("WONDERCHAT_BASE_URL", mock.base_url())
        .env("WONDERCHAT_EVAL_LEDGER", dir.path().join("ledger.jsonl"))
        .current_dir(dir.path())
        .args([
            "--quiet",
            "eval",
            "run",
            "suite.yaml",
            "--concurrency",
            "2",
            "--save",
            "r.json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Some conversations are under way: the ledger has lines.
    let ledger = dir.path().join("ledger.jsonl");
    tokio::time::timeout(Duration::from_secs(30), async {
        while std::fs::read_to_string(&ledger).map_or(0, |l| l.lines().count()) < 4 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("no conversation started");
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = tokio::time::timeout(
        Duration::from_secs(30),
        tokio::task::spawn_blocking(move || child.wait_with_output().unwrap()),
    )
    .await
    .expect("eval did not exit")
    .unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(results["stopped"], true);
    let passed = results["summary"]["passed"].as_u64().unwrap();
    let skipped = results["summary"]["skipped"].as_u64().unwrap();
    assert!(
        passed >= 4 && skipped > 0 && passed + skipped == 400,
        "{}",
        results["summary"]
    );
}

use super::*;
use crate::result::{
    CaseResult, CheckResult, Diff, Run, Settings, Status, SuiteInfo, Summary, Try,
};

fn tried(answer: &str, sources: &[&str], failed: Option<&str>) -> Try {
    Try {
        answer: answer.into(),
        sources: sources.iter().map(|s| (*s).to_owned()).collect(),
        chatlog_id: Some("c1".into()),
        message_id: Some("m1".into()),
        tagged: true,
        checks: vec![CheckResult {
            check: "cites".into(),
            expected: "https://example.com/reset".into(),
            passed: failed.is_none(),
            reason: failed.map(str::to_owned),
        }],
        passed: failed.is_none(),
        error: None,
        ms: 12,
    }
}

fn case(id: &str, status: Status, tries: Vec<Try>) -> CaseResult {
    CaseResult {
        id: id.into(),
        line: 4,
        turns: vec![format!("question of {id}")],
        status,
        passes: tries.iter().filter(|t| t.passed).count() as u32,
        skipped: (status == Status::Skipped).then(|| "later".to_owned()),
        tries,
        diff: None,
    }
}

/// A run with one case of every kind, and hostile text in answers.
fn sample() -> Run {
    let mut regressed = case(
        "reset <b>",
        Status::Regressed,
        vec![tried(
            "I don't know <script>x</script> | `tick`",
            &[],
            Some("https://example.com/reset is not among the sources: there are none"),
        )],
    );
    regressed.diff = Some(Diff {
        sources_removed: vec!["https://example.com/reset".into()],
        answer_changed: 0.8,
        answer_diff: Some("-Go to settings.\n+I don't know\n".into()),
        ..Diff::default()
    });
    let mut error = case("timeout", Status::Error, vec![tried("", &[], None)]);
    error.tries[0].error = Some("the request timed out".into());
    error.tries[0].passed = false;
    let cases = vec![
        case(
            "ok",
            Status::Pass,
            vec![tried(
                "Go to settings.",
                &["https://example.com/reset"],
                None,
            )],
        ),
        regressed,
        case(
            "plain-fail",
            Status::Fail,
            vec![tried(
                "No.",
                &[],
                Some("the answer does not contain \"settings\""),
            )],
        ),
        error,
        case("later", Status::Skipped, vec![]),
    ];
    Run {
        version: crate::result::FORMAT_VERSION,
        run_id: "20261203T000000Z-0000abcd".into(),
        suite: SuiteInfo {
            name: "billing".into(),
            file: "evals/billing, v2.yaml".into(),
            chatbot: "demo-chatbot".into(),
        },
        started_at: chrono::DateTime::UNIX_EPOCH,
        finished_at: chrono::DateTime::UNIX_EPOCH,
        settings: Settings {
            repeat: 1,
            pass_rate: 1.0,
            change_threshold: 0.2,
            baseline: Some("base.json".into()),
        },
        stopped: false,
        summary: Summary::of(&cases),
        cases,
    }
}

#[test]
fn the_table_puts_what_broke_first() {
    insta::assert_snapshot!(table(&sample()));
}

#[test]
fn junit_has_a_testcase_per_case_and_escapes_text() {
    let xml = junit(&sample());
    assert!(
        xml.contains(r#"tests="5""#)
            && xml.contains(r#"failures="2""#)
            && xml.contains(r#"errors="1""#),
        "{xml}"
    );
    assert!(!xml.contains("<script>"), "{xml}");
    insta::assert_snapshot!(xml);
}

#[test]
fn markdown_escapes_and_fences_what_it_quotes() {
    let md = markdown(&sample());
    assert!(!md.contains("<script>"), "{md}");
    insta::assert_snapshot!(md);
}

#[test]
fn html_is_self_contained_and_escaped() {
    let page = html(&sample());
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert!(
        !page.contains("http://") && !page.contains("src="),
        "no requests: {page}"
    );
}

#[test]
fn annotations_name_the_file_and_line_with_commands_escaped() {
    let text = github_annotations(&sample());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(
            "::error file=evals/billing%2C v2.yaml,line=4,title=eval regressed%3A reset <b>::"
        ),
        "{text}"
    );
}

#[test]
fn control_characters_from_answers_are_shown_not_obeyed_in_markdown_and_annotations() {
    let mut run = sample();
    // A judge's or a server's words with a terminal escape in them.
    run.cases[2].tries[0].checks[0].reason = Some("bad \u{1b}[31mred\u{1b}[0m".into());
    for text in [markdown(&run), github_annotations(&run)] {
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(text.contains("red"), "{text}");
    }
}

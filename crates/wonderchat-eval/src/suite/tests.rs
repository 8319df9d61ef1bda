use super::*;

fn yaml(text: &str) -> Result<Suite, SuiteError> {
    parse(Path::new("evals/suite.yaml"), text, SuiteFormat::Yaml)
}

fn error(text: &str) -> String {
    yaml(text).unwrap_err().to_string()
}

const GOOD: &str = "\
name: billing
chatbot: demo-chatbot
context: A customer on the Pro plan.
defaults:
  not_contains: As an AI
cases:
  - id: reset
    question: How do I reset my password?
    cites: https://example.com/support/reset-password
    cites_first: https://example.com/support/*
    contains: [reset, password]
    matches: 'pass\\s*word'
  - turns: [Hi, What does it cost?]
    answered: true
    not_contains: []
  - id: later
    question: Where is the roadmap?
    skip: the page is not written yet
";

#[test]
fn a_suite_reads_with_lines_defaults_and_ids() {
    let suite = yaml(GOOD).unwrap();
    assert_eq!(suite.name, "billing");
    assert_eq!(suite.chatbot.as_deref(), Some("demo-chatbot"));
    let ids: Vec<(&str, u64)> = suite
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.line))
        .collect();
    assert_eq!(ids, [("reset", 7), ("hi", 13), ("later", 16)]);
    let names: Vec<&str> = suite.cases[0].checks.iter().map(Check::name).collect();
    assert_eq!(
        names,
        [
            "cites",
            "cites_first",
            "contains",
            "contains",
            "not_contains",
            "matches"
        ],
        "the default's not_contains, where the case has none"
    );
    // The default's not_contains is replaced by the case's own (empty) list.
    let second: Vec<&str> = suite.cases[1].checks.iter().map(Check::name).collect();
    assert_eq!(second, ["answered"]);
    assert_eq!(suite.cases[1].turns, ["Hi", "What does it cost?"]);
    assert_eq!(
        suite.cases[2].skip.as_deref(),
        Some("the page is not written yet")
    );
    assert!(suite.fallbacks.iter().any(|f| f == "je ne sais pas"));
}

#[test]
fn a_suites_own_fallbacks_are_read_as_the_checks_compare_them() {
    let suite =
        yaml("fallbacks: [\"  That\u{2019}s NOT in my notes \"]\ncases:\n  - question: Hi\n")
            .unwrap();
    assert_eq!(suite.fallbacks, ["that's not in my notes"]);
}

#[test]
fn the_defaults_apply_where_a_case_is_silent() {
    let suite = yaml("chatbot: b\ndefaults:\n  not_contains: As an AI\n  answered: true\ncases:\n  - question: Hi\n").unwrap();
    let names: Vec<&str> = suite.cases[0].checks.iter().map(Check::name).collect();
    assert_eq!(names, ["not_contains", "answered"]);
    // A case without checks must at least be answered.
    let suite = yaml("cases:\n  - question: Hi\n").unwrap();
    assert!(matches!(suite.cases[0].checks[..], [Check::Answered(true)]));
}

#[test]
fn bad_suites_name_the_file_line_and_field() {
    let cases = [
        (
            "chatbot: b\ncases:\n  - id: a\n    question: Hi\n    cite: https://x\n",
            "evals/suite.yaml:5: cases[0].cite: unknown field `cite`; the fields are",
        ),
        (
            "chatbot: b\ncases:\n  - id: a\n    question: Hi\n  - id: b\n    question: Hey\n    matches: '(unclosed'\n",
            "evals/suite.yaml:7: cases[1].matches: not a regular expression: \"(unclosed\"",
        ),
        (
            "chatbot: b\ncases:\n  - id: a\n    contains: x\n",
            "evals/suite.yaml:3: cases[0].question: missing: give the question",
        ),
        (
            "chatbot: b\ncases:\n  - id: a\n    question: '   '\n",
            "evals/suite.yaml:3: cases[0].question: blank",
        ),
        (
            "chatbot: b\ncases:\n  - id: a\n    question: Hi\n    judge: no-such-judge-cmd-x7 --strict\n",
            "evals/suite.yaml:5: cases[0].judge: the judge command \"no-such-judge-cmd-x7\" is not on PATH",
        ),
        (
            "chatbot: b\ncases:\n  - id: a\n    question: Hi\n  - id: a\n    question: Hey\n",
            "evals/suite.yaml:5: id: \"a\" is the id of the case at line 3 too",
        ),
        (
            "chatbot: b\ncases:\n  - id: a\n    question: Hi\n    answered: maybe\n",
            "evals/suite.yaml:5: cases[0].answered:",
        ),
        ("chatbot: b\n", "evals/suite.yaml: cases: missing"),
        (
            "chatbot: b\ncases: []\n",
            "evals/suite.yaml: cases: the suite has no cases",
        ),
        (
            "- a\n",
            "evals/suite.yaml:1: suite: not a suite's YAML: Top level must be a mapping",
        ),
        (
            "cases:\n  - question: [\n",
            "evals/suite.yaml:3: suite: not a suite's YAML",
        ),
        (
            "a: &x 1\nb: *x\n",
            "evals/suite.yaml:1: suite: not a suite's YAML: Unexpected definition of anchor",
        ),
        (
            "chatbot: b\ndefaults:\n  question: Hi\ncases:\n  - question: Hi\n",
            "evals/suite.yaml:3: defaults.question: is a case's own",
        ),
        (
            "chatbot: b\ncases:\n  - question: Hi\n    turns: [Hey]\n",
            "evals/suite.yaml:4: cases[0].turns: a case has a question or turns, not both",
        ),
    ];
    for (text, expected) in cases {
        let e = error(text);
        assert!(
            e.starts_with(expected),
            "{text:?}\n  gave {e:?}\n  not {expected:?}"
        );
    }
}

#[test]
fn ids_made_from_questions_are_unique_and_fit_any_script() {
    let long = "How do I reset my password on the mobile app when I no longer have my phone";
    let japanese = "パスワードをリセットするにはどうすればいいですか";
    let csv = format!("question\n{long}\n{long} number\n{japanese}\n{japanese}？\nreset\n");
    let suite = parse(Path::new("q.csv"), &csv, SuiteFormat::Csv).unwrap();
    let ids: Vec<&str> = suite.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "how-do-i-reset-my-password-on-the-mobile-app-when-i-no",
            "how-do-i-reset-my-password-on-the-mobile-app-when-i-no-2",
            "パスワードをリセットするにはどうすればい",
            "パスワードをリセットするにはどうすればい-2",
            "reset",
        ]
    );
    assert!(ids[2].len() <= 60);
    // A written id keeps its name; the question's gives way.
    let yaml_suite =
        yaml("cases:\n  - question: Reset?\n  - id: reset\n    question: x\n").unwrap();
    assert_eq!(yaml_suite.cases[0].id, "reset-2");
    assert_eq!(yaml_suite.cases[1].id, "reset");
    // Two written ids that match are still an error.
    assert!(
        error("cases:\n  - id: a\n    question: x\n  - id: a\n    question: y\n")
            .contains("\"a\" is the id of the case at line 2 too")
    );
}

#[test]
fn a_spreadsheets_semicolons_and_tabs_split_a_csv_suite() {
    // What a spreadsheet writes where the decimal mark is a comma.
    let semicolons = "Question;\"Cites\"\r\n\"Wie setze ich mein Passwort zurück, bitte?\";https://docs.example.de/konto/*\r\nCombien ça coûte, 1,5 € ?;\r\n";
    let suite = parse(Path::new("q.csv"), semicolons, SuiteFormat::Csv).unwrap();
    assert_eq!(
        suite.cases[0].turns,
        ["Wie setze ich mein Passwort zurück, bitte?"]
    );
    let names: Vec<&str> = suite.cases[0].checks.iter().map(Check::name).collect();
    assert_eq!(names, ["cites"]);
    assert_eq!(suite.cases[1].turns, ["Combien ça coûte, 1,5 € ?"]);
    let tabs = "id\tquestion\na\tHow, exactly?\n";
    let suite = parse(Path::new("q.csv"), tabs, SuiteFormat::Csv).unwrap();
    assert_eq!(
        (suite.cases[0].id.as_str(), suite.cases[0].turns.as_slice()),
        ("a", ["How, exactly?".to_owned()].as_slice())
    );
    // One column: nothing to split, and a question may hold a `;`.
    let one = "question\nWhat is new; and when?\n";
    let suite = parse(Path::new("q.csv"), one, SuiteFormat::Csv).unwrap();
    assert_eq!(suite.cases[0].turns, ["What is new; and when?"]);
}

#[test]
fn csv_and_json_lines_suites_read_as_yaml_cases() {
    let csv = "question,cites,contains\n\"How do I reset my password?\",https://example.com/support/*,\"reset\npassword\"\nWhat does it cost?,,\n";
    let suite = parse(Path::new("q.csv"), csv, SuiteFormat::Csv).unwrap();
    assert_eq!(suite.cases.len(), 2);
    assert_eq!(suite.cases[0].id, "how-do-i-reset-my-password");
    let names: Vec<&str> = suite.cases[0].checks.iter().map(Check::name).collect();
    assert_eq!(names, ["cites", "contains", "contains"]);
    assert_eq!(suite.cases[1].line, 4);
    assert!(suite.chatbot.is_none());
    let e = parse(
        Path::new("q.csv"),
        "question,matches\nHi,(\n",
        SuiteFormat::Csv,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("q.csv:2: matches: not a regular expression"),
        "{e}"
    );
    let e = parse(
        Path::new("q.csv"),
        "question,cite\nHi,x\n",
        SuiteFormat::Csv,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("q.csv:1: header: unknown column \"cite\""),
        "{e}"
    );

    let jsonl = "{\"id\": \"a\", \"question\": \"Hi\", \"answered\": true}\n\n{\"question\": \"Hey \\u00e9\", \"not_cites\": [\"*/old/*\"]}\n";
    let suite = parse(Path::new("q.jsonl"), jsonl, SuiteFormat::Jsonl).unwrap();
    assert_eq!(suite.cases[1].turns, ["Hey é"]);
    assert_eq!(suite.cases[1].line, 3);
    let e = parse(
        Path::new("q.jsonl"),
        "{\"question\": \"Hi\"}\n{\"question\": \"x\", \"bogus\": 1}\n",
        SuiteFormat::Jsonl,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("q.jsonl:2: bogus: unknown field `bogus`"),
        "{e}"
    );
    let e = parse(
        Path::new("q.jsonl"),
        "{\"question\": \"Hi\"\n",
        SuiteFormat::Jsonl,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("q.jsonl:1: case: not a JSON object"),
        "{e}"
    );
}

#[test]
fn a_file_that_is_not_text_or_too_large_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.yaml");
    std::fs::write(&path, b"cases:\n  - question: \xff\n").unwrap();
    assert!(load(&path).unwrap_err().to_string().contains("not UTF-8"));
    assert!(
        load(&dir.path().join("none.yaml"))
            .unwrap_err()
            .to_string()
            .contains("cannot read")
    );
}

//! A run shown: a terminal table, JUnit XML, Markdown for a pull request,
//! a self-contained HTML page, and GitHub Actions annotations. Every text
//! that came from a server, a suite or a judge is escaped for its format.

mod html;

pub use html::html;

use std::fmt::Write as _;

use wonderchat::printable;
use wonderchat_insights::render::{html_text, markdown_code, markdown_fence, markdown_text};

use crate::result::{CaseResult, Run, Status};

/// Cases in the order people want to read them: what broke first.
pub fn by_urgency(run: &Run) -> Vec<&CaseResult> {
    let rank = |s: Status| match s {
        Status::Regressed => 0,
        Status::Fail => 1,
        Status::Error => 2,
        Status::Flaky => 3,
        Status::Changed => 4,
        Status::Fixed => 5,
        Status::Pass => 6,
        Status::Skipped => 7,
    };
    let mut cases: Vec<&CaseResult> = run.cases.iter().collect();
    cases.sort_by_key(|c| rank(c.status));
    cases
}

/// What a case's line says besides its status: why it failed, how many
/// tries passed, what changed.
pub fn detail(case: &CaseResult) -> String {
    let mut parts = Vec::new();
    if case.tries.len() > 1 {
        parts.push(format!("{}/{} tries passed", case.passes, case.tries.len()));
    }
    if let Some(reason) = &case.skipped {
        parts.push(reason.clone());
    }
    if !case.status.passed()
        && let Some(reason) = case.reason()
    {
        parts.push(reason);
    }
    if let Some(diff) = case.diff.as_ref().filter(|d| !d.is_empty()) {
        parts.push(diff.describe());
    }
    parts.join("; ")
}

/// The terminal table: one line a case (what broke first), then the summary.
pub fn table(run: &Run) -> String {
    let mut out = String::new();
    let width = run
        .cases
        .iter()
        .map(|c| c.id.chars().count())
        .max()
        .unwrap_or(2)
        .clamp(2, 40);
    for case in by_urgency(run) {
        let id: String = printable(&case.id).chars().take(40).collect();
        let line = format!(
            "{:<9}  {id:<width$}  {}",
            case.status.name().to_uppercase(),
            printable(&detail(case))
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out, "\n{}", run.summary.line());
    out
}

/// JUnit XML: one `<testsuite>` for the suite, a `<testcase>` a case;
/// `<failure>` for a failed or regressed case (its reasons and diff),
/// `<error>` for one that could not be checked, `<skipped>`.
pub fn junit(run: &Run) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("wonderchat-eval");
    let mut suite = TestSuite::new(run.suite.name.as_str());
    suite.add_property(("chatbot", run.suite.chatbot.as_str()));
    suite.add_property(("runId", run.run_id.as_str()));
    if let Some(baseline) = &run.settings.baseline {
        suite.add_property(("baseline", baseline.as_str()));
    }
    for case in &run.cases {
        let mut status = match case.status {
            Status::Fail | Status::Regressed => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_type(case.status.name());
                s
            }
            Status::Error => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                s.set_type("error");
                s
            }
            Status::Skipped => TestCaseStatus::skipped(),
            _ => TestCaseStatus::success(),
        };
        let detail = detail(case);
        if !case.status.passed() && !detail.is_empty() {
            status.set_message(detail.as_str());
        }
        if case.status.failed() || case.status == Status::Error {
            status.set_description(description(case));
        }
        let mut test = TestCase::new(case.id.as_str(), status);
        test.set_classname(run.suite.name.as_str());
        let ms: u64 = case.tries.iter().map(|t| t.ms).fold(0, u64::saturating_add);
        test.set_time(std::time::Duration::from_millis(ms));
        if case.status.passed() || case.status == Status::Flaky {
            let note = [case.status.name().to_owned(), detail]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(": ");
            test.set_system_out(note);
        }
        suite.add_test_case(test);
    }
    report.add_test_suite(suite);
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- cannot write the JUnit report: {e} -->"))
}

/// A failed case in full: each try's failed checks, the answer, the
/// sources, the diff.
fn description(case: &CaseResult) -> String {
    let mut out = String::new();
    for (n, t) in case.tries.iter().enumerate() {
        if case.tries.len() > 1 {
            let _ = writeln!(out, "try {}:", n + 1);
        }
        if let Some(e) = &t.error {
            let _ = writeln!(out, "error: {e}");
        }
        for c in t.checks.iter().filter(|c| !c.passed) {
            let _ = writeln!(
                out,
                "{} {}: {}",
                c.check,
                c.expected,
                c.reason.as_deref().unwrap_or("failed")
            );
        }
        let _ = writeln!(out, "answer: {}", t.answer);
        let _ = writeln!(out, "sources: {}", t.sources.join(" "));
    }
    if let Some(diff) = case.diff.as_ref().filter(|d| !d.is_empty()) {
        let _ = writeln!(out, "since the baseline: {}", diff.describe());
        if let Some(lines) = &diff.answer_diff {
            out.push_str(lines);
        }
    }
    out
}

/// Markdown for a pull request comment: the summary, then the cases that
/// need a look, each with why and what changed.
pub fn markdown(run: &Run) -> String {
    let mut out = String::new();
    let icon = if run.summary.failed + run.summary.regressed + run.summary.errors > 0 {
        "❌"
    } else {
        "✅"
    };
    let _ = writeln!(
        out,
        "### {icon} Eval of {} on {}\n",
        markdown_code(&run.suite.name),
        markdown_code(&run.suite.chatbot)
    );
    let _ = writeln!(out, "{}\n", markdown_text(&run.summary.line()));
    let look: Vec<&CaseResult> = by_urgency(run)
        .into_iter()
        .filter(|c| !matches!(c.status, Status::Pass | Status::Skipped))
        .collect();
    if !look.is_empty() {
        let _ = writeln!(out, "| status | case | why |\n|---|---|---|");
        for case in &look {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                case.status.name(),
                markdown_code(&case.id),
                markdown_text(&printable(&detail(case))).replace('|', "\\|")
            );
        }
        for case in look
            .iter()
            .filter(|c| c.diff.as_ref().is_some_and(|d| d.answer_diff.is_some()))
        {
            if let Some(lines) = case.diff.as_ref().and_then(|d| d.answer_diff.as_deref()) {
                let fence = markdown_fence(lines, 3);
                let _ = writeln!(
                    out,
                    "\n<details><summary>{}: the answer's changes</summary>\n\n{fence}diff\n{}\n{fence}\n</details>",
                    html_text(&printable(&case.id)),
                    lines.trim_end()
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\n<sub>run {} · {} · wonderchat eval</sub>",
        markdown_code(&run.run_id),
        run.finished_at.format("%Y-%m-%d %H:%M UTC")
    );
    out
}

/// GitHub Actions workflow commands: an `::error` at the suite file's line
/// for each failed, regressed or erroring case.
pub fn github_annotations(run: &Run) -> String {
    let mut out = String::new();
    for case in &run.cases {
        if !(case.status.failed() || case.status == Status::Error) {
            continue;
        }
        let title = format!("eval {}: {}", case.status.name(), case.id);
        let _ = writeln!(
            out,
            "::error file={},line={},title={}::{}",
            property(&run.suite.file),
            case.line.max(1),
            property(&printable(&title)),
            data(&printable(&detail(case)))
        );
    }
    out
}

/// A workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests;

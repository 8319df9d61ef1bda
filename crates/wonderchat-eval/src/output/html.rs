//! The run as one self-contained HTML page (no scripts, no requests; the
//! report's look), every text escaped by the template engine.

use serde::Serialize;

use crate::result::{Run, Status};

/// One case's row.
#[derive(Serialize)]
struct Row {
    id: String,
    status: &'static str,
    question: String,
    detail: String,
    answer: Option<String>,
    sources: Vec<String>,
    answer_diff: Option<String>,
}

/// The page.
pub fn html(run: &Run) -> String {
    let cases: Vec<Row> = super::by_urgency(run)
        .into_iter()
        .map(|c| {
            let first = c.tries.first();
            Row {
                id: c.id.clone(),
                status: c.status.name(),
                question: c.turns.join(" → "),
                detail: super::detail(c),
                answer: first.map(|t| t.answer.clone()),
                sources: first.map(|t| t.sources.clone()).unwrap_or_default(),
                answer_diff: c.diff.as_ref().and_then(|d| d.answer_diff.clone()),
            }
        })
        .collect();
    let s = &run.summary;
    let cards: Vec<(&str, u64, &str)> = [
        ("passed", s.passed, Status::Pass),
        ("failed", s.failed, Status::Fail),
        ("regressed", s.regressed, Status::Regressed),
        ("fixed", s.fixed, Status::Fixed),
        ("changed", s.changed, Status::Changed),
        ("flaky", s.flaky, Status::Flaky),
        ("errors", s.errors, Status::Error),
        ("skipped", s.skipped, Status::Skipped),
    ]
    .into_iter()
    .filter(|(label, n, _)| *n > 0 || matches!(*label, "passed" | "failed"))
    .map(|(label, n, status)| (label, n, status.name()))
    .collect();
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    let rendered = env
        .template_from_str(include_str!("../../templates/eval.html"))
        .and_then(|t| {
            t.render(minijinja::context! {
                run => run,
                cases => cases,
                cards => cards,
                summary_line => s.line(),
                finished => run.finished_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            })
        });
    rendered
        .unwrap_or_else(|e| format!("<!doctype html><p>cannot render the page: {}</p>", e.kind()))
}

//! A suite from a report's knowledge gaps: a case per gap, its example
//! question, to be answered. "Report → add a page → eval" is then three
//! commands.

use std::fmt::Write as _;

use wonderchat_insights::Report;
use wonderchat_insights::render::{count, whole};

/// The YAML suite of `report`'s knowledge gaps, for `chatbot` (else the
/// report's largest chatbot); gaps of other chatbots are left out and said.
pub fn from_gaps(report: &Report, chatbot: Option<&str>) -> String {
    let chatbot = chatbot
        .map(str::to_owned)
        .or_else(|| report.chatbot_ids.first().cloned())
        .unwrap_or_else(|| "YOUR_CHATBOT_ID".to_owned());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Made by `wonderchat report` at {}: a case per knowledge gap, its\n\
         # example question, which passes once the bot answers it (a source, and\n\
         # no \"I don't know\"). Add `cites:` the page you write for it.\n\
         # Run: wonderchat eval run THIS_FILE",
        report.generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(out, "chatbot: {}", quoted(&chatbot));
    let mut ids = std::collections::HashSet::new();
    let mut cases = String::new();
    let mut others = 0;
    for gap in &report.knowledge_gaps {
        if gap.chatbot.as_deref().is_some_and(|b| b != chatbot) {
            others += 1;
            continue;
        }
        let Some(question) = gap
            .eval_questions
            .first()
            .or_else(|| gap.examples.first().map(|e| &e.question))
        else {
            continue;
        };
        let base = super::yaml::slug(&gap.title);
        let mut id = base.clone();
        let mut n = 1;
        while !ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        let _ = writeln!(
            cases,
            "  # {} failed of {}\n  - id: {}\n    question: {}\n    answered: true",
            whole(gap.failed),
            count(gap.conversations, "conversation", "conversations"),
            quoted(&id),
            quoted(question)
        );
    }
    if others > 0 {
        let _ = writeln!(
            out,
            "# {} of other chatbots left out: report --chatbot ID --eval-suite FILE for theirs.",
            count(others as u64, "gap", "gaps")
        );
    }
    if cases.is_empty() {
        let _ = writeln!(
            out,
            "# The report found no knowledge gap with a question.\ncases: []"
        );
    } else {
        let _ = write!(out, "cases:\n{cases}");
    }
    out
}

/// A YAML double-quoted scalar (JSON's string syntax is YAML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::{Check, SuiteFormat, parse};
    use wonderchat_insights::{Aggregator, Options, format};

    #[test]
    fn the_gaps_suite_reads_back_with_a_case_per_gap() {
        let line = |bot: &str, q: &str| {
            format!(
                r#"{{"createdAt":"2024-01-31T12:00:00Z","chatbotId":"{bot}","userFeedback":"BAD","messages":[{{"userMessage":{},"botMessage":"Sorry","createdAt":"2024-01-31T12:00:01Z"}}]}}"#,
                serde_json::to_string(q).unwrap()
            )
        };
        let mut lines = Vec::new();
        for _ in 0..4 {
            lines.push(line(
                "docs-bot",
                "How do I get a \"refund\"?\n# not a comment",
            ));
            lines.push(line("docs-bot", "Where is the API key: settings?"));
            lines.push(line("other-bot", "Wie kündige ich mein Abo?"));
        }
        let export = lines.join("\n");
        let mut aggregator = Aggregator::new(Options::default()).unwrap();
        let stats = format::read(export.as_bytes(), format::Format::Jsonl, 1 << 20, |r| {
            aggregator.add_record(r)
        })
        .unwrap();
        let report = aggregator.finish(stats);
        let yaml = from_gaps(&report, Some("docs-bot"));
        let suite = parse(std::path::Path::new("gaps.yaml"), &yaml, SuiteFormat::Yaml).unwrap();
        assert_eq!(suite.chatbot.as_deref(), Some("docs-bot"));
        let questions: Vec<&str> = suite.cases.iter().map(|c| c.question()).collect();
        assert_eq!(questions.len(), 2, "{yaml}");
        assert!(
            questions.contains(&"How do I get a \"refund\"?\n# not a comment"),
            "{yaml}"
        );
        assert!(
            suite
                .cases
                .iter()
                .all(|c| matches!(c.checks[..], [Check::Answered(true)]))
        );
        assert!(yaml.contains("1 gap of other chatbots left out"), "{yaml}");
    }
}

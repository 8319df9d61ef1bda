//! The report shown: a short text for a terminal, Markdown for a ticket or
//! chat (every section the page has), JSON (the [`Report`] itself), and one
//! self-contained HTML page (`html.rs`: a minijinja template, charts as
//! inline SVG from `chart.rs`, every chart's numbers in a table; no script,
//! no request to any host).
//!
//! Every share is shown with the n it rests on, and below
//! [`MIN_N`] as "too few". Text from the export
//! (questions, pages, chatbot ids) goes through the `escape` the caller
//! gives for text and Markdown (the CLI's escapes control characters),
//! Markdown's own escaping ([`markdown_text`]), and the template's HTML
//! escaping.

mod brief;
mod chart;
mod html;

use std::fmt::Write as _;

pub use brief::{BRIEF_GAPS, brief};
pub use html::html;

use crate::stats::{MIN_N, Rate};
use crate::topics::{Diagnosis, Direction, Topic};
use crate::{Change, Comparison, Report};

type Escape<'a> = &'a dyn Fn(&str) -> String;

/// A whole number with thousands separators: `1,084`.
pub fn whole(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` and its noun, singular or plural: `1 chatlog`, `1,084 chatlogs`.
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{} {}", whole(n), if n == 1 { singular } else { plural })
}

/// A share as a percentage, "—" when there is none.
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// A rate with its interval and n; "too few" under [`MIN_N`].
pub(crate) fn rate(rate: &Option<Rate>) -> String {
    match rate {
        Some(r) if r.n < MIN_N => format!("too few (n={})", r.n),
        Some(r) => format!(
            "{:.1}% (95% CI {:.1}–{:.1}%, n={})",
            r.value * 100.0,
            r.low * 100.0,
            r.high * 100.0,
            whole(r.n)
        ),
        None => "—".to_owned(),
    }
}

/// A rate in short: the percentage and n; "too few" under [`MIN_N`].
pub(crate) fn rate_short(rate: &Option<Rate>) -> String {
    match rate {
        Some(r) if r.n < MIN_N => format!("too few (n={})", r.n),
        Some(r) => format!("{:.0}% (n={})", r.value * 100.0, whole(r.n)),
        None => "—".to_owned(),
    }
}

/// A change of a share: its arrow, points and whether beyond chance.
pub(crate) fn change(change: &Option<Change>) -> String {
    match change {
        Some(c) => format!(
            "{} {:+.1} points, {}",
            if c.delta > 0.0 {
                "▲"
            } else if c.delta < 0.0 {
                "▼"
            } else {
                "="
            },
            c.delta * 100.0,
            if c.significant {
                "beyond chance"
            } else {
                "within chance"
            }
        ),
        None => "—".to_owned(),
    }
}

/// The period as the first line says it.
pub fn period(report: &Report) -> String {
    let from = report
        .since
        .map(|s| s.date_naive())
        .or(report.headline.first_day);
    let to = report
        .until
        .map(|u| u.date_naive())
        .or(report.headline.last_day);
    let span = match (from, to) {
        (Some(f), Some(t)) => format!("{f} to {t}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(t)) => format!("until {t}"),
        (None, None) => "no conversations".to_owned(),
    };
    match &report.period_note {
        Some(note) => format!("{span} ({note})"),
        None => span,
    }
}

/// The chatbots, as the first line names them.
pub(crate) fn chatbots(report: &Report) -> String {
    let shown = report.chatbot_ids.join(", ");
    match report.chatbots {
        0 => "no chatbot".to_owned(),
        n if n as usize > report.chatbot_ids.len() => {
            format!("{shown} and {} more", n as usize - report.chatbot_ids.len())
        }
        _ => shown,
    }
}

/// A topic's trend in words.
pub(crate) fn trend(topic: &Topic) -> &'static str {
    match topic.trend.map(|t| t.direction) {
        Some(Direction::Rising) => "rising",
        Some(Direction::New) => "new",
        Some(Direction::Falling) => "falling",
        Some(Direction::Steady) => "steady",
        None => "",
    }
}

/// What a gap's failures say, in words.
pub(crate) fn diagnosis(topic: &Topic) -> String {
    match topic.diagnosis {
        Some(Diagnosis::MissingPage) => format!(
            "{} of {} failed answers cited no page: the knowledge base lacks one",
            topic.failed - topic.cited.min(topic.failed),
            topic.failed
        ),
        Some(Diagnosis::PageToFix) => format!(
            "{} of {} failed answers cited a page that did not answer it: fix {}",
            topic.cited,
            topic.failed,
            topic.cited_pages.first().map_or("it", String::as_str)
        ),
        None => String::new(),
    }
}

/// A gap in one line: its title (quoted, `escape`d), then after `dash` how
/// many failed, their share of all failures, and its trend when it moves.
pub(crate) fn gap_headline(gap: &Topic, escape: Escape<'_>, dash: &str) -> String {
    format!(
        "\"{}\"{dash}{} failed ({:.0}% of failures){}",
        escape(&gap.title),
        whole(gap.failed),
        gap.share * 100.0,
        match trend(gap) {
            "" | "steady" => String::new(),
            t => format!(", {t}"),
        }
    )
}

/// A topic's languages in short ("en 70%, de 20%").
pub(crate) fn languages(topic: &Topic) -> String {
    let total: u64 = topic.languages.iter().map(|l| l.conversations).sum();
    topic
        .languages
        .iter()
        .take(4)
        .map(|l| {
            format!(
                "{} {:.0}%",
                l.code,
                100.0 * l.conversations as f64 / total.max(1) as f64
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The headline numbers, what to fix first and what rises, for a terminal.
pub fn text(report: &Report, escape: Escape<'_>) -> String {
    let h = &report.headline;
    let c = report.comparison.as_ref();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Wonderchat report: {} · {} · made {}",
        period(report),
        escape(&chatbots(report)),
        report.generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    // A figure's change, after it, with --compare previous.
    let changed = |pick: fn(&Comparison) -> &Option<Change>| {
        c.map_or(String::new(), |c| format!("   {}", change(pick(c))))
    };
    let _ = writeln!(
        out,
        "Conversations  {}{}",
        whole(h.conversations),
        c.and_then(|c| c.volume_ratio)
            .map_or(String::new(), |r| format!("   ×{r:.2} the previous period"))
    );
    let _ = writeln!(
        out,
        "Satisfaction   {}   GOOD {} · BAD {}{}",
        rate(&h.satisfaction),
        whole(h.good),
        whole(h.bad),
        changed(|c| &c.satisfaction_change)
    );
    let _ = writeln!(
        out,
        "Resolution     {}{}",
        rate(&h.resolution),
        changed(|c| &c.resolution_change)
    );
    let _ = writeln!(
        out,
        "Failed         {} ({} of {}): BAD, UNRESOLVED or confidence under {}{}",
        whole(h.failed),
        percent(h.failed_share.map(|r| r.value)),
        whole(h.conversations),
        report.low_confidence,
        changed(|c| &c.failed_change)
    );
    let _ = writeln!(
        out,
        "Escalation     {}: asked for a person {}, handed off {}{}",
        rate_short(&h.escalation),
        whole(h.asked_for_person),
        whole(h.handed_off),
        changed(|c| &c.escalation_change)
    );
    let _ = writeln!(
        out,
        "Confidence     {}",
        h.average_confidence
            .map_or("—".into(), |c| format!("{c:.2} on average"))
    );
    let _ = writeln!(out, "\nFix these first (failed conversations by subject):");
    if report.knowledge_gaps.is_empty() {
        let _ = writeln!(out, "  (no subject failed 3 times or more)");
    }
    for (i, gap) in report.knowledge_gaps.iter().take(3).enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, gap_headline(gap, escape, " — "));
        let _ = writeln!(
            out,
            "     {} · {}",
            escape(&gap.words.join(" · ")),
            languages(gap)
        );
        let _ = writeln!(out, "     {}", escape(&diagnosis(gap)));
        if let Some(action) = gap.actions.first() {
            let _ = writeln!(out, "     {}", escape(action));
        }
    }
    let rising: Vec<&Topic> = report
        .topics
        .iter()
        .filter(|t| matches!(trend(t), "rising" | "new"))
        .collect();
    if !rising.is_empty() {
        let _ = writeln!(out, "\nRising:");
        for t in rising.iter().take(5) {
            let _ = writeln!(
                out,
                "  \"{}\" — {} conversations ({})",
                escape(&t.title),
                whole(t.conversations),
                trend(t)
            );
        }
    }
    if report.input.words_not_read > 0 {
        let _ = writeln!(
            out,
            "\nThe words of {}, beyond the engine's --questions-limit, were not read: they count in every figure but the topics, languages and requests for a person.",
            count(report.input.words_not_read, "conversation", "conversations")
        );
    }
    if report.input.eval_left_out > 0 {
        let _ = writeln!(
            out,
            "\n{} made by wonderchat eval or by agents left out (--include-eval keeps them).",
            count(report.input.eval_left_out, "conversation", "conversations")
        );
    }
    if report.input.skipped > 0 {
        let _ = writeln!(
            out,
            "\n{} of the input not chatlogs, skipped ({}).",
            count(report.input.skipped, "line", "lines"),
            escape(report.input.problems.first().map_or("", String::as_str))
        );
    }
    out
}

/// Text quoted in Markdown: shown as written, never obeyed. Markdown's
/// metacharacters get a backslash and HTML's become entities, so a visitor's
/// `<img src=x onerror=…>`, `[click](https://phish)` or `![](tracker)` stay
/// text in the ticket it is pasted into; line breaks become spaces.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '#' | '|' | '~' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a Markdown code span, shown literally (no escape, link or
/// HTML is read in it): fenced by one backtick more than its longest run,
/// line breaks as spaces.
pub fn markdown_code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let fence = markdown_fence(&text, 1);
    format!("{fence} {text} {fence}")
}

/// The backticks that fence `text` (a code span, or with `at_least` 3 a
/// code block): one more than its longest run, and at least `at_least`.
pub fn markdown_fence(text: &str, at_least: usize) -> String {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(at_least))
}

/// Text inside HTML or SVG (an element's text or a quoted attribute):
/// `&`, `<`, `>` and `"` as entities.
pub fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Markdown: every section of the page (the headline with its changes,
/// what to fix first, rising topics, what users ask about, the gaps with
/// their examples, escalation, languages, where it happens, per chatbot).
pub fn markdown(report: &Report, escape: Escape<'_>) -> String {
    let cell = |s: &str| markdown_text(&escape(s));
    let h = &report.headline;
    let c = report.comparison.as_ref();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Wonderchat report: {}\n\n{} · made {}\n",
        cell(&period(report)),
        cell(&chatbots(report)),
        report.generated_at.format("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(
        out,
        "| figure | value | against the previous period |\n|---|---|---|"
    );
    let vs = |f: &dyn Fn(&crate::Comparison) -> String| c.map_or("—".to_owned(), f);
    let _ = writeln!(
        out,
        "| conversations | {} | {} |",
        h.conversations,
        vs(&|c| c.volume_ratio.map_or("—".into(), |r| format!("×{r:.2}")))
    );
    let _ = writeln!(
        out,
        "| satisfaction (GOOD of rated) | {} | {} |",
        rate(&h.satisfaction),
        vs(&|c| change(&c.satisfaction_change))
    );
    let _ = writeln!(out, "| rated GOOD · BAD | {} · {} | |", h.good, h.bad);
    let _ = writeln!(
        out,
        "| resolution (RESOLVED of known) | {} | {} |",
        rate(&h.resolution),
        vs(&|c| change(&c.resolution_change))
    );
    let _ = writeln!(
        out,
        "| failed | {} ({}) | {} |",
        h.failed,
        rate_short(&h.failed_share),
        vs(&|c| change(&c.failed_change))
    );
    let _ = writeln!(
        out,
        "| escalation (asked for a person or handed off) | {} · asked {} · handed off {} | {} |",
        rate_short(&h.escalation),
        h.asked_for_person,
        h.handed_off,
        vs(&|c| change(&c.escalation_change))
    );
    let _ = writeln!(
        out,
        "| average confidence | {} | |",
        h.average_confidence
            .map_or("—".into(), |c| format!("{c:.2}"))
    );
    let _ = writeln!(out, "| exchanges | {} | |", h.exchanges);
    let _ = writeln!(out, "\n### Fix these first\n");
    if report.knowledge_gaps.is_empty() {
        let _ = writeln!(out, "No subject failed 3 times or more.");
    }
    for (i, gap) in report.knowledge_gaps.iter().take(3).enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}**: {} failed conversations ({:.0}% of failures){}  \n   {} · {}  \n   {}",
            i + 1,
            cell(&gap.title),
            gap.failed,
            gap.share * 100.0,
            match trend(gap) {
                "" | "steady" => String::new(),
                t => format!(", **{t}**"),
            },
            cell(&gap.words.join(" · ")),
            cell(&languages(gap)),
            cell(&diagnosis(gap))
        );
        for action in &gap.actions {
            let _ = writeln!(out, "   {}", markdown_code(&escape(action)));
        }
    }
    let rising: Vec<&Topic> = report
        .topics
        .iter()
        .filter(|t| matches!(trend(t), "rising" | "new"))
        .collect();
    let _ = writeln!(out, "\n### Rising topics\n");
    if rising.is_empty() {
        let _ = writeln!(out, "None beyond chance.");
    }
    for t in &rising {
        let _ = writeln!(
            out,
            "- {} ({}): {} conversations",
            cell(&t.title),
            trend(t),
            t.conversations
        );
    }
    let _ = writeln!(
        out,
        "\n### What users ask about\n\n| topic | conversations | failed | resolution | satisfaction | trend |\n|---|---|---|---|---|---|"
    );
    for t in report.topics.iter().take(10) {
        let _ = writeln!(
            out,
            "| {} | {} ({:.0}%) | {} | {} | {} | {} |",
            cell(&t.title),
            t.conversations,
            t.volume_share * 100.0,
            t.failed,
            rate_short(&t.resolution),
            rate_short(&t.satisfaction),
            trend(t)
        );
    }
    let _ = writeln!(out, "\n### Knowledge gaps\n");
    for gap in report.knowledge_gaps.iter().take(10) {
        let _ = writeln!(
            out,
            "- **{}**: {} failed ({:.0}%), {} · {}",
            cell(&gap.title),
            gap.failed,
            gap.share * 100.0,
            cell(&gap.words.join(" · ")),
            cell(&languages(gap))
        );
        for example in &gap.examples {
            let _ = writeln!(
                out,
                "  - \"{}\" ({}{}){}",
                cell(&example.question),
                example.at.format("%Y-%m-%d"),
                example
                    .country
                    .as_deref()
                    .map_or(String::new(), |c| format!(", {}", cell(c))),
                example
                    .answer
                    .as_deref()
                    .map_or(String::new(), |a| format!(": bot said \"{}\"", cell(a)))
            );
        }
        for action in &gap.actions {
            let _ = writeln!(out, "  - {}", markdown_code(&escape(action)));
        }
    }
    let _ = writeln!(
        out,
        "\n### Escalation\n\n| state | conversations |\n|---|---|"
    );
    for s in &report.states {
        let _ = writeln!(
            out,
            "| {}{} | {} |",
            cell(&s.state),
            if s.hand_off { " (hand-off)" } else { "" },
            s.conversations
        );
    }
    let _ = writeln!(
        out,
        "\n### Languages\n\n| language | conversations | failed | satisfaction | resolution |\n|---|---|---|---|---|"
    );
    for l in &report.languages {
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} | {} | {} |",
            l.name,
            cell(&l.code),
            l.headline.conversations,
            l.headline.failed,
            rate_short(&l.headline.satisfaction),
            rate_short(&l.headline.resolution)
        );
    }
    for (title, places) in [
        ("Countries", &report.countries),
        ("Entry pages", &report.pages),
    ] {
        let _ = writeln!(
            out,
            "\n### {title}\n\n| | conversations | BAD | UNRESOLVED |\n|---|---|---|---|"
        );
        for p in places.iter().take(10) {
            let name = match &p.label {
                Some(label) => format!("{} ({})", label, p.name),
                None => p.name.clone(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&name),
                p.conversations,
                percent(p.bad_share),
                percent(p.unresolved_share)
            );
        }
    }
    if !report.per_chatbot.is_empty() {
        let _ = writeln!(
            out,
            "\n### Per chatbot\n\n| chatbot | conversations | satisfaction | resolution | failed |\n|---|---|---|---|---|"
        );
        for row in &report.per_chatbot {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&row.chatbot_id),
                row.headline.conversations,
                rate_short(&row.headline.satisfaction),
                rate_short(&row.headline.resolution),
                row.headline.failed
            );
        }
    }
    out
}

/// The report as one JSON document (its shape: [`Report`]).
///
/// # Errors
/// Never in practice (every figure serialises).
pub fn json(report: &Report) -> Result<String, String> {
    serde_json::to_string_pretty(report).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Aggregator, Options};

    fn report_quoting(question: &str, page: &str) -> Report {
        let line = serde_json::json!({
            "createdAt": "2024-01-31T12:00:00Z", "chatbotId": "bot", "userFeedback": "BAD",
            "initialPageUrl": page,
            "messages": [{"userMessage": question, "botMessage": "no idea", "createdAt": "2024-01-31T12:00:01Z"}]
        })
        .to_string();
        let mut aggregator = Aggregator::new(Options::default()).unwrap();
        // Three of them: a subject of fewer conversations is no topic.
        let lines = [line.as_str(), &line, &line].join("\n");
        let stats = crate::format::read(
            lines.as_bytes(),
            crate::format::Format::Jsonl,
            1 << 20,
            |r| aggregator.add_record(r),
        )
        .unwrap();
        aggregator.finish(stats)
    }

    const HOSTILE: &str = "refund <img src=x onerror=alert(1)> [click](https://phish.example) ![](https://tracker.example/p.png) `code` \u{202e}txt.exe";

    #[test]
    fn markdown_shows_quoted_html_and_links_as_text() {
        let report = report_quoting(HOSTILE, "https://x.example/<b>");
        let md = markdown(&report, &|s: &str| s.to_owned());
        for raw in [
            "<img",
            "](https://phish",
            "![](",
            "| https://x.example/<b>",
            "`code`",
        ] {
            assert!(!md.contains(raw), "{raw} is raw in:\n{md}");
        }
        assert!(
            md.contains("&lt;img src=x onerror=alert\\(1\\)&gt;"),
            "{md}"
        );
        assert_eq!(markdown_text("a|b\nc"), "a\\|b c");
        // A command is a code span that nothing in it can end.
        assert_eq!(markdown_code("a `b` ``c"), "``` a `b` ``c ```");
    }

    #[test]
    fn the_page_shows_bidi_overrides_and_markup_instead_of_obeying_them() {
        let report = report_quoting(HOSTILE, "https://x.example/p");
        let page = html(&report).unwrap();
        assert!(!page.contains('\u{202e}'), "a raw U+202E in the page");
        assert!(page.contains("\\u{202e}txt.exe"));
        assert!(!page.contains("<img src=x"));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        // The charts are still markup.
        assert!(page.contains("<svg"));
    }
}

//! The report shown: a short text for a terminal, Markdown for a ticket or
//! chat, JSON (the [`Report`] itself), and one self-contained HTML page
//! (a minijinja template, charts as inline SVG drawn by plotters, every
//! chart's numbers in a table; no script, no request to any host).
//!
//! Text from the export (questions, pages, chatbot ids) goes through the
//! `escape` the caller gives for text and Markdown (the CLI's escapes
//! control characters), and through the template's HTML escaping.

use std::fmt::Write as _;

use plotters::prelude::*;

use crate::Report;
use crate::stats::Rate;

type Escape<'a> = &'a dyn Fn(&str) -> String;

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

fn with_interval(rate: &Option<Rate>) -> String {
    match rate {
        Some(r) => format!(
            "{:.1}% (95% CI {:.1}–{:.1}%, n={})",
            r.value * 100.0,
            r.low * 100.0,
            r.high * 100.0,
            r.n
        ),
        None => "—".to_owned(),
    }
}

fn period(report: &Report) -> String {
    match (report.headline.first_day, report.headline.last_day) {
        (Some(f), Some(l)) => format!("{f} to {l}"),
        _ => "no conversations".to_owned(),
    }
}

/// The headline numbers and the top five knowledge gaps, for a terminal.
pub fn text(report: &Report, escape: Escape<'_>) -> String {
    let h = &report.headline;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Conversations  {} ({}), {} chatbot(s)",
        h.conversations,
        period(report),
        report.chatbots
    );
    let _ = writeln!(out, "Exchanges      {}", h.exchanges);
    let _ = writeln!(out, "Rated          {}", percent(h.rated_share));
    let _ = writeln!(out, "Satisfaction   {}", with_interval(&h.satisfaction));
    let _ = writeln!(out, "Resolution     {}", with_interval(&h.resolution));
    let _ = writeln!(
        out,
        "Confidence     {}",
        h.average_confidence
            .map_or("—".into(), |c| format!("{c:.2}"))
    );
    let _ = writeln!(
        out,
        "Failed         {} (BAD, UNRESOLVED or confidence under {})",
        h.failed, report.low_confidence
    );
    if let Some(c) = &report.comparison {
        let mark = |ch: &Option<crate::Change>| match ch {
            Some(ch) => format!(
                "{:+.1} points{}",
                ch.delta * 100.0,
                if ch.significant {
                    " (beyond chance)"
                } else {
                    " (within chance)"
                }
            ),
            None => "—".to_owned(),
        };
        let _ = writeln!(
            out,
            "vs previous    volume ×{}, satisfaction {}, resolution {}",
            c.volume_ratio.map_or("—".into(), |r| format!("{r:.2}")),
            mark(&c.satisfaction_change),
            mark(&c.resolution_change)
        );
    }
    let _ = writeln!(out, "\nTop knowledge gaps (failed conversations by topic):");
    if report.knowledge_gaps.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (i, gap) in report.knowledge_gaps.iter().take(5).enumerate() {
        let _ = writeln!(
            out,
            "  {}. {} — {} conversation(s), {:.0}%",
            i + 1,
            escape(&gap.words.join(" ")),
            gap.conversations,
            gap.share * 100.0
        );
        if let Some(example) = gap.examples.first() {
            let _ = writeln!(out, "     e.g. \"{}\"", escape(&example.question));
        }
        if let Some(action) = gap.actions.first() {
            let _ = writeln!(out, "     {}", escape(action));
        }
    }
    if report.input.skipped > 0 {
        let _ = writeln!(
            out,
            "\n{} line(s) of the input were not chatlogs and were skipped ({}).",
            report.input.skipped,
            escape(&report.input.problems[0])
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
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// A Markdown summary: the headline, the gaps, where it happens.
pub fn markdown(report: &Report, escape: Escape<'_>) -> String {
    let cell = |s: &str| markdown_text(&escape(s));
    let h = &report.headline;
    let mut out = String::new();
    let _ = writeln!(out, "## Wonderchat report: {}\n", period(report));
    let _ = writeln!(out, "| figure | value |\n|---|---|");
    let _ = writeln!(out, "| conversations | {} |", h.conversations);
    let _ = writeln!(out, "| exchanges | {} |", h.exchanges);
    let _ = writeln!(out, "| chatbots | {} |", report.chatbots);
    let _ = writeln!(out, "| rated | {} |", percent(h.rated_share));
    let _ = writeln!(
        out,
        "| satisfaction (GOOD / rated) | {} |",
        with_interval(&h.satisfaction)
    );
    let _ = writeln!(
        out,
        "| resolution (RESOLVED / known) | {} |",
        with_interval(&h.resolution)
    );
    let _ = writeln!(
        out,
        "| average confidence | {} |",
        h.average_confidence
            .map_or("—".into(), |c| format!("{c:.2}"))
    );
    let _ = writeln!(out, "| failed conversations | {} |", h.failed);
    let _ = writeln!(out, "\n### Knowledge gaps\n");
    for gap in report.knowledge_gaps.iter().take(10) {
        let _ = writeln!(
            out,
            "- **{}**: {} failed conversation(s) ({:.0}%)",
            cell(&gap.words.join(" ")),
            gap.conversations,
            gap.share * 100.0
        );
        for example in &gap.examples {
            let _ = writeln!(out, "  - \"{}\"", cell(&example.question));
        }
        for action in &gap.actions {
            let _ = writeln!(out, "  - {}", markdown_code(&escape(action)));
        }
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
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&p.name),
                p.conversations,
                percent(p.bad_share),
                percent(p.unresolved_share)
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

/// An SVG line chart of `lines` (label, values, colour) over `labels`.
fn line_chart(
    title: &str,
    lines: &[(&str, Vec<f64>, RGBColor)],
    y_max: f64,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let n = lines.first().map_or(0, |l| l.1.len()).max(2);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(48)
            .build_cartesian_2d(0f64..(n - 1) as f64, 0f64..y_max.max(1e-9))
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("day (or week) of the period")
            .draw()
            .map_err(|e| e.to_string())?;
        for (label, values, colour) in lines {
            let colour = *colour;
            chart
                .draw_series(LineSeries::new(
                    values.iter().enumerate().map(|(i, v)| (i as f64, *v)),
                    colour.stroke_width(2),
                ))
                .map_err(|e| e.to_string())?
                .label(*label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour));
        }
        if lines.len() > 1 {
            chart
                .configure_series_labels()
                .border_style(BLACK)
                .background_style(WHITE)
                .draw()
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// An SVG histogram of the confidence buckets.
fn histogram(report: &Report) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let top = report
            .confidence
            .iter()
            .map(|b| b.conversations)
            .max()
            .unwrap_or(0)
            .max(1);
        let mut chart = ChartBuilder::on(&root)
            .caption("Conversations by average confidence", ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(28)
            .y_label_area_size(56)
            .build_cartesian_2d((0u32..9u32).into_segmented(), 0u64..top + top / 10 + 1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                    format!("{:.1}", *i as f64 / 10.0)
                }
                SegmentValue::Last => String::new(),
            })
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .style(RGBColor(37, 99, 235).filled())
                    .margin(4)
                    .data(
                        report
                            .confidence
                            .iter()
                            .enumerate()
                            .map(|(i, b)| (i as u32, b.conversations)),
                    ),
            )
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The page: every section, charts as inline SVG beside their tables.
///
/// # Errors
/// A chart or the template cannot be rendered.
pub fn html(report: &Report) -> Result<String, String> {
    let volume: Vec<f64> = report
        .series
        .iter()
        .map(|p| p.conversations as f64)
        .collect();
    let top = volume.iter().copied().fold(0.0, f64::max);
    let volume_svg = line_chart(
        "Conversations",
        &[("conversations", volume, RGBColor(37, 99, 235))],
        top * 1.1 + 1.0,
    )?;
    let satisfaction: Vec<f64> = report
        .series
        .iter()
        .map(|p| p.satisfaction.unwrap_or(0.0))
        .collect();
    let resolution: Vec<f64> = report
        .series
        .iter()
        .map(|p| p.resolution.unwrap_or(0.0))
        .collect();
    let rates_svg = line_chart(
        "Satisfaction and resolution",
        &[
            ("satisfaction", satisfaction, RGBColor(22, 163, 74)),
            ("resolution", resolution, RGBColor(217, 119, 6)),
        ],
        1.0,
    )?;
    let confidence_svg = histogram(report)?;
    let mut env = minijinja::Environment::new();
    // Every value shown: control characters and bidi overrides made
    // visible (a U+202E would reverse the text around it), then HTML-escaped.
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(text) if !value.is_safe() && text.chars().any(wonderchat::is_unprintable) => {
            let shown = minijinja::Value::from(wonderchat::printable(text));
            minijinja::escape_formatter(out, state, &shown)
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    env.add_template("report.html", include_str!("../templates/report.html"))
        .map_err(|e| e.to_string())?;
    env.add_filter("pct", |v: Option<f64>| percent(v));
    let template = env.get_template("report.html").map_err(|e| e.to_string())?;
    template
        .render(minijinja::context! {
            report => report,
            period => period(report),
            satisfaction => with_interval(&report.headline.satisfaction),
            resolution => with_interval(&report.headline.resolution),
            volume_svg => volume_svg,
            rates_svg => rates_svg,
            confidence_svg => confidence_svg,
        })
        .map_err(|e| e.to_string())
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
        let stats = crate::format::read(
            line.as_bytes(),
            crate::format::Format::Jsonl,
            1 << 20,
            |c| aggregator.add(&c),
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

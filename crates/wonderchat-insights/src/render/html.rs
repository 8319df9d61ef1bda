//! The page: what to fix first above the fold, then the detail; charts in
//! two widths, light and dark from CSS custom properties, a print layout
//! that keeps cards and charts whole.

use serde::Serialize;

use super::chart::{self, Line, Marker};
use super::{change, chatbots, diagnosis, languages, percent, period, rate, rate_short, trend};
use crate::stats::MIN_N;
use crate::{Change, Report};

/// The chart colours, light and dark (Okabe and Ito's palette, safe for
/// colour-blind readers), each at least 3:1 against its background.
pub(crate) const PALETTE: [(&str, &str, &str); 3] = [
    ("--c1", "#0072B2", "#56B4E9"),
    ("--c2", "#C75000", "#E69F00"),
    ("--c3", "#007A5A", "#2FC49B"),
];
/// The page's backgrounds, light and dark.
pub(crate) const BACKGROUNDS: (&str, &str) = ("#FFFFFF", "#111827");

/// A headline card.
#[derive(Serialize)]
struct Card {
    label: &'static str,
    value: String,
    detail: String,
    change: Option<Delta>,
}

/// A card's change against the previous period.
#[derive(Serialize)]
struct Delta {
    symbol: &'static str,
    text: String,
    /// `better`, `worse` or `same` (beyond chance or not).
    class: &'static str,
}

fn delta(c: &Option<Change>, higher_is_better: bool) -> Option<Delta> {
    let c = c.as_ref()?;
    let better = (c.delta > 0.0) == higher_is_better;
    Some(Delta {
        symbol: if c.delta > 0.0 {
            "▲"
        } else if c.delta < 0.0 {
            "▼"
        } else {
            "="
        },
        text: change(&Some(*c))
            .trim_start_matches(['▲', '▼', '=', ' '])
            .to_owned(),
        class: if !c.significant || c.delta == 0.0 {
            "same"
        } else if better {
            "better"
        } else {
            "worse"
        },
    })
}

/// A gap as the page shows it.
#[derive(Serialize)]
struct Gap<'a> {
    topic: &'a crate::Topic,
    share: String,
    trend: &'static str,
    languages: String,
    diagnosis: String,
}

/// The cards: volume, satisfaction, resolution, failed, escalation,
/// confidence.
fn cards(report: &Report) -> Vec<Card> {
    let h = &report.headline;
    let c = report.comparison.as_ref();
    let value = |r: &Option<crate::stats::Rate>| match r {
        Some(r) if r.n >= MIN_N => format!("{:.0}%", r.value * 100.0),
        Some(_) => "too few".to_owned(),
        None => "—".to_owned(),
    };
    vec![
        Card {
            label: "Conversations",
            value: h.conversations.to_string(),
            detail: format!("{} exchanges", h.exchanges),
            change: c.and_then(|c| c.volume_ratio).map(|r| Delta {
                symbol: if r > 1.0 {
                    "▲"
                } else if r < 1.0 {
                    "▼"
                } else {
                    "="
                },
                text: format!("×{r:.2} the previous period"),
                class: "same",
            }),
        },
        Card {
            label: "Satisfaction",
            value: value(&h.satisfaction),
            detail: format!("GOOD {} · BAD {} of {} rated", h.good, h.bad, h.rated),
            change: c.and_then(|c| delta(&c.satisfaction_change, true)),
        },
        Card {
            label: "Resolution",
            value: value(&h.resolution),
            detail: format!(
                "RESOLVED of {} with a state",
                h.resolution.map_or(0, |r| r.n)
            ),
            change: c.and_then(|c| delta(&c.resolution_change, true)),
        },
        Card {
            label: "Failed",
            value: h.failed.to_string(),
            detail: format!(
                "{} of conversations: BAD, UNRESOLVED or confidence under {}",
                h.failed_share
                    .map_or("—".into(), |r| format!("{:.0}%", r.value * 100.0)),
                report.low_confidence
            ),
            change: c.and_then(|c| delta(&c.failed_change, false)),
        },
        Card {
            label: "Escalation",
            value: value(&h.escalation),
            detail: format!(
                "asked for a person {} · handed off {}",
                h.asked_for_person, h.handed_off
            ),
            change: c.and_then(|c| delta(&c.escalation_change, false)),
        },
        Card {
            label: "Confidence",
            value: h
                .average_confidence
                .map_or("—".into(), |c| format!("{c:.2}")),
            detail: "the bot's average, 0 to 1".to_owned(),
            change: None,
        },
    ]
}

/// The charts, each at two widths: (wide, narrow).
fn charts(report: &Report) -> Vec<(String, String, String)> {
    let weeks = &report.weeks;
    let dates: Vec<_> = weeks.iter().map(|p| p.start).collect();
    // Volume per day over a short period, else per week.
    let daily = report.granularity == "day" && report.series.len() <= 45;
    let (volume, unit) = if daily {
        (&report.series, "day")
    } else {
        (weeks, "week")
    };
    let volume_dates: Vec<_> = volume.iter().map(|p| p.start).collect();
    let counts: Vec<u64> = volume.iter().map(|p| p.conversations).collect();
    let partial: Vec<bool> = volume.iter().map(|p| p.partial).collect();
    let span = match (dates.first(), dates.last()) {
        (Some(f), Some(l)) => format!("the weeks of {f} to {l}"),
        _ => "no weeks".to_owned(),
    };
    let volume_span = match (volume_dates.first(), volume_dates.last()) {
        (Some(f), Some(l)) => format!("{f} to {l}"),
        _ => "no conversations".to_owned(),
    };
    let whole: Vec<u64> = volume
        .iter()
        .filter(|p| !p.partial)
        .map(|p| p.conversations)
        .collect();
    let volume_desc = format!(
        "Conversations per {unit}, {volume_span}: from {} to {}{}.",
        whole.iter().min().copied().unwrap_or(0),
        whole.iter().max().copied().unwrap_or(0),
        match partial.iter().filter(|p| **p).count() {
            0 => String::new(),
            1 => format!(" in whole {unit}s; 1 partial {unit} drawn lighter"),
            k => format!(" in whole {unit}s; {k} partial {unit}s drawn lighter"),
        }
    );
    let volume_title = format!("Conversations per {unit}");
    let point = |r: &Option<crate::stats::Rate>, partial: bool| {
        r.map(|r| (r.value, (r.low, r.high), partial || r.n < MIN_N))
    };
    let satisfaction: Vec<_> = weeks
        .iter()
        .map(|p| point(&p.satisfaction, p.partial))
        .collect();
    let resolution: Vec<_> = weeks
        .iter()
        .map(|p| point(&p.resolution, p.partial))
        .collect();
    let range = |points: &[Option<chart::Point>]| {
        let strong: Vec<f64> = points
            .iter()
            .flatten()
            .filter(|p| !p.2)
            .map(|p| p.0)
            .collect();
        match (
            strong.iter().copied().reduce(f64::min),
            strong.iter().copied().reduce(f64::max),
        ) {
            (Some(lo), Some(hi)) => format!("{:.0}% to {:.0}%", lo * 100.0, hi * 100.0),
            _ => "too few to show".to_owned(),
        }
    };
    let rates_desc = format!(
        "Satisfaction (GOOD of rated) and resolution (RESOLVED of those with a state) per week, {span}, with 95% intervals: satisfaction {}, resolution {} in weeks with {MIN_N} or more.",
        range(&satisfaction),
        range(&resolution)
    );
    let lines = |_: ()| {
        vec![
            Line {
                label: "satisfaction",
                class: "c1",
                marker: Marker::Circle,
                points: satisfaction.clone(),
                band: true,
            },
            Line {
                label: "resolution",
                class: "c2",
                marker: Marker::Square,
                points: resolution.clone(),
                band: false,
            },
        ]
    };
    let labels: Vec<String> = report
        .confidence
        .iter()
        .map(|b| format!("{:.1}", b.from))
        .collect();
    let buckets: Vec<u64> = report.confidence.iter().map(|b| b.conversations).collect();
    let busiest = report
        .confidence
        .iter()
        .max_by_key(|b| b.conversations)
        .map_or(String::new(), |b| {
            format!(" most between {:.1} and {:.1}", b.from, b.to)
        });
    let confidence_desc = format!(
        "Conversations by the bot's average confidence, in ten buckets from 0 to 1:{busiest}."
    );
    vec![
        (
            volume_desc.clone(),
            chart::bars(
                "volume",
                &volume_title,
                &volume_desc,
                &volume_dates,
                &counts,
                &partial,
                unit,
                720.0,
            ),
            chart::bars(
                "volume-n",
                &volume_title,
                &volume_desc,
                &volume_dates,
                &counts,
                &partial,
                unit,
                340.0,
            ),
        ),
        (
            rates_desc.clone(),
            chart::rates(
                "rates",
                "Satisfaction and resolution per week",
                &rates_desc,
                &dates,
                &lines(()),
                720.0,
            ),
            chart::rates(
                "rates-n",
                "Satisfaction and resolution per week",
                &rates_desc,
                &dates,
                &lines(()),
                340.0,
            ),
        ),
        (
            confidence_desc.clone(),
            chart::histogram(
                "confidence",
                "Conversations by average confidence",
                &confidence_desc,
                &labels,
                &buckets,
                720.0,
            ),
            chart::histogram(
                "confidence-n",
                "Conversations by average confidence",
                &confidence_desc,
                &labels,
                &buckets,
                340.0,
            ),
        ),
    ]
}

/// The page: every section, charts as inline SVG beside their tables.
///
/// # Errors
/// The template cannot be rendered.
pub fn html(report: &Report) -> Result<String, String> {
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
    env.add_template("report.html", include_str!("../../templates/report.html"))
        .map_err(|e| e.to_string())?;
    env.add_filter("pct", |v: Option<f64>| percent(v));
    env.add_filter("rate", |v: minijinja::Value| {
        let r: Option<crate::stats::Rate> = serde_json::to_value(&v)
            .ok()
            .and_then(|v| serde_json::from_value(v).ok());
        rate_short(&r)
    });
    fn gap(t: &crate::Topic) -> Gap<'_> {
        Gap {
            topic: t,
            share: format!("{:.0}%", t.share * 100.0),
            trend: trend(t),
            languages: languages(t),
            diagnosis: diagnosis(t),
        }
    }
    let gaps: Vec<Gap<'_>> = report.knowledge_gaps.iter().map(gap).collect();
    let topics: Vec<Gap<'_>> = report.topics.iter().map(gap).collect();
    let rising: Vec<&Gap<'_>> = topics
        .iter()
        .filter(|g| matches!(g.trend, "rising" | "new"))
        .collect();
    let palette: Vec<(&str, &str, &str)> = PALETTE.to_vec();
    let template = env.get_template("report.html").map_err(|e| e.to_string())?;
    template
        .render(minijinja::context! {
            report => report,
            period => period(report),
            chatbots => chatbots(report),
            generated => report.generated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            cards => cards(report),
            gaps => gaps,
            topics => topics,
            rising => rising,
            satisfaction => rate(&report.headline.satisfaction),
            resolution => rate(&report.headline.resolution),
            charts => charts(report),
            palette => palette,
            backgrounds => [BACKGROUNDS.0, BACKGROUNDS.1],
            min_n => MIN_N,
        })
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of `#RRGGBB`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn chart_colours_stand_out_from_both_backgrounds() {
        for (name, light, dark) in PALETTE {
            assert!(
                contrast(light, BACKGROUNDS.0) >= 3.0,
                "{name} light {:.2}",
                contrast(light, BACKGROUNDS.0)
            );
            assert!(
                contrast(dark, BACKGROUNDS.1) >= 3.0,
                "{name} dark {:.2}",
                contrast(dark, BACKGROUNDS.1)
            );
        }
        let page = include_str!("../../templates/report.html");
        for (muted, background) in [
            ("#4B5563", BACKGROUNDS.0),
            ("#4B5563", "#F3F4F6"),
            ("#9CA3AF", BACKGROUNDS.1),
            ("#9CA3AF", "#1F2937"),
        ] {
            assert!(page.contains(muted), "{muted} is in the page");
            assert!(
                contrast(muted, background) >= 4.5,
                "muted text {muted} on {background}: {:.2}",
                contrast(muted, background)
            );
        }
    }
}

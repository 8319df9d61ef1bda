//! The page's charts as inline SVG, drawn here because they must be read
//! by people and by screen readers in light, dark and print: every colour
//! is a CSS class the page styles with its custom properties (so dark mode
//! changes the charts too), every chart has `role="img"`, a `<title>` and a
//! `<desc>` that says what it shows, the legend sits above the plot, dates
//! and percentages label the axes, and points that rest on partial weeks or
//! too few ratings are drawn hollow and dashed. Each chart comes in two
//! widths (the page shows the one that keeps its text at 12 CSS px or
//! more).

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

/// Text size in the SVG's units (the page shows each width at scale 1 or
/// more).
const FONT: f64 = 12.0;

/// A chart's frame: its size and plot area.
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    fn new(width: f64, legend_rows: usize) -> Self {
        Self {
            width,
            height: if width < 500.0 { 230.0 } else { 250.0 },
            left: 46.0,
            right: 12.0,
            top: 10.0 + 20.0 * legend_rows as f64,
            bottom: 34.0,
        }
    }

    fn plot_width(&self) -> f64 {
        self.width - self.left - self.right
    }

    fn plot_height(&self) -> f64 {
        self.height - self.top - self.bottom
    }

    /// The y of `value` in `0..=max`.
    fn y(&self, value: f64, max: f64) -> f64 {
        self.top + self.plot_height() * (1.0 - value / max.max(f64::MIN_POSITIVE))
    }

    /// The x of point `i` of `n`, centred in its slot.
    fn x(&self, i: usize, n: usize) -> f64 {
        self.left + self.plot_width() * (i as f64 + 0.5) / n.max(1) as f64
    }
}

use super::html_text as escape;

/// The opening tag, title and description.
fn open(out: &mut String, id: &str, frame: &Frame, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg class="plot" role="img" aria-labelledby="{id}-t {id}-d" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-size="{FONT}"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        escape(title),
        escape(desc),
        w = frame.width,
        h = frame.height,
    );
}

/// A "nice" step for about `ticks` ticks up to `max`.
fn step(max: f64, ticks: f64) -> f64 {
    let raw = (max / ticks).max(1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    let unit = raw / magnitude;
    let nice = if unit <= 1.0 {
        1.0
    } else if unit <= 2.0 {
        2.0
    } else if unit <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// Horizontal grid lines and y labels: counts (whole numbers) or shares
/// (percentages). Returns the axis maximum.
fn y_axis(out: &mut String, frame: &Frame, max: f64, percent: bool) -> f64 {
    let (top, step) = if percent {
        (1.0, 0.25)
    } else {
        let s = step(max, 4.0);
        ((max / s).ceil().max(1.0) * s, s)
    };
    let mut v = 0.0;
    while v <= top + 1e-9 {
        let y = frame.y(v, top);
        let label = if percent {
            format!("{:.0}%", v * 100.0)
        } else {
            format!("{v:.0}")
        };
        let _ = write!(
            out,
            r#"<line class="grid" x1="{}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="ink" x="{}" y="{:.1}" text-anchor="end">{label}</text>"#,
            frame.left,
            frame.width - frame.right,
            frame.left - 6.0,
            y + 4.0
        );
        v += step;
    }
    top
}

/// Date labels under the slots: every slot when they fit, else the first
/// slot, the first of each month and, between, every k-th slot (no two
/// labels closer than 52 units).
fn x_axis(out: &mut String, frame: &Frame, dates: &[NaiveDate]) {
    let n = dates.len();
    let room = (frame.plot_width() / 60.0).floor().max(1.0) as usize;
    let every = n.div_ceil(room).max(1);
    let mut last: Option<f64> = None;
    for (i, d) in dates.iter().enumerate() {
        let new_month = i == 0 || dates[i - 1].month() != d.month();
        if !new_month && i % every != 0 {
            continue;
        }
        let x = frame.x(i, n);
        if last.is_some_and(|l| x - l < 52.0) {
            continue;
        }
        last = Some(x);
        let label = if i == 0 || (new_month && d.month() == 1) {
            d.format("%b %-d, %Y").to_string()
        } else {
            d.format("%b %-d").to_string()
        };
        let anchor = if i == 0 { "start" } else { "middle" };
        let x_text = if i == 0 { frame.left } else { x };
        let _ = write!(
            out,
            r#"<line class="grid" x1="{x:.1}" x2="{x:.1}" y1="{}" y2="{}"/><text class="ink" x="{x_text:.1}" y="{}" text-anchor="{anchor}">{label}</text>"#,
            frame.height - frame.bottom,
            frame.height - frame.bottom + 4.0,
            frame.height - frame.bottom + 18.0,
        );
    }
}

/// A legend item: a marker of `class` and its text, at row `row`.
fn legend(
    out: &mut String,
    frame: &Frame,
    row: usize,
    x: f64,
    class: &str,
    marker: Marker,
    text: &str,
) -> f64 {
    let y = 14.0 + 20.0 * row as f64;
    marker.draw(out, x + 6.0, y - 4.0, class, false);
    let _ = write!(
        out,
        r#"<text class="ink" x="{}" y="{y}">{}</text>"#,
        x + 16.0,
        escape(text)
    );
    let _ = frame;
    x + 24.0 + text.chars().count() as f64 * 6.6
}

/// How a series marks its points.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Marker {
    Circle,
    Square,
    Bar,
}

impl Marker {
    fn draw(self, out: &mut String, x: f64, y: f64, class: &str, hollow: bool) {
        let fill = if hollow { " hollow" } else { "" };
        match self {
            Marker::Circle => {
                let _ = write!(
                    out,
                    r#"<circle class="{class}{fill}" cx="{x:.1}" cy="{y:.1}" r="4"/>"#
                );
            }
            Marker::Square => {
                let _ = write!(
                    out,
                    r#"<rect class="{class}{fill}" x="{:.1}" y="{:.1}" width="8" height="8"/>"#,
                    x - 4.0,
                    y - 4.0
                );
            }
            Marker::Bar => {
                let _ = write!(
                    out,
                    r#"<rect class="{class}{fill}" x="{:.1}" y="{:.1}" width="10" height="10"/>"#,
                    x - 5.0,
                    y - 5.0
                );
            }
        }
    }
}

/// Counts per slot as bars; `partial` slots drawn lighter and dashed;
/// `unit` names a slot in the legend ("week", "day").
#[allow(clippy::too_many_arguments)]
pub(crate) fn bars(
    id: &str,
    title: &str,
    desc: &str,
    dates: &[NaiveDate],
    counts: &[u64],
    partial: &[bool],
    unit: &str,
    width: f64,
) -> String {
    let any_partial = partial.iter().any(|p| *p);
    let frame = Frame::new(width, 1);
    let mut out = String::new();
    open(&mut out, id, &frame, title, desc);
    let max = counts.iter().copied().max().unwrap_or(0) as f64;
    let top = y_axis(&mut out, &frame, max, false);
    x_axis(&mut out, &frame, dates);
    let n = counts.len();
    let slot = frame.plot_width() / n.max(1) as f64;
    let bar = (slot * 0.7).max(1.0);
    for (i, c) in counts.iter().enumerate() {
        let y = frame.y(*c as f64, top);
        let class = if partial.get(i).copied().unwrap_or(false) {
            "c1 bar partial"
        } else {
            "c1 bar"
        };
        let _ = write!(
            out,
            r#"<rect class="{class}" x="{:.1}" y="{y:.1}" width="{bar:.1}" height="{:.1}"><title>{}: {c}</title></rect>"#,
            frame.x(i, n) - bar / 2.0,
            (frame.height - frame.bottom - y).max(0.0),
            dates.get(i).map(|d| d.to_string()).unwrap_or_default()
        );
    }
    let x = legend(
        &mut out,
        &frame,
        0,
        frame.left,
        "c1 bar",
        Marker::Bar,
        "conversations",
    );
    if any_partial {
        legend(
            &mut out,
            &frame,
            0,
            x,
            "c1 bar partial",
            Marker::Bar,
            &format!("partial {unit}"),
        );
    }
    out.push_str("</svg>");
    out
}

/// One point of a line: the value, its 95% interval, and whether it is
/// weak (partial or resting on too few).
pub(crate) type Point = (f64, (f64, f64), bool);

/// One line of a rates chart.
pub(crate) struct Line<'a> {
    /// Its legend text.
    pub(crate) label: &'a str,
    /// Its colour class (`c1`, `c2`, …).
    pub(crate) class: &'static str,
    /// Its marker.
    pub(crate) marker: Marker,
    /// Per slot: the value, its 95% interval, and whether it is weak
    /// (partial or resting on too few).
    pub(crate) points: Vec<Option<Point>>,
    /// Draw its interval as a band.
    pub(crate) band: bool,
}

/// Shares per slot (0 to 100%), each line with markers, a band for its
/// interval, weak points hollow and reached by a dashed segment.
pub(crate) fn rates(
    id: &str,
    title: &str,
    desc: &str,
    dates: &[NaiveDate],
    lines: &[Line<'_>],
    width: f64,
) -> String {
    let rows = if width < 500.0 { lines.len() + 1 } else { 1 };
    let frame = Frame::new(width, rows);
    let mut out = String::new();
    open(&mut out, id, &frame, title, desc);
    let top = y_axis(&mut out, &frame, 1.0, true);
    x_axis(&mut out, &frame, dates);
    let n = dates.len();
    for line in lines {
        if line.band {
            // One polygon per run of points.
            let mut run: Vec<(f64, f64, f64)> = Vec::new();
            let flush = |run: &mut Vec<(f64, f64, f64)>, out: &mut String| {
                if run.len() >= 2 {
                    let upper: Vec<String> = run
                        .iter()
                        .map(|(x, _, h)| format!("{x:.1},{:.1}", frame.y(*h, top)))
                        .collect();
                    let lower: Vec<String> = run
                        .iter()
                        .rev()
                        .map(|(x, l, _)| format!("{x:.1},{:.1}", frame.y(*l, top)))
                        .collect();
                    let _ = write!(
                        out,
                        r#"<polygon class="{} band" points="{} {}"/>"#,
                        line.class,
                        upper.join(" "),
                        lower.join(" ")
                    );
                }
                run.clear();
            };
            for (i, p) in line.points.iter().enumerate() {
                match p {
                    Some((_, (low, high), _)) => run.push((frame.x(i, n), *low, *high)),
                    None => flush(&mut run, &mut out),
                }
            }
            flush(&mut run, &mut out);
        }
        let mut previous: Option<(f64, f64, bool)> = None;
        for (i, p) in line.points.iter().enumerate() {
            let Some((v, _, weak)) = p else {
                previous = None;
                continue;
            };
            let (x, y) = (frame.x(i, n), frame.y(*v, top));
            if let Some((px, py, pweak)) = previous {
                let dash = if *weak || pweak { " weak" } else { "" };
                let _ = write!(
                    out,
                    r#"<line class="{} stroke{dash}" x1="{px:.1}" y1="{py:.1}" x2="{x:.1}" y2="{y:.1}"/>"#,
                    line.class
                );
            }
            previous = Some((x, y, *weak));
        }
        for (i, p) in line.points.iter().enumerate() {
            if let Some((v, (low, high), weak)) = p {
                let (x, y) = (frame.x(i, n), frame.y(*v, top));
                let mut marker = String::new();
                line.marker.draw(&mut marker, x, y, line.class, *weak);
                // The point's own tooltip: its value and interval.
                let _ = write!(
                    out,
                    "<g>{marker}<title>{}: {:.0}% (95% CI {:.0}–{:.0}%){}</title></g>",
                    dates.get(i).map(|d| d.to_string()).unwrap_or_default(),
                    v * 100.0,
                    low * 100.0,
                    high * 100.0,
                    if *weak { ", partial or too few" } else { "" }
                );
            }
        }
    }
    let mut x = frame.left;
    for (row, line) in lines.iter().enumerate() {
        let r = if rows > 1 { row } else { 0 };
        if rows > 1 {
            x = frame.left;
        }
        x = legend(&mut out, &frame, r, x, line.class, line.marker, line.label);
    }
    let r = if rows > 1 { lines.len() } else { 0 };
    if rows > 1 {
        x = frame.left;
    }
    let y = 14.0 + 20.0 * r as f64;
    let _ = write!(
        out,
        r#"<line class="ink-stroke weak" x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/><text class="ink" x="{:.1}" y="{y}">hollow, dashed: partial week or too few</text>"#,
        y - 4.0,
        x + 14.0,
        y - 4.0,
        x + 18.0
    );
    out.push_str("</svg>");
    out
}

/// Counts per labelled bucket as bars.
pub(crate) fn histogram(
    id: &str,
    title: &str,
    desc: &str,
    labels: &[String],
    counts: &[u64],
    width: f64,
) -> String {
    let frame = Frame::new(width, 0);
    let mut out = String::new();
    open(&mut out, id, &frame, title, desc);
    let max = counts.iter().copied().max().unwrap_or(0) as f64;
    let top = y_axis(&mut out, &frame, max, false);
    let n = counts.len();
    let slot = frame.plot_width() / n.max(1) as f64;
    let bar = (slot * 0.7).max(1.0);
    let every = if width < 500.0 { 2 } else { 1 };
    for (i, (c, label)) in counts.iter().zip(labels).enumerate() {
        let y = frame.y(*c as f64, top);
        let x = frame.x(i, n);
        let _ = write!(
            out,
            r#"<rect class="c1 bar" x="{:.1}" y="{y:.1}" width="{bar:.1}" height="{:.1}"><title>{}: {c}</title></rect>"#,
            x - bar / 2.0,
            (frame.height - frame.bottom - y).max(0.0),
            escape(label)
        );
        if i % every == 0 {
            let _ = write!(
                out,
                r#"<text class="ink" x="{x:.1}" y="{}" text-anchor="middle">{}</text>"#,
                frame.height - frame.bottom + 16.0,
                escape(label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_dates_and_whole_numbers() {
        let dates: Vec<NaiveDate> = (0..13)
            .map(|w| NaiveDate::from_ymd_opt(2026, 9, 7).unwrap() + chrono::Days::new(7 * w))
            .collect();
        let counts: Vec<u64> = (0..13).map(|i| 400 + i * 37).collect();
        let partial: Vec<bool> = (0..13).map(|i| i == 12).collect();
        let svg = bars(
            "v",
            "Conversations per week",
            "desc",
            &dates,
            &counts,
            &partial,
            "week",
            720.0,
        );
        assert!(svg.contains(r#"role="img""#) && svg.contains("<title id=\"v-t\">"));
        assert!(
            svg.contains(">Sep 7, 2026<") && svg.contains(">Oct 5<"),
            "{svg}"
        );
        assert!(!svg.contains(".0<"), "no decimals on a count axis");
        assert!(svg.contains("partial"));
        let line = Line {
            label: "satisfaction",
            class: "c1",
            marker: Marker::Circle,
            points: (0..13).map(|i| Some((0.5, (0.4, 0.6), i == 12))).collect(),
            band: true,
        };
        let svg = rates("r", "Satisfaction", "desc", &dates, &[line], 340.0);
        assert!(svg.contains(">100%<") && svg.contains(">50%<"));
        assert!(svg.contains("hollow") && svg.contains("band"));
        assert!(
            !svg.contains("fill=\"#") && !svg.contains("stroke=\"#"),
            "colours come from the page's CSS"
        );
    }
}

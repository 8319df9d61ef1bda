//! Import progress: an indicatif bar on a terminal, plain lines on stderr
//! otherwise, nothing with `--quiet`.

use crate::plumbing::numbers::whole;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shows how far an import is.
pub(super) enum Progress {
    /// A bar, redrawn in place.
    Bar(ProgressBar),
    /// A line every few seconds.
    Lines {
        /// When the last line was printed.
        last: Instant,
        /// When the import started.
        started: Instant,
        /// The row count, when known.
        total: Option<u64>,
    },
    /// Nothing.
    Quiet,
}

impl Progress {
    /// Picks the form for stderr and the options.
    pub(super) fn new(quiet: bool, total: Option<u64>) -> Self {
        if quiet {
            return Progress::Quiet;
        }
        if !std::io::stderr().is_terminal() {
            let now = Instant::now();
            return Progress::Lines {
                last: now,
                started: now,
                total,
            };
        }
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
        let template = if total.is_some() {
            "{bar:30} {human_pos}/{human_len} rows  {rate}  ETA {eta}  {msg}"
        } else {
            "{spinner} {human_pos} rows  {rate}  {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            // indicatif's rate and ETA come from a smoothed estimate.
            let style = style.with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{} rows/s", whole(state.per_sec().round() as u64));
                },
            );
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress::Bar(bar)
    }

    /// Reports the counts so far.
    pub(super) fn update(&mut self, done: u64, failed: u64) {
        match self {
            Progress::Bar(bar) => {
                bar.set_position(done);
                if failed > 0 {
                    bar.set_message(format!("{failed} failed"));
                }
            }
            Progress::Lines {
                last,
                started,
                total,
            } => {
                if last.elapsed() < Duration::from_secs(2) {
                    return;
                }
                *last = Instant::now();
                let rate = done as f64 / started.elapsed().as_secs_f64().max(0.001);
                let of = total.map(|t| format!("/{}", whole(t))).unwrap_or_default();
                eprintln!(
                    "import: {}{of} rows, {failed} failed, {} rows/s",
                    whole(done),
                    whole(rate.round() as u64)
                );
            }
            Progress::Quiet => {}
        }
    }

    /// Runs `f` (which prints) with the bar out of the way.
    pub(super) fn suspend(&self, f: impl FnOnce()) {
        match self {
            Progress::Bar(bar) => bar.suspend(f),
            _ => f(),
        }
    }

    /// Removes the bar before the summary.
    pub(super) fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

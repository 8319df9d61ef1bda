//! `wonderchat import`: reader thread → bounded channel → concurrent,
//! rate-limited senders → results file, with progress and a summary.

mod input;
mod order;
mod progress;
mod results;

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::Poll;
use std::time::Instant;

use futures_util::StreamExt;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::mpsc;
use wonderchat::Client;

use crate::CliError;
use crate::args::{GlobalArgs, ImportArgs};
use crate::connect::connect;
use input::Row;
use progress::Progress;
use results::{Outcome, ResultsWriter};

/// Rows read ahead of the senders; bounds memory whatever the file size.
const READ_AHEAD: usize = 1024;

/// Runs an import.
pub async fn run(global: &GlobalArgs, args: ImportArgs) -> Result<(), CliError> {
    let format = input::detect_format(&args.input, args.format)?;
    let results_path = args
        .results
        .clone()
        .unwrap_or_else(|| results::default_path(&args.input));
    let done = if args.resume {
        results::load_done(&results_path)?
    } else {
        results::Done::default()
    };
    let rows = input::open(&args.input, format)?;
    let total = input::count_rows(&args.input, format);
    let target = connect(global, &args.connection).await?;
    let mut writer = ResultsWriter::open(&results_path, args.resume)?;
    if args.resume {
        eprintln!(
            "resuming: {} row(s) already sent according to {}",
            done.len(),
            results_path.display()
        );
    }

    let cancel = Arc::new(AtomicBool::new(false));
    let skipped = Arc::new(AtomicU64::new(0));
    let (tx, mut rx) = mpsc::channel::<Row>(READ_AHEAD);
    let reader = std::thread::spawn({
        let (cancel, skipped) = (Arc::clone(&cancel), Arc::clone(&skipped));
        move || -> Result<(), String> {
            for row in rows {
                let row = row?;
                if done.contains(row.line) {
                    skipped.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                if cancel.load(Ordering::Relaxed) || tx.blocking_send(row).is_err() {
                    break;
                }
            }
            Ok(())
        }
    });
    tokio::spawn(watch_ctrl_c(Arc::clone(&cancel)));

    let limiter = args.rate.map(|rate| {
        let rate = NonZeroU32::new(rate).unwrap_or(NonZeroU32::MIN);
        // No burst: requests are spaced evenly from the start.
        RateLimiter::direct(Quota::per_second(rate).allow_burst(NonZeroU32::MIN))
    });
    // Stop taking rows on Ctrl-C; those in flight still finish.
    let rows = futures_util::stream::poll_fn(|cx| {
        if cancel.load(Ordering::Relaxed) {
            Poll::Ready(None)
        } else {
            rx.poll_recv(cx)
        }
    });
    let client = &target.client;
    let limiter = limiter.as_ref();
    let sequencer = order::Sequencer::default();
    let sequencer = &sequencer;
    let mut outcomes = rows
        .map(|row| {
            // Tickets are taken here, in file order.
            let ticket = row
                .parsed
                .as_ref()
                .ok()
                .map(|e| sequencer.ticket(&e.message_id));
            (row, ticket)
        })
        .map(|(row, ticket)| send(client, limiter, sequencer, row, ticket))
        .buffer_unordered(args.concurrency as usize);

    let started = Instant::now();
    let mut tally = Tally::default();
    let mut progress = Progress::new(args.quiet, total);
    while let Some(outcome) = outcomes.next().await {
        writer.write(&outcome)?;
        tally.add(&outcome);
        progress.update(
            tally.rows() + skipped.load(Ordering::Relaxed),
            tally.failed(),
        );
    }
    drop(outcomes);
    writer.flush()?;
    progress.finish();
    drop(rx);
    let read = reader
        .join()
        .unwrap_or_else(|_| Err("the input reader stopped unexpectedly".to_owned()));
    let interrupted = cancel.load(Ordering::Relaxed);
    tally.print(
        started,
        skipped.load(Ordering::Relaxed),
        writer.path(),
        interrupted,
    );

    if interrupted {
        eprintln!(
            "interrupted: rows not recorded in {} were not sent; run the same command with \
             --resume to send them",
            writer.path().display()
        );
        return Err(CliError::Interrupted);
    }
    read.map_err(|e| {
        CliError::Failed(format!(
            "{e}; rows read so far are recorded in {} — fix the input and run again with --resume",
            writer.path().display()
        ))
    })?;
    if tally.failed() > 0 {
        return Err(CliError::Failed(format!(
            "{} of {} row(s) failed; see {}",
            tally.failed(),
            tally.rows(),
            writer.path().display()
        )));
    }
    Ok(())
}

/// Sends one row (or records why it cannot be sent).
async fn send(
    client: &Client,
    limiter: Option<&DefaultDirectRateLimiter>,
    sequencer: &order::Sequencer,
    row: Row,
    ticket: Option<order::Ticket>,
) -> Outcome {
    let entry = match row.parsed {
        Ok(entry) => entry,
        Err(bad) => {
            return Outcome {
                line: row.line,
                message_id: bad.message_id,
                ok: false,
                was_updated: None,
                attempts: None,
                error: Some("invalid_row".to_owned()),
                message: Some(format!("line {}: {}", row.line, bad.message)),
            };
        }
    };
    // Earlier rows of the same message go first.
    let _turn = match ticket {
        Some(ticket) => Some(sequencer.turn(ticket).await),
        None => None,
    };
    if let Some(limiter) = limiter {
        limiter.until_ready().await;
    }
    let mut request = client.update_message_feedback(entry.message_id.as_str(), entry.feedback);
    if let Some(comment) = entry.comment {
        request = request.comment(comment);
    }
    let result = request.send().await;
    let (ok, was_updated, attempts, error, message) = match result {
        Ok(update) => (
            true,
            Some(update.was_updated),
            Some(update.attempts),
            None,
            None,
        ),
        Err(e) => (
            false,
            None,
            None,
            Some(e.kind().to_owned()),
            Some(e.to_string()),
        ),
    };
    Outcome {
        line: row.line,
        message_id: Some(entry.message_id),
        ok,
        was_updated,
        attempts,
        error,
        message,
    }
}

/// Ctrl-C once: stop reading, finish what is in flight. Twice: exit now.
async fn watch_ctrl_c(cancel: Arc<AtomicBool>) {
    if tokio::signal::ctrl_c().await.is_ok() {
        cancel.store(true, Ordering::Relaxed);
        eprintln!("\ninterrupted: finishing the requests in flight (Ctrl-C again to quit at once)");
        if tokio::signal::ctrl_c().await.is_ok() {
            std::process::exit(130);
        }
    }
}

/// Counts of outcomes.
#[derive(Default)]
struct Tally {
    ok: u64,
    updated: u64,
    failed_by_kind: BTreeMap<String, u64>,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome) {
        if outcome.ok {
            self.ok += 1;
            self.updated += u64::from(outcome.was_updated == Some(true));
        } else {
            let kind = outcome.error.clone().unwrap_or_default();
            *self.failed_by_kind.entry(kind).or_default() += 1;
        }
    }

    fn failed(&self) -> u64 {
        self.failed_by_kind.values().sum()
    }

    fn rows(&self) -> u64 {
        self.ok + self.failed()
    }

    fn print(&self, started: Instant, skipped: u64, results: &std::path::Path, interrupted: bool) {
        let elapsed = started.elapsed().as_secs_f64();
        let rate = self.rows() as f64 / elapsed.max(0.001);
        let kinds: Vec<String> = self
            .failed_by_kind
            .iter()
            .map(|(kind, n)| format!("{kind}: {n}"))
            .collect();
        let state = if interrupted { "stopped" } else { "finished" };
        eprintln!(
            "import {state}: {} row(s) in {elapsed:.1}s ({rate:.0} rows/s)",
            self.rows()
        );
        eprintln!(
            "  sent     {} ({} replaced earlier feedback)",
            self.ok, self.updated
        );
        if kinds.is_empty() {
            eprintln!("  failed   0");
        } else {
            eprintln!("  failed   {} ({})", self.failed(), kinds.join(", "));
        }
        if skipped > 0 {
            eprintln!("  skipped  {skipped} (sent in an earlier run)");
        }
        eprintln!("  results  {}", results.display());
    }
}

//! `wonderchat import`: reader thread → bounded channel → concurrent,
//! rate-limited senders → results file, with progress and a summary.
//!
//! What keeps every row accounted for:
//! - the results path is checked before anything is opened for writing
//!   ([`results::check_path`]);
//! - a regular input is read twice: once to check it against the results
//!   file of `--resume` and count its rows, once to send;
//! - rows of one message are sent in file order ([`order`]), and on resume a
//!   row whose message has a later row already sent is skipped;
//! - outcomes are flushed at least every 200 ms, and on every exit path but
//!   `kill -9` before the process ends.

mod input;
mod order;
mod progress;
mod results;

use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use wonderchat::Client;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};
use crate::plumbing::numbers::{count, whole};
use crate::plumbing::signals::{Signals, Stop};
use input::Row;
use progress::Progress;
use results::{Decision, Outcome, ResultsWriter, Resume};

use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// `wonderchat import`.
#[derive(Debug, Args)]
#[command(after_help = "\
Input: CSV with the header messageId,feedback,userComment (userComment may be
left out), or JSON Lines with the same field names. Feedback values: HELPFUL,
NOT_HELPFUL (GOOD and BAD, as exports say them, and helpful and not-helpful
work too). Line numbers are physical
lines (LF, CRLF and CR endings alike); a row longer than --max-row-bytes is
recorded as invalid without being read into memory.

Every row ends in exactly one outcome line in the results file (JSON Lines):
  {\"line\":2,\"messageId\":\"m1\",\"ok\":true,\"wasUpdated\":false,\"attempts\":1}
  {\"line\":3,\"messageId\":\"m2\",\"ok\":false,\"error\":\"message_not_found\",\"message\":\"...\"}
Malformed rows are recorded as failed with error \"invalid_row\"; the rest of
the file still goes through. The results file is never the input, and an
existing one is only continued (--resume) or replaced (--force), never
silently overwritten.

Resuming: after a failure, Ctrl-C, SIGTERM, a crash or kill -9, run the same
command with --resume. Rows recorded as sent are skipped, and so is a row
whose message has a later row already sent (the last row of a message always
wins); every other row is sent. The results file must belong to the input:
each success it records must name the message id of the input row on that
line, or the import stops before sending anything (exit 2).

Signals: the first Ctrl-C or SIGTERM stops reading and starting requests, lets
those in flight finish, records them and prints the summary (exit 130 or
143); a second one records what has been answered and exits at once.

Rate: by default the send rate adapts: when more than 5% of answers are 429,
the whole import slows down to what the server accepts, then speeds up again.
--rate caps new rows per second on top; --no-adapt turns adaptation off.

Examples:
  wonderchat --mock import rows.csv
  wonderchat import rows.csv --resume
  cat rows.jsonl | wonderchat import - --format jsonl --results out.jsonl")]
pub(crate) struct ImportArgs {
    /// The input file, or - for standard input.
    pub input: PathBuf,

    /// The input format; by default from the extension (.csv, .jsonl/.ndjson).
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: u32,

    /// At most this many new requests per second (retries come on top,
    /// paced by the server's Retry-After).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate: Option<u32>,

    /// Do not adapt the send rate to the server's 429 answers.
    #[arg(long)]
    pub no_adapt: bool,

    /// Where to write one outcome per row (default: the input's name with
    /// .results.jsonl, or wonderchat-import.results.jsonl in the current
    /// directory for standard input and other non-files).
    #[arg(long, value_name = "FILE")]
    pub results: Option<PathBuf>,

    /// Continue an earlier import: skip the rows its results file records
    /// as sent (checked against the input), and append to it.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,

    /// Overwrite an existing results file.
    #[arg(long)]
    pub force: bool,

    /// Read and check the whole input, print each row's outcome (valid or
    /// invalid_row) as a JSON line on stdout, and send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Rows longer than this many bytes are recorded as invalid.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024, value_parser = clap::value_parser!(u64).range(64..=(1 << 30)))]
    pub max_row_bytes: u64,
}

/// Input formats of `import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Rows read ahead of the senders; with the row size limit, bounds memory
/// whatever the file size.
const READ_AHEAD: usize = 256;

/// Rows that may wait (for a retry, or behind an earlier row of their
/// message) beyond the `--concurrency` requests on the wire.
const WAITING_ROWS: usize = 256;

/// How often recorded outcomes are written out, at the latest.
const FLUSH_EVERY: Duration = Duration::from_millis(200);

/// Runs an import.
pub(crate) async fn run(global: &GlobalArgs, args: ImportArgs) -> Result<(), CliError> {
    let mut signals = Signals::new()
        .map_err(|e| CliError::Usage(format!("cannot listen for Ctrl-C and SIGTERM: {e}")))?;
    let format = input::detect_format(&args.input, args.format)?;
    let max_row_bytes = usize::try_from(args.max_row_bytes).unwrap_or(usize::MAX);
    let results_path = args
        .results
        .clone()
        .unwrap_or_else(|| results::default_path(&args.input));
    let rows = input::open(&args.input, format, max_row_bytes)?;
    if !args.dry_run {
        results::check_path(&args.input, &results_path, args.resume, args.force)?;
    }
    let resume = if args.resume {
        Resume::load(&results_path)?
    } else {
        Resume::default()
    };
    // A file can be read twice: check it against the results first, so that
    // a mismatch stops the import before anything is sent.
    let total = if input::is_regular_file(&args.input) {
        Some(precheck(&args.input, format, max_row_bytes, &resume)?)
    } else {
        None
    };
    if args.dry_run {
        return dry_run(rows, &resume, &args, global);
    }
    let target = connect(
        global,
        Usage::Bulk {
            adaptive: !args.no_adapt,
            in_flight: args.concurrency as usize,
        },
    )
    .await?;
    let mut writer = ResultsWriter::open(&results_path, args.resume)?;
    if args.resume && !global.quiet {
        eprintln!(
            "resuming: {} already sent according to {}",
            count(resume.len() as u64, "row", "rows"),
            results_path.display()
        );
    }

    let cancel = CancellationToken::new();
    let counts = Arc::new(SkipCounts::default());
    let (tx, rx) = mpsc::channel::<Row>(READ_AHEAD);
    let reader = std::thread::spawn({
        let (cancel, counts, input) = (cancel.clone(), Arc::clone(&counts), args.input.clone());
        move || read_rows(rows, &resume, &input, &tx, &cancel, &counts)
    });

    let limiter = args.rate.map(|rate| {
        let rate = NonZeroU32::new(rate).unwrap_or(NonZeroU32::MIN);
        // No burst: requests are spaced evenly from the start.
        RateLimiter::direct(Quota::per_second(rate).allow_burst(NonZeroU32::MIN))
    });
    let client = &target.client;
    let limiter = limiter.as_ref();
    let sequencer = order::Sequencer::default();
    let sequencer = &sequencer;
    let cancelled = &cancel;
    // Stop taking rows as soon as a stop is asked for, even while the input
    // is idle; rows taken but not started yet are dropped unsent.
    let outcomes = tokio_stream_from(rx)
        .take_until(cancel.clone().cancelled_owned())
        .map(|row| {
            // Tickets are taken here, in file order.
            let ticket = row
                .parsed
                .as_ref()
                .ok()
                .map(|e| sequencer.ticket(&e.message_id));
            (row, ticket)
        })
        .map(|(row, ticket)| send(client, limiter, sequencer, cancelled, row, ticket))
        // More rows under way than requests on the wire: a row waiting for
        // its Retry-After or backoff does not hold up the others.
        .buffer_unordered(args.concurrency as usize + WAITING_ROWS);
    let mut outcomes = std::pin::pin!(outcomes);

    let started = Instant::now();
    let mut tally = Tally::default();
    let mut progress = Progress::new(global.quiet, total);
    let mut flush = tokio::time::interval(FLUSH_EVERY);
    flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut stopped: Option<Stop> = None;
    loop {
        tokio::select! {
            stop = signals.recv() => {
                if stopped.is_some() {
                    // A second signal: keep what is recorded, leave now.
                    let flushed = writer.flush();
                    progress.finish();
                    eprintln!(
                        "\n{}: stopped at once; answered rows are recorded in {} — run the \
                         same command with --resume to send the rest",
                        stop.name(),
                        writer.path().display()
                    );
                    flushed?;
                    return Err(CliError::Stopped(stop));
                }
                stopped = Some(stop);
                cancel.cancel();
                // Rows waiting inside the client (for a turn, a backoff or a
                // rate slot) are not sent either; they have no record.
                client.shutdown();
                progress.suspend(|| eprintln!(
                    "\n{}: finishing the requests in flight ({} again to quit at once)",
                    stop.name(),
                    stop.name()
                ));
            }
            next = outcomes.next() => match next {
                Some(Some(outcome)) => {
                    writer.write(&outcome)?;
                    tally.add(&outcome);
                    progress.update(tally.rows() + counts.skipped(), tally.failed());
                }
                Some(None) => {}
                None => break,
            },
            _ = flush.tick() => writer.flush()?,
        }
    }
    writer.flush()?;
    progress.finish();

    let read = if cancel.is_cancelled() && stopped.is_some() {
        // The reader may be blocked on an idle pipe: leave it.
        Ok(())
    } else {
        reader.join().unwrap_or_else(|_| {
            Err(CliError::Failed(
                "the input reader stopped unexpectedly".to_owned(),
            ))
        })
    };
    let summary = tally.summary(started, &counts, writer.path(), stopped.map(Stop::name));
    summary.print(global.json)?;

    if let Some(stop) = stopped {
        eprintln!(
            "stopped: rows not recorded in {} were not sent; to send them run: {}",
            writer.path().display(),
            resume_command()
        );
        return Err(CliError::Stopped(stop));
    }
    match read {
        Err(CliError::Failed(e)) => {
            return Err(CliError::Failed(format!(
                "{e}; rows read so far are recorded in {} — fix the input, then run: {}",
                writer.path().display(),
                resume_command()
            )));
        }
        Err(other) => return Err(other),
        Ok(()) => {}
    }
    if tally.failed() > 0 {
        let invalid = tally.failed_by_kind.get(INVALID_ROW).copied().unwrap_or(0);
        let unsent = tally.failed() - invalid;
        let what = format!(
            "{} of {} failed; see {}",
            whole(tally.failed()),
            count(tally.rows(), "row", "rows"),
            writer.path().display()
        );
        // `--resume` sends again what could not be sent; it cannot fix a row.
        return Err(CliError::Failed(match (invalid, unsent) {
            (_, 0) => format!(
                "{what}. {} invalid: fix {} in the input and import again (--resume cannot \
                 fix a row)",
                if invalid == 1 { "It is" } else { "They are" },
                if invalid == 1 { "it" } else { "them" }
            ),
            (0, _) => format!("{what}. To retry just those, run: {}", resume_command()),
            (_, _) => format!(
                "{what}. {} invalid (fix them in the input); to retry the {} that could \
                 not be sent, run: {}",
                count(invalid, "is", "are"),
                whole(unsent),
                resume_command()
            ),
        }));
    }
    Ok(())
}

/// Rows taken from the read-ahead channel at once, at most.
const RECEIVE_BATCH: usize = 64;

/// A receiver as a stream. Items are taken from the channel in batches of
/// whatever is there (up to [`RECEIVE_BATCH`]): the reader thread, blocked
/// on a full channel, is then woken once per batch instead of once per row
/// (a futex wake and two context switches each, about 15% of an import's
/// CPU in a profile), while a slow pipe's rows are never held back.
fn tokio_stream_from<T>(mut rx: mpsc::Receiver<T>) -> impl futures_util::Stream<Item = T> {
    let mut ready = std::collections::VecDeque::with_capacity(RECEIVE_BATCH);
    let mut batch = Vec::with_capacity(RECEIVE_BATCH);
    futures_util::stream::poll_fn(move |cx| {
        if ready.is_empty() {
            match rx.poll_recv_many(cx, &mut batch, RECEIVE_BATCH) {
                std::task::Poll::Pending => return std::task::Poll::Pending,
                // Closed and drained.
                std::task::Poll::Ready(0) => return std::task::Poll::Ready(None),
                std::task::Poll::Ready(_) => ready.extend(batch.drain(..)),
            }
        }
        std::task::Poll::Ready(ready.pop_front())
    })
}

/// Rows skipped on resume, counted by the reader thread.
#[derive(Default)]
struct SkipCounts {
    done: AtomicU64,
    superseded: AtomicU64,
}

impl SkipCounts {
    /// Counts a row that resuming skips; `false` for one to send.
    fn skips(&self, decision: Decision) -> bool {
        let counter = match decision {
            Decision::Send => return false,
            Decision::Done => &self.done,
            Decision::Superseded(_) => &self.superseded,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        true
    }

    fn skipped(&self) -> u64 {
        self.done.load(Ordering::Relaxed) + self.superseded.load(Ordering::Relaxed)
    }
}

/// The reader thread: checks each row against the resume state and passes
/// on the ones to send. A mismatch stops the whole import (nothing more is
/// started); a read error ends the input.
fn read_rows(
    rows: input::Rows,
    resume: &Resume,
    input: &Path,
    tx: &mpsc::Sender<Row>,
    cancel: &CancellationToken,
    counts: &SkipCounts,
) -> Result<(), CliError> {
    let mut check = resume.check();
    for row in rows {
        let row = row.map_err(CliError::Failed)?;
        let decision = check.row(&row, input).inspect_err(|_| cancel.cancel())?;
        if counts.skips(decision) {
            continue;
        }
        if cancel.is_cancelled() || tx.blocking_send(row).is_err() {
            return Ok(());
        }
    }
    check.finish(input).inspect_err(|_| cancel.cancel())
}

/// Reads a regular input once before sending: checks it against the resume
/// state and counts its rows.
fn precheck(
    path: &Path,
    format: Format,
    max_row_bytes: usize,
    resume: &Resume,
) -> Result<u64, CliError> {
    let mut check = resume.check();
    let mut count = 0;
    for row in input::open(path, format, max_row_bytes)? {
        let row = row.map_err(CliError::Usage)?;
        check.row(&row, path)?;
        count += 1;
    }
    check.finish(path)?;
    Ok(count)
}

/// `--dry-run`: every row's outcome on stdout, nothing sent.
fn dry_run(
    rows: input::Rows,
    resume: &Resume,
    args: &ImportArgs,
    global: &GlobalArgs,
) -> Result<(), CliError> {
    let started = Instant::now();
    let mut check = resume.check();
    let (mut tally, counts) = (Tally::default(), SkipCounts::default());
    let mut out = String::new();
    for row in rows {
        let row = row.map_err(CliError::Failed)?;
        if counts.skips(check.row(&row, &args.input)?) {
            continue;
        }
        let outcome = match row.parsed {
            Ok(entry) => Outcome {
                line: row.line,
                message_id: Some(entry.message_id),
                ok: true,
                was_updated: None,
                attempts: None,
                error: None,
                message: None,
            },
            Err(bad) => invalid(row.line, bad),
        };
        tally.add(&outcome);
        out.push_str(&crate::plumbing::output::json(&outcome)?);
        out.push('\n');
        if out.len() > 64 * 1024 {
            crate::plumbing::output::write_stdout(&std::mem::take(&mut out))?;
        }
    }
    check.finish(&args.input)?;
    crate::plumbing::output::write_stdout(&out)?;
    let mut summary = tally.summary(started, &counts, Path::new(""), None);
    summary.dry_run = true;
    summary.results = None;
    summary.print(global.json)?;
    if tally.failed() > 0 {
        return Err(CliError::Failed(format!(
            "{} of {} invalid",
            whole(tally.failed()),
            count(tally.rows(), "row is", "rows are")
        )));
    }
    Ok(())
}

/// The error kind of a row that cannot be sent as it is.
const INVALID_ROW: &str = "invalid_row";

fn invalid(line: u64, bad: input::RowError) -> Outcome {
    Outcome {
        line,
        message_id: bad.message_id,
        ok: false,
        was_updated: None,
        attempts: None,
        error: Some(INVALID_ROW.to_owned()),
        message: Some(format!("line {line}: {}", bad.message)),
    }
}

/// Sends one row (or records why it cannot be sent); `None` when a stop
/// came before its request started (it is sent on resume).
async fn send(
    client: &Client,
    limiter: Option<&DefaultDirectRateLimiter>,
    sequencer: &order::Sequencer,
    cancel: &CancellationToken,
    row: Row,
    ticket: Option<order::Ticket>,
) -> Option<Outcome> {
    let entry = match row.parsed {
        Ok(entry) => entry,
        Err(bad) => return Some(invalid(row.line, bad)),
    };
    // Earlier rows of the same message go first.
    let _turn = match ticket {
        Some(ticket) => Some(cancel.run_until_cancelled(sequencer.turn(ticket)).await?),
        None => None,
    };
    if let Some(limiter) = limiter {
        cancel.run_until_cancelled(limiter.until_ready()).await?;
    }
    if cancel.is_cancelled() {
        return None;
    }
    let mut request = client.update_message_feedback(entry.message_id.as_str(), entry.feedback);
    if let Some(comment) = entry.comment {
        request = request.comment(comment);
    }
    let result = request.send().await;
    if let Err(wonderchat::Error::Cancelled { .. }) = result {
        return None;
    }
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
            Some(crate::error::message(&e, crate::error::Audience::Cli)),
        ),
    };
    Some(Outcome {
        line: row.line,
        message_id: Some(entry.message_id),
        ok,
        was_updated,
        attempts,
        error,
        message,
    })
}

/// The command to run to continue this import: the same arguments with
/// `--resume` (and without `--force`, `--dry-run` or a key on the command line).
fn resume_command() -> String {
    let mut words = vec!["wonderchat".to_owned()];
    let mut args = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    let mut has_resume = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--force" | "--dry-run" => continue,
            "--api-key" => {
                args.next();
                continue;
            }
            a if a.starts_with("--api-key=") => continue,
            "--resume" => has_resume = true,
            _ => {}
        }
        words.push(arg);
    }
    if !has_resume {
        words.push("--resume".to_owned());
    }
    words
        .iter()
        .map(|w| shlex::try_quote(w).map_or_else(|_| w.clone(), |q| q.into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
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

    fn summary(
        &self,
        started: Instant,
        counts: &SkipCounts,
        results: &Path,
        stopped_by: Option<&'static str>,
    ) -> Summary {
        Summary {
            rows: self.rows(),
            sent: self.ok,
            replaced: self.updated,
            failed: self.failed(),
            failed_by_kind: self.failed_by_kind.clone(),
            skipped: counts.done.load(Ordering::Relaxed),
            superseded: counts.superseded.load(Ordering::Relaxed),
            results: Some(results.display().to_string()),
            seconds: started.elapsed().as_secs_f64(),
            stopped_by,
            dry_run: false,
        }
    }
}

/// The end-of-import report, for people (stderr) or as JSON (stdout).
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    /// Rows given an outcome in this run.
    rows: u64,
    /// Rows stored by the server (with `--dry-run`: valid rows).
    sent: u64,
    /// Of those, rows that replaced earlier feedback.
    replaced: u64,
    /// Rows that failed.
    failed: u64,
    /// Failed rows by error kind.
    failed_by_kind: BTreeMap<String, u64>,
    /// Rows skipped because an earlier run sent them.
    skipped: u64,
    /// Rows skipped because a later row of their message was sent.
    superseded: u64,
    /// The results file.
    results: Option<String>,
    /// How long the run took.
    seconds: f64,
    /// The signal that stopped the import, if one did.
    stopped_by: Option<&'static str>,
    /// Whether this was a dry run.
    dry_run: bool,
}

impl Summary {
    fn print(&self, json: bool) -> Result<(), CliError> {
        if json {
            return crate::plumbing::output::write_stdout(&format!(
                "{}\n",
                crate::plumbing::output::json(self)?
            ));
        }
        let rate = self.rows as f64 / self.seconds.max(0.001);
        let state = match (self.dry_run, self.stopped_by) {
            (true, _) => "checked (dry run, nothing sent)",
            (false, Some(_)) => "stopped",
            (false, None) => "finished",
        };
        eprintln!(
            "import {state}: {} in {:.1}s ({} rows/s)",
            count(self.rows, "row", "rows"),
            self.seconds,
            whole(rate.round() as u64)
        );
        let sent = if self.dry_run { "valid  " } else { "sent   " };
        eprintln!(
            "  {sent}  {} ({} replaced earlier feedback)",
            self.sent, self.replaced
        );
        if self.failed_by_kind.is_empty() {
            eprintln!("  failed   0");
        } else {
            let kinds: Vec<String> = self
                .failed_by_kind
                .iter()
                .map(|(kind, n)| format!("{kind}: {n}"))
                .collect();
            eprintln!("  failed   {} ({})", self.failed, kinds.join(", "));
        }
        if self.skipped > 0 {
            eprintln!("  skipped  {} (sent in an earlier run)", self.skipped);
        }
        if self.superseded > 0 {
            eprintln!(
                "  skipped  {} (a later row of the same message was sent)",
                self.superseded
            );
        }
        if let Some(results) = &self.results {
            eprintln!("  results  {results}");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

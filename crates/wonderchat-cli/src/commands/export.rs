//! `wonderchat export`: chatlogs streamed to a file (written whole or not
//! at all) or stdout, as JSON Lines or CSV with safe cells.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use futures_util::StreamExt;
use wonderchat::printable;
use wonderchat_insights::format::{self, CellGuard};

use crate::actions::export::request;
use crate::cli::{GlobalArgs, TimeRange};
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};
use crate::plumbing::files::OutputFile;
use crate::plumbing::numbers::{count, whole};
use crate::plumbing::output::{json, write_stdout};

/// `wonderchat export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Only this chatbot's chatlogs (default: every chatbot of the account).
    #[arg(long, value_name = "ID")]
    pub chatbot: Option<String>,

    #[command(flatten)]
    pub range: TimeRange,

    /// jsonl: one chatlog per line; csv: one row per question/answer pair,
    /// the chatlog's fields repeated.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,

    /// Write here instead of stdout. The file is replaced only when the
    /// export is complete: on a failure it is left as it was.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// On a failure, keep what was exported so far as FILE.partial (with -o).
    #[arg(long, requires = "output")]
    pub keep_partial: bool,

    /// Stop an export that takes longer than this many seconds in all (the
    /// idle timeout bounds each wait for data) [default: no limit].
    #[arg(long, value_name = "SECS")]
    pub max_time: Option<f64>,

    /// CSV: write cells exactly as received. By default a cell starting
    /// with = + - @ (a spreadsheet formula) gets a leading ' (OWASP's advice
    /// against CSV injection), and on a terminal control characters are
    /// escaped; use this for programs that read the CSV.
    #[arg(long)]
    pub raw_cells: bool,
}

/// Formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One JSON object per chatlog per line.
    Jsonl,
    /// One row per question/answer pair.
    Csv,
}

/// Where an export goes: a file written whole or not at all (or a pipe or
/// device, written into), or stdout.
enum Sink {
    File(OutputFile),
    Stdout(std::io::Stdout),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(f) => f.write(buf),
            Sink::Stdout(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.flush(),
            Sink::Stdout(s) => s.flush(),
        }
    }
}

/// Why an export stopped early.
enum Stop {
    /// The API or the stream failed.
    Api(wonderchat::Error),
    /// Writing failed.
    Write(std::io::Error),
}

/// `export`: chatlogs streamed to a file or stdout, one at a time. A file
/// is replaced only when the export is complete.
pub(crate) async fn run(global: &GlobalArgs, args: ExportArgs) -> Result<(), CliError> {
    args.range.check()?;
    let max_time = args
        .max_time
        .map(|secs| crate::plumbing::connect::seconds("--max-time", secs))
        .transpose()?;
    let target = connect(global, Usage::Interactive).await?;
    let mut export = request(
        &target.client,
        args.chatbot.as_deref(),
        args.range.since,
        args.range.until,
        global.max_response_size,
    );
    if max_time.is_some() {
        export = export.stream_timeout(max_time);
    }
    let sink = match &args.output {
        // An existing file keeps its mode; a new one is private (an
        // export holds users' e-mail addresses and phone numbers).
        Some(path) => Sink::File(OutputFile::create(path, 0o600).map_err(|e| {
            CliError::Usage(format!(
                "cannot write {}: {e}",
                printable(&path.display().to_string())
            ))
        })?),
        None => Sink::Stdout(std::io::stdout()),
    };
    let mut chatlogs = export.send().await?;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, sink);
    let csv = args.format == ExportFormat::Csv;
    let guard = CellGuard {
        terminal: args.output.is_none() && std::io::stdout().is_terminal(),
        formulas: !args.raw_cells,
    };
    let progress = std::io::stderr().is_terminal() && !global.quiet && args.output.is_some();
    let (started, mut shown, mut written) = (Instant::now(), Instant::now(), 0u64);
    let mut stop = None;
    if csv && let Err(e) = format::csv::write_header(&mut out) {
        stop = Some(Stop::Write(e));
    }
    while stop.is_none() {
        let Some(chatlog) = chatlogs.next().await else {
            break;
        };
        let outcome = match chatlog {
            Err(e) => Err(Stop::Api(e)),
            Ok(chatlog) if csv => {
                format::csv::write(&mut out, &chatlog, written + 1, guard).map_err(Stop::Write)
            }
            Ok(chatlog) => format::jsonl::write(&mut out, &chatlog).map_err(Stop::Write),
        };
        match outcome {
            Ok(()) => written += 1,
            Err(e) => stop = Some(e),
        }
        if progress && shown.elapsed() >= Duration::from_secs(1) {
            shown = Instant::now();
            eprint!("\rexported {} chatlogs", whole(written));
        }
    }
    if stop.is_none()
        && let Err(e) = out.flush()
    {
        stop = Some(Stop::Write(e));
    }
    if progress {
        eprint!("\r");
    }
    let sink = out.into_inner().map_err(|e| e.into_error());
    match (stop, sink, &args.output) {
        // A closed stdout (`| head`) is a normal end.
        (Some(Stop::Write(e)), _, None) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        (None, Ok(_), None) => Ok(()),
        (None, Err(e), None) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        (stop, _, None) => Err(export_failed(
            stop,
            written,
            "were written to stdout before it",
        )),
        (None, Ok(Sink::File(file)), Some(path)) => {
            file.commit()
                .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
            let seconds = started.elapsed().as_secs_f64();
            if global.json {
                let value = serde_json::json!({"chatlogs": written, "output": path.display().to_string(), "seconds": seconds});
                write_stdout(&format!("{}\n", json(&value)?))?;
            } else if !global.quiet {
                eprintln!(
                    "exported {} to {} in {seconds:.1}s",
                    count(written, "chatlog", "chatlogs"),
                    printable(&path.display().to_string()),
                );
            }
            Ok(())
        }
        (stop, sink, Some(path)) => {
            let shown = printable(&path.display().to_string());
            let kept = match sink {
                Ok(Sink::File(OutputFile::Into(_))) => format!("were written into {shown}"),
                Ok(Sink::File(file)) if args.keep_partial => {
                    let mut partial = path.clone().into_os_string();
                    partial.push(".partial");
                    let partial = std::path::PathBuf::from(partial);
                    file.keep_as(&partial).map_err(|e| {
                        CliError::Failed(format!("cannot keep {}: {e}", partial.display()))
                    })?;
                    format!(
                        "are in {} (partial); {shown} is unchanged",
                        printable(&partial.display().to_string())
                    )
                }
                _ => format!(
                    "were read, but {shown} is unchanged (--keep-partial keeps them in \
                     {shown}.partial)"
                ),
            };
            Err(export_failed(stop, written, &kept))
        }
    }
}

/// An export that stopped: its cause, and what became of the chatlogs
/// before it (`fate` completes "N chatlog(s) ...").
fn export_failed(stop: Option<Stop>, written: u64, fate: &str) -> CliError {
    let cause = match stop {
        Some(Stop::Api(wonderchat::Error::ResponseTooLarge { limit, .. })) => format!(
            "a chatlog of the export is larger than {} bytes; raise --max-response-size",
            limit.unwrap_or_default()
        ),
        Some(Stop::Api(e)) => crate::error::message(&e, crate::error::Audience::Cli),
        Some(Stop::Write(e)) => format!("cannot write the export: {e}"),
        None => "cannot write the export".to_owned(),
    };
    CliError::Failed(format!(
        "{cause}. The export stopped: {} {fate}",
        count(written, "chatlog", "chatlogs")
    ))
}

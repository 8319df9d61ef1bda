//! `wonderchat export`: chatlogs streamed to a file (written whole or not
//! at all) or stdout, as JSON Lines or CSV with safe cells.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use wonderchat::{Chatlog, printable};

use crate::CliError;
use crate::args::{ExportArgs, ExportFormat, GlobalArgs};
use crate::connect::{Usage, connect};
use crate::files::OutputFile;
use crate::output::{CellGuard, cell, json};

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

/// The export of `chatbot`'s chatlogs (every chatbot's without one)
/// between `since` and `until`, each chatlog at most `max_chatlog_bytes`
/// (the SDK's default without): what `export`, `report` and the MCP tools
/// ask for.
pub(crate) fn request<'a>(
    client: &'a wonderchat::Client,
    chatbot: Option<&str>,
    since: Option<chrono::DateTime<chrono::Utc>>,
    until: Option<chrono::DateTime<chrono::Utc>>,
    max_chatlog_bytes: Option<usize>,
) -> wonderchat::ExportBuilder<'a> {
    let mut export = client.export_chatlogs();
    if let Some(chatbot) = chatbot {
        export = export.chatbot(chatbot);
    }
    if let Some(since) = since {
        export = export.since(since);
    }
    if let Some(until) = until {
        export = export.until(until);
    }
    if let Some(bytes) = max_chatlog_bytes {
        export = export.max_chatlog_bytes(bytes);
    }
    export
}

/// `export`: chatlogs streamed to a file or stdout, one at a time. A file
/// is replaced only when the export is complete.
pub(crate) async fn run(global: &GlobalArgs, args: ExportArgs) -> Result<(), CliError> {
    args.range.check()?;
    let max_time = args
        .max_time
        .map(|secs| crate::connect::seconds("--max-time", secs))
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
    let mut chatlogs = export.stream().await?;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, sink);
    let csv = args.format == ExportFormat::Csv;
    let guard = CellGuard {
        terminal: args.output.is_none() && std::io::stdout().is_terminal(),
        formulas: !args.raw_cells,
    };
    let progress = std::io::stderr().is_terminal() && !global.quiet && args.output.is_some();
    let (started, mut shown, mut count) = (Instant::now(), Instant::now(), 0u64);
    let mut stop = None;
    if csv {
        let header = csv_record(wonderchat_insights::read::COLUMNS.iter().copied())?;
        if let Err(e) = out.write_all(&header) {
            stop = Some(Stop::Write(e));
        }
    }
    while stop.is_none() {
        let Some(chatlog) = chatlogs.next().await else {
            break;
        };
        let written = match chatlog {
            Err(e) => Err(Stop::Api(e)),
            Ok(chatlog) if csv => out
                .write_all(&csv_rows(&chatlog, guard)?)
                .map_err(Stop::Write),
            Ok(chatlog) => crate::output::write_json(&mut out, &chatlog)
                .and_then(|()| out.write_all(b"\n"))
                .map_err(Stop::Write),
        };
        match written {
            Ok(()) => count += 1,
            Err(e) => stop = Some(e),
        }
        if progress && shown.elapsed() >= Duration::from_secs(1) {
            shown = Instant::now();
            eprint!("\rexported {} chatlogs", crate::import::whole(count));
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
            count,
            "were written to stdout before it",
        )),
        (None, Ok(Sink::File(file)), Some(path)) => {
            file.commit()
                .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
            let seconds = started.elapsed().as_secs_f64();
            if global.json {
                let value = serde_json::json!({"chatlogs": count, "output": path.display().to_string(), "seconds": seconds});
                crate::write_stdout(&format!("{}\n", json(&value)?))?;
            } else if !global.quiet {
                eprintln!(
                    "exported {} chatlog(s) to {} in {seconds:.1}s",
                    crate::import::whole(count),
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
            Err(export_failed(stop, count, &kept))
        }
    }
}

/// An export that stopped: its cause, and what became of the chatlogs
/// before it (`fate` completes "N chatlog(s) ...").
fn export_failed(stop: Option<Stop>, count: u64, fate: &str) -> CliError {
    let cause = match stop {
        Some(Stop::Api(wonderchat::Error::ResponseTooLarge { limit, .. })) => format!(
            "a chatlog of the export is larger than {} bytes; raise --max-response-size",
            limit.unwrap_or_default()
        ),
        Some(Stop::Api(e)) => crate::cli_message(&e),
        Some(Stop::Write(e)) => format!("cannot write the export: {e}"),
        None => "cannot write the export".to_owned(),
    };
    CliError::Failed(format!(
        "{cause}. The export stopped: {} chatlog(s) {fate}",
        crate::import::whole(count)
    ))
}

/// One CSV record, quoted as needed.
fn csv_record<'a>(fields: impl IntoIterator<Item = &'a str>) -> Result<Vec<u8>, CliError> {
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    csv.write_record(fields)
        .map_err(|e| CliError::Failed(format!("cannot write CSV: {e}")))?;
    csv.into_inner()
        .map_err(|e| CliError::Failed(format!("cannot write CSV: {e}")))
}

/// One row per question/answer pair, the chatlog's fields repeated (one
/// row with empty pair fields for a chatlog without messages); every cell
/// made safe as `guard` says.
fn csv_rows(chatlog: &Chatlog, guard: CellGuard) -> Result<Vec<u8>, CliError> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let base = [
        chatlog.chatbot_id.clone(),
        chatlog
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        opt(&chatlog.user_email),
        opt(&chatlog.user_phone_number),
        opt(&chatlog.user_name),
        opt(&chatlog.country_code),
        opt(&chatlog.user_feedback),
        chatlog
            .average_confidence
            .map(|c| c.to_string())
            .unwrap_or_default(),
        opt(&chatlog.ai_resolution_state),
        opt(&chatlog.initial_page_url),
    ];
    let pairs: Vec<[String; 3]> = if chatlog.messages.is_empty() {
        vec![Default::default()]
    } else {
        chatlog
            .messages
            .iter()
            .map(|exchange| {
                [
                    exchange
                        .created_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    opt(&exchange.user_message),
                    opt(&exchange.bot_message),
                ]
            })
            .collect()
    };
    let mut rows = Vec::new();
    for pair in &pairs {
        let row = base.iter().chain(pair).map(|c| cell(c, guard));
        rows.extend(csv_record(
            row.collect::<Vec<_>>().iter().map(|c| c.as_ref()),
        )?);
    }
    Ok(rows)
}

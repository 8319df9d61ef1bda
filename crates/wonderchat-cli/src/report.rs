//! `wonderchat report`: what the feedback says, from the API (an export
//! streamed into the analysis) or from an export file, as text, Markdown,
//! JSON or an HTML page (`wonderchat-insights` does the counting and the
//! rendering).

use std::io::{BufRead, IsTerminal, Write};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use wonderchat::low_level::types;
use wonderchat_insights::read::{self, ReadStats};
use wonderchat_insights::{Aggregator, OptionField, Options, OptionsError, render};

use crate::CliError;
use crate::args::{GlobalArgs, ReportArgs, ReportFormat};
use crate::connect::{Usage, connect};
use crate::files::OutputFile;

/// Runs `report`.
pub(crate) async fn run(global: &GlobalArgs, args: ReportArgs) -> Result<(), CliError> {
    args.range.check()?;
    let format = args.format.unwrap_or_else(|| {
        let extension = args
            .output
            .as_ref()
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("html" | "htm") => ReportFormat::Html,
            Some("json") => ReportFormat::Json,
            Some("md") => ReportFormat::Md,
            _ => ReportFormat::Text,
        }
    });
    if let (Some(from), Some(output)) = (&args.from, &args.output) {
        crate::files::refuse_same_file(from, output, "--from and -o")?;
    }
    let options = Options {
        since: args.range.since,
        until: args.range.until,
        low_confidence: args.low_confidence,
        compare_previous: args.compare.is_some(),
        now: chrono::Utc::now(),
    };
    let mut aggregator = Aggregator::new(options.clone()).map_err(options_error)?;
    let stats = match &args.from {
        Some(path) => from_file(
            path,
            &mut aggregator,
            global
                .max_response_size
                .unwrap_or(read::DEFAULT_MAX_RECORD_BYTES),
            progress(global),
        )?,
        None => from_api(global, &args, &options, &mut aggregator).await?,
    };
    let report = aggregator.finish(stats);
    let escape = |s: &str| wonderchat::printable(s);
    let text = match format {
        ReportFormat::Text => render::text(&report, &escape),
        ReportFormat::Md => render::markdown(&report, &escape),
        ReportFormat::Json => format!("{}\n", crate::output::json(&report)?),
        ReportFormat::Html => render::html(&report)
            .map_err(|e| CliError::Failed(format!("cannot render the page: {e}")))?,
    };
    match &args.output {
        None => crate::write_stdout(&text),
        Some(path) => {
            let fail = |e: std::io::Error| {
                CliError::Failed(format!(
                    "cannot write {}: {e}",
                    wonderchat::printable(&path.display().to_string())
                ))
            };
            // Reports quote visitors' words: a new file is private.
            let mut file = OutputFile::create(path, 0o600).map_err(fail)?;
            file.write_all(text.as_bytes()).map_err(fail)?;
            file.commit().map_err(fail)?;
            if !global.quiet {
                eprintln!(
                    "wrote the report of {} conversation(s) to {}",
                    report.headline.conversations,
                    wonderchat::printable(&path.display().to_string())
                );
            }
            Ok(())
        }
    }
}

/// Report options that make no report, in the words of the flags.
fn options_error(err: OptionsError) -> CliError {
    let flag = match err.field() {
        OptionField::Since => "--since",
        OptionField::Until => "--until",
        OptionField::LowConfidence => "--low-confidence",
        OptionField::ComparePrevious => "--compare",
        _ => "the options",
    };
    CliError::Usage(format!("{flag}: {err}"))
}

/// Whether to show progress: on a terminal, unless `--quiet`.
fn progress(global: &GlobalArgs) -> bool {
    std::io::stderr().is_terminal() && !global.quiet
}

/// Reads an export file (or stdin) into the aggregation, with progress; a
/// line or row over `max_record_bytes` is skipped unread.
fn from_file(
    path: &std::path::Path,
    aggregator: &mut Aggregator,
    max_record_bytes: usize,
    progress: bool,
) -> Result<ReadStats, CliError> {
    let shown = wonderchat::printable(&path.display().to_string());
    let input: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| CliError::Usage(format!("cannot read {shown}: {e}")))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(CliError::Usage(format!(
                "{shown} is a directory, not an export"
            )));
        }
        Box::new(std::io::BufReader::with_capacity(1 << 16, file))
    };
    let read_error = |e: read::ReadError| {
        let mut text = format!("{shown}: {e}");
        if let Some(cause) = std::error::Error::source(&e) {
            text.push_str(&format!(": {cause}"));
        }
        CliError::Usage(wonderchat::printable(&text))
    };
    let (input, format) = read::open(input, path.to_str()).map_err(read_error)?;
    let (mut tick, mut count) = (Instant::now(), 0u64);
    let read = read::read(input, format, max_record_bytes, |chatlog| {
        aggregator.add(&chatlog);
        count += 1;
        if progress && count.is_multiple_of(4096) && tick.elapsed() >= Duration::from_secs(1) {
            tick = Instant::now();
            eprint!("\rread {} chatlogs", crate::import::whole(count));
        }
    });
    if progress {
        eprint!("\r");
    }
    read.map_err(read_error)
}

/// Streams the account's chatlogs (of the period and, with --compare, the
/// one before) into the aggregation, with progress on a terminal.
async fn from_api(
    global: &GlobalArgs,
    args: &ReportArgs,
    options: &Options,
    aggregator: &mut Aggregator,
) -> Result<ReadStats, CliError> {
    let max_time = args
        .max_time
        .map(|secs| crate::connect::seconds("--max-time", secs))
        .transpose()?;
    let target = connect(global, Usage::Report).await?;
    let mut export = export_for_report(
        &target.client,
        args.chatbot.as_deref(),
        options,
        global.max_response_size,
    )
    .map_err(options_error)?;
    if max_time.is_some() {
        export = export.stream_timeout(max_time);
    }
    let mut chatlogs = export.stream().await?;
    let progress = progress(global);
    let (mut shown, mut stats) = (Instant::now(), ReadStats::default());
    while let Some(chatlog) = chatlogs.next().await {
        aggregator.add(&wire(chatlog?));
        stats.chatlogs += 1;
        if progress && shown.elapsed() >= Duration::from_secs(1) {
            shown = Instant::now();
            eprint!("\rread {} chatlogs", crate::import::whole(stats.chatlogs));
        }
    }
    if progress {
        eprint!("\r");
    }
    Ok(stats)
}

/// The export a report reads: the period's chatlogs and, with a
/// comparison, those of the period of the same length before it.
pub(crate) fn export_for_report<'a>(
    client: &'a wonderchat::Client,
    chatbot: Option<&str>,
    options: &Options,
    max_chatlog_bytes: Option<usize>,
) -> Result<wonderchat::ExportBuilder<'a>, OptionsError> {
    Ok(crate::export::request(
        client,
        chatbot,
        options.read_from()?,
        options.until,
        max_chatlog_bytes,
    ))
}

/// The SDK's chatlog as the export's wire record, which the analysis reads.
pub(crate) fn wire(c: wonderchat::Chatlog) -> types::Chatlog {
    types::Chatlog {
        created_at: c.created_at,
        chatbot_id: c.chatbot_id,
        user_email: c.user_email,
        user_phone_number: c.user_phone_number,
        user_name: c.user_name,
        country_code: c.country_code,
        user_feedback: c.user_feedback,
        average_confidence: c.average_confidence,
        ai_resolution_state: c.ai_resolution_state,
        initial_page_url: c.initial_page_url,
        messages: c
            .messages
            .into_iter()
            .map(|m| types::ChatlogExchange {
                user_message: m.user_message,
                bot_message: m.bot_message,
                created_at: m.created_at,
            })
            .collect(),
    }
}

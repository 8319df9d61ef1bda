//! `wonderchat report`: what the feedback says, from the API (an export
//! streamed into the analysis) or from an export file, as text, Markdown,
//! JSON or an HTML page (`wonderchat-insights` does the counting and the
//! rendering).

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use wonderchat_insights::format::{self, ReadStats};
use wonderchat_insights::{Aggregator, Options, pushdown, render};

use crate::actions;
use crate::cli::{GlobalArgs, TimeRange};
use crate::error::{Audience, CliError};
use crate::plumbing::connect::{Usage, connect, seconds};
use crate::plumbing::files::OutputFile;
use crate::plumbing::numbers::{count, whole};
use crate::plumbing::output::{json, write_stdout};

/// `wonderchat report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Read this export (JSON Lines or CSV, as `wonderchat export` writes,
    /// gzipped or not; - for stdin) instead of exporting from the API.
    #[arg(long, value_name = "FILE|-")]
    pub from: Option<PathBuf>,

    /// Print an SQL script instead, in this engine's dialect, that counts
    /// every figure where the chatlogs already are (a table of the
    /// export's columns: --table) and writes small result tables (into
    /// --tables-dir); --from-aggregates then makes the report of them.
    #[arg(long, value_enum, value_name = "ENGINE", conflicts_with_all = ["from", "format", "max_time"])]
    pub sql: Option<SqlEngine>,

    /// With --sql: the table of chatlogs (letters, digits, _, dotted).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "chatlogs",
        requires = "sql"
    )]
    pub table: String,

    /// With --sql: the folder the engine writes the result tables into.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "wonderchat-aggregates",
        requires = "sql"
    )]
    pub tables_dir: String,

    /// With --sql: how the engine writes the result tables.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        default_value = "jsonl",
        requires = "sql"
    )]
    pub tables_format: TablesFormat,

    /// With --sql: the most frequent groups of first questions sent back
    /// for the topics, languages and requests for a person (the others'
    /// conversations count in every other figure; the report says how
    /// many).
    #[arg(long, value_name = "N", default_value_t = pushdown::DEFAULT_QUESTIONS_LIMIT, requires = "sql")]
    pub questions_limit: u64,

    /// Make the report of the result tables a --sql script wrote into DIR
    /// (the options are the script's).
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with_all = ["from", "sql", "since", "until", "compare", "low_confidence", "chatbot", "max_time"]
    )]
    pub from_aggregates: Option<PathBuf>,

    /// Only this chatbot's chatlogs (from the API or a file).
    #[arg(long, value_name = "ID")]
    pub chatbot: Option<String>,

    #[command(flatten)]
    pub range: TimeRange,

    /// Compare with the period of the same length before --since (its
    /// chatlogs are read too; from the API without --since, the 30 days
    /// before the last 30); changes beyond chance are marked.
    #[arg(long, value_enum, value_name = "WITH")]
    pub compare: Option<CompareWith>,

    /// A conversation whose average confidence is below this counts as failed.
    #[arg(long, value_name = "0..1", default_value_t = 0.5)]
    pub low_confidence: f64,

    /// text (headline and what to fix first), md, json (every figure),
    /// html (a page); default: from -o's extension (.txt, .md, .json,
    /// .html), else text.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,

    /// Write here instead of stdout (replaced only when complete; a pipe or
    /// device is written into). A new file is private (mode 600).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Count the conversations `wonderchat eval` made too (by default they
    /// are left out: those its ledger records).
    #[arg(long, conflicts_with = "from_aggregates")]
    pub include_eval: bool,

    /// The eval ledger(s) to leave out the conversations of [default:
    /// eval-ledger.jsonl beside the config file, or $WONDERCHAT_EVAL_LEDGER].
    #[arg(long, value_name = "FILE", conflicts_with = "include_eval")]
    pub eval_ledger: Vec<PathBuf>,

    /// Also write the knowledge gaps' example questions as an eval suite
    /// (YAML: a case per gap, each to be answered), for `wonderchat eval run`.
    #[arg(long, value_name = "FILE", conflicts_with = "sql")]
    pub eval_suite: Option<PathBuf>,

    /// From the API: stop an export that takes longer than this many
    /// seconds in all (the idle timeout bounds each wait for data)
    /// [default: no limit].
    #[arg(long, value_name = "SECS", conflicts_with = "from")]
    pub max_time: Option<f64>,
}

/// `report --compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompareWith {
    /// The period of the same length just before.
    Previous,
}

/// Engines of `report --sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SqlEngine {
    /// DuckDB (writes DIR/<table>.jsonl).
    Duckdb,
    /// Spark SQL (writes DIR/<table>/part-*.json).
    Spark,
}

/// Formats of the tables of `report --sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TablesFormat {
    /// JSON Lines.
    Jsonl,
    /// CSV with a header.
    Csv,
}

/// Formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// The headline and the top five knowledge gaps.
    Text,
    /// A Markdown summary, for a ticket or a chat.
    Md,
    /// Every figure as one JSON document.
    Json,
    /// One self-contained page (no script, no request to any host).
    Html,
}

/// Runs `report`.
pub(crate) async fn run(global: &GlobalArgs, args: ReportArgs) -> Result<(), CliError> {
    args.range.check()?;
    if let (Some(from), Some(output)) = (&args.from, &args.output) {
        crate::plumbing::files::refuse_same_file(from, output, "--from and -o")?;
    }
    let options = actions::report::options(
        actions::report::Asked {
            since: args.range.since,
            until: args.range.until,
            low_confidence: args.low_confidence,
            compare_previous: args.compare.is_some(),
            chatbot: args.chatbot.clone(),
            from_api: args.from.is_none() && args.sql.is_none(),
        },
        Audience::Cli,
    );
    if let Some(engine) = args.sql {
        let engine = match engine {
            SqlEngine::Duckdb => pushdown::Engine::DuckDb,
            SqlEngine::Spark => pushdown::Engine::Spark,
        };
        let target = pushdown::Target {
            engine,
            table: &args.table,
            dir: &args.tables_dir,
            format: match args.tables_format {
                TablesFormat::Jsonl => pushdown::TableFormat::Jsonl,
                TablesFormat::Csv => pushdown::TableFormat::Csv,
            },
            questions_limit: args.questions_limit,
        };
        let script = pushdown::script(&target, &options).map_err(|e| match e {
            pushdown::ScriptError::Options(e) => {
                CliError::Usage(actions::report::options_error(&e, Audience::Cli))
            }
            other => CliError::Usage(format!("--table: {other}")),
        })?;
        if !args.include_eval
            && !actions::report::eval_ledger(&args.eval_ledger)
                .map_err(CliError::Usage)?
                .is_empty()
            && !global.quiet
        {
            eprintln!(
                "note: the script counts every conversation, those `wonderchat eval` made \
                 included (their ledger is not sent to the engine)"
            );
        }
        return write(global, args.output.as_deref(), &script, || {
            format!("the {} script", engine.name())
        });
    }
    let format = format_of(args.format, args.output.as_deref())?;
    let report = match &args.from_aggregates {
        Some(dir) => pushdown::from_aggregates(dir)
            .map_err(|e| CliError::Usage(crate::error::with_causes(&e)))?,
        None => {
            let mut aggregator =
                actions::report::aggregator(&options, Audience::Cli).map_err(CliError::Usage)?;
            if !args.include_eval {
                aggregator.leave_out_evals(
                    actions::report::eval_ledger(&args.eval_ledger).map_err(CliError::Usage)?,
                );
            }
            let stats = match &args.from {
                Some(path) => from_file(
                    path,
                    &mut aggregator,
                    global
                        .max_response_size
                        .unwrap_or(format::DEFAULT_MAX_RECORD_BYTES),
                    progress(global),
                )?,
                None => from_api(global, &args, &options, &mut aggregator).await?,
            };
            aggregator.finish(stats)
        }
    };
    if let Some(path) = &args.eval_suite {
        let suite = wonderchat_eval::suite::from_gaps(&report, args.chatbot.as_deref());
        write(global, Some(path), &suite, || {
            format!(
                "an eval suite of {}",
                count(
                    report.knowledge_gaps.len() as u64,
                    "knowledge gap",
                    "knowledge gaps"
                )
            )
        })?;
    }
    let escape = |s: &str| wonderchat::printable(s);
    let text = match format {
        ReportFormat::Text => render::text(&report, &escape),
        ReportFormat::Md => render::markdown(&report, &escape),
        ReportFormat::Json => format!("{}\n", json(&report)?),
        ReportFormat::Html => render::html(&report)
            .map_err(|e| CliError::Failed(format!("cannot render the page: {e}")))?,
    };
    write(global, args.output.as_deref(), &text, || {
        format!(
            "the report of {}",
            count(
                report.headline.conversations,
                "conversation",
                "conversations"
            )
        )
    })
}

/// Writes `text` to stdout or `output` (replaced when complete; a new file
/// private), saying what (`what`) was written where.
fn write(
    global: &GlobalArgs,
    output: Option<&std::path::Path>,
    text: &str,
    what: impl FnOnce() -> String,
) -> Result<(), CliError> {
    match output {
        None => write_stdout(text),
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
                    "wrote {} to {}",
                    what(),
                    wonderchat::printable(&path.display().to_string())
                );
            }
            Ok(())
        }
    }
}

/// The format: `--format`, else `-o`'s extension, else text. An extension
/// the report cannot write (`.pdf`), or one that disagrees with
/// `--format`, is a usage error.
fn format_of(
    format: Option<ReportFormat>,
    output: Option<&std::path::Path>,
) -> Result<ReportFormat, CliError> {
    let extension = output
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let by_extension = match extension.as_deref() {
        None => None,
        Some("html" | "htm") => Some(ReportFormat::Html),
        Some("json") => Some(ReportFormat::Json),
        Some("md" | "markdown") => Some(ReportFormat::Md),
        Some("txt" | "text") => Some(ReportFormat::Text),
        Some(other) => {
            return Err(CliError::Usage(format!(
                "-o: the report cannot be written as .{}: use .html, .json, .md or .txt (a PDF: print the .html page)",
                wonderchat::printable(other)
            )));
        }
    };
    match (format, by_extension) {
        (Some(f), Some(e)) if f != e => Err(CliError::Usage(format!(
            "-o has the extension of {} but --format is {}: make them agree",
            name(e),
            name(f)
        ))),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Ok(ReportFormat::Text),
    }
}

/// A format's name as `--format` takes it.
fn name(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Text => "text",
        ReportFormat::Md => "md",
        ReportFormat::Json => "json",
        ReportFormat::Html => "html",
    }
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
    let input: Box<dyn BufRead + Send> = if path.as_os_str() == "-" {
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
    let read_error = |e: format::ReadError| {
        let mut text = format!("{shown}: {e}");
        if let Some(cause) = std::error::Error::source(&e) {
            text.push_str(&format!(": {cause}"));
        }
        CliError::Usage(wonderchat::printable(&text))
    };
    let (input, kind) = format::open(input, path.to_str()).map_err(read_error)?;
    let (mut tick, mut read) = (Instant::now(), 0u64);
    let read = format::read(input, kind, max_record_bytes, |record| {
        aggregator.add_record(record);
        read += 1;
        if progress && read.is_multiple_of(4096) && tick.elapsed() >= Duration::from_secs(1) {
            tick = Instant::now();
            eprint!("\rread {} chatlogs", whole(read));
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
        .map(|secs| seconds("--max-time", secs))
        .transpose()?;
    let target = connect(global, Usage::Report).await?;
    let mut export = actions::export::for_report(
        &target.client,
        args.chatbot.as_deref(),
        options,
        global.max_response_size,
    )
    .map_err(|e| CliError::Usage(actions::report::options_error(&e, Audience::Cli)))?;
    if max_time.is_some() {
        export = export.stream_timeout(max_time);
    }
    let mut reading = actions::report::Reading::new(export.send().await?, aggregator);
    let progress = progress(global);
    let mut shown = Instant::now();
    let mut outcome = Ok(());
    while let Some(read) = reading.next().await {
        match read {
            Ok(read) if progress && shown.elapsed() >= Duration::from_secs(1) => {
                shown = Instant::now();
                eprint!("\rread {} chatlogs", whole(read));
            }
            Ok(_) => {}
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    if progress {
        eprint!("\r");
    }
    outcome?;
    Ok(reading.stats())
}

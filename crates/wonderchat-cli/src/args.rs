//! The command line: global options and subcommands (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use wonderchat::Feedback;

const EXIT_CODES: &str = "\
Exit codes:
  0    everything succeeded
  1    the request failed, or some import rows failed (see the results file)
  2    usage or configuration error (bad arguments, no API key, unreadable input)
  130  interrupted (Ctrl-C, SIGINT); an import can continue with --resume
  143  terminated (SIGTERM); an import can continue with --resume";

/// Send message feedback (thumbs up / down) to Wonderchat, import it in bulk,
/// or run a local mock of the API.
#[derive(Debug, Parser)]
#[command(name = "wonderchat", version, after_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options for every command.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run against a built-in mock server on loopback (with its demo key)
    /// instead of Wonderchat: works offline, sends nothing anywhere.
    #[arg(long, global = true)]
    pub mock: bool,

    /// More log output on stderr (-v: retries, -vv: each attempt, -vvv: everything).
    /// The API key and request bodies are never logged.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// When log output on stderr is coloured: auto (only on a terminal, and
    /// never with NO_COLOR set), always, or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

/// `--color`: when to colour log output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to stderr.
    pub fn for_stderr(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Where and how to reach the API (for `feedback` and `import`).
#[derive(Debug, Args)]
pub struct ConnectionArgs {
    /// Wonderchat API key. Prefer the environment variable: a flag shows in
    /// the process list.
    #[arg(long, env = "WONDERCHAT_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,

    /// API base URL (ignored with --mock).
    #[arg(long, env = "WONDERCHAT_BASE_URL", default_value = wonderchat::DEFAULT_BASE_URL)]
    pub base_url: String,

    /// Seconds one attempt may take before it is retried.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub timeout: f64,

    /// Requests per update at most, the first included; 429, 5xx, dropped
    /// connections and timeouts are retried with backoff (1 turns retries off).
    /// Default: 3 for one update, 10 per row for an import.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: Option<u32>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Send the feedback on one message.
    Feedback(FeedbackArgs),
    /// Send feedback in bulk from a CSV or JSON Lines file.
    Import(ImportArgs),
    /// Run the local mock server until Ctrl-C.
    Mock(wonderchat_mock::MockArgs),
    /// Print the bundled OpenAPI document.
    Spec(SpecArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

/// `wonderchat feedback`.
#[derive(Debug, Args)]
pub struct FeedbackArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// The id of the chatbot message.
    pub message_id: String,

    /// The feedback: helpful or not-helpful (HELPFUL and NOT_HELPFUL work too).
    #[arg(value_parser = parse_feedback)]
    pub feedback: Feedback,

    /// The user's comment.
    #[arg(long)]
    pub comment: Option<String>,

    /// Print the API's JSON answer instead of a summary.
    #[arg(long)]
    pub json: bool,
}

fn parse_feedback(text: &str) -> Result<Feedback, String> {
    text.parse()
        .map_err(|e: wonderchat::ParseFeedbackError| e.to_string())
}

/// `wonderchat import`.
#[derive(Debug, Args)]
#[command(after_help = "\
Input: CSV with the header messageId,feedback,userComment (userComment may be
left out), or JSON Lines with the same field names. Feedback values: HELPFUL,
NOT_HELPFUL (helpful and not-helpful work too). Line numbers are physical
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
--rate caps new rows per second on top; --no-adapt turns adaptation off.")]
pub struct ImportArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,

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

    /// Print the final summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,

    /// No progress output, only the final summary and errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Input formats of `import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// `wonderchat spec`.
#[derive(Debug, Args)]
pub struct SpecArgs {
    /// Print the JSON form instead of the YAML.
    #[arg(long)]
    pub json: bool,
}

/// `wonderchat completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

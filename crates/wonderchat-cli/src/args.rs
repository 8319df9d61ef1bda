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

/// Ask Wonderchat chatbots, record feedback (one or in bulk), read, tag and
/// export conversations, keep knowledge bases, check webhooks, or run a
/// local mock of the API.
#[derive(Debug, Parser)]
#[command(name = "wonderchat", version, after_help = EXIT_CODES, propagate_version = true)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options for every command; they may come before or after the subcommand.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Run against a built-in mock server on loopback (with its demo key)
    /// instead of Wonderchat: works offline, sends nothing anywhere. It
    /// accepts any message id, so single commands work as written.
    #[arg(long, global = true)]
    pub mock: bool,

    /// Wonderchat API key. Prefer WONDERCHAT_API_KEY, --api-key-file or
    /// `--api-key -` (read from stdin): a key given as a flag value shows in
    /// the process list and shell history.
    #[arg(
        long,
        global = true,
        env = "WONDERCHAT_API_KEY",
        hide_env_values = true,
        value_name = "KEY|-"
    )]
    pub api_key: Option<String>,

    /// Read the API key from this file (its first line). The file must not
    /// be readable by group or others.
    #[arg(
        long,
        global = true,
        env = "WONDERCHAT_API_KEY_FILE",
        value_name = "FILE",
        conflicts_with = "api_key"
    )]
    pub api_key_file: Option<PathBuf>,

    /// API base URL [default: https://app.wonderchat.io].
    #[arg(long, global = true, env = "WONDERCHAT_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,

    /// The profile of the config file to use [default: default].
    #[arg(long, global = true, env = "WONDERCHAT_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// Seconds one attempt may take before it is retried [default: 10].
    #[arg(long, global = true, value_name = "SECS")]
    pub timeout: Option<f64>,

    /// Seconds a streamed answer (chat --stream, export) may send nothing
    /// before it is cut off [default: 30]. A one-shot `chat --stream` must
    /// also end within the operation's time (about (--timeout + 5) x
    /// attempts + 20 s); an export within --max-time.
    #[arg(long, global = true, value_name = "SECS")]
    pub idle_timeout: Option<f64>,

    /// The largest JSON answer read, and for an export the largest single
    /// chatlog: bytes, or with a unit (512KiB, 16MiB, 1GiB) [default: 1MiB
    /// for answers, 32MiB per exported chatlog; the export as a whole has
    /// no limit].
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size)]
    pub max_response_size: Option<usize>,

    /// Requests per operation at most, the first included; 429, 5xx,
    /// dropped connections and timeouts are retried with backoff (1 turns
    /// retries off). Default: 3, and 10 per row for an import.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: Option<u32>,

    /// Machine output: JSON on stdout (one object, or one per line for
    /// streams and lists).
    #[arg(long, global = true)]
    pub json: bool,

    /// Less output: no progress, no notes; results and errors only.
    #[arg(short, long, global = true)]
    pub quiet: bool,

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
pub(crate) enum ColorChoice {
    /// Colour when stderr is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to stderr.
    pub(crate) fn for_stderr(self) -> bool {
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

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Ask a chatbot; without a question, an interactive session.
    #[command(
        after_help = "Examples:\n  wonderchat --mock chat demo-chatbot \"How do I reset my password?\"\n  wonderchat chat my-bot --stream \"Hello\"\n  wonderchat chat my-bot          (interactive: /helpful, /not-helpful [comment], /new; Ctrl-D ends)"
    )]
    Chat(ChatArgs),
    /// Send the feedback on one message.
    #[command(
        after_help = "Example:\n  wonderchat --mock feedback msg_123 helpful --comment \"Great answer\""
    )]
    Feedback(FeedbackArgs),
    /// Send feedback in bulk from a CSV or JSON Lines file.
    Import(ImportArgs),
    /// Show a chatlog's conversation.
    #[command(after_help = "Example:\n  wonderchat --mock messages demo-chatlog")]
    Messages(MessagesArgs),
    /// Export chatlogs to a file or stdout (JSON Lines or CSV), streamed.
    #[command(
        after_help = "Examples:\n  wonderchat export --since 7d -o week.jsonl\n  wonderchat export --chatbot my-bot --since 2024-01-01 --until 2024-02-01 --format csv"
    )]
    Export(ExportArgs),
    /// What the feedback says: satisfaction, resolution, confidence, where
    /// it happens, and the knowledge gaps to fill, from the API or an export.
    #[command(
        after_help = "Examples:\n  wonderchat --mock report -o report.html\n  wonderchat report --since 30d --compare previous\n  wonderchat report --from week.jsonl --format md"
    )]
    Report(ReportArgs),
    /// Serve every operation as tools for AI agents over the Model Context
    /// Protocol (stdio; --http adds streamable HTTP on loopback).
    #[command(
        after_help = "Examples:\n  wonderchat --mock mcp                       (try it offline)\n  wonderchat mcp --read-only --tools ask_chatbot,get_conversation\n  wonderchat --profile work mcp --print-config claude"
    )]
    Mcp(McpArgs),
    /// Add or remove pages of a chatbot's knowledge base.
    #[command(subcommand)]
    Pages(PagesCommand),
    /// Add or remove tags of a chatlog.
    #[command(subcommand)]
    Tags(TagsCommand),
    /// Verify webhook deliveries, or receive them locally.
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Read and change the config file's profiles.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Store an API key in a profile (asked for without echo).
    #[command(after_help = "Example:\n  wonderchat login --profile work")]
    Login(LoginArgs),
    /// Run the local mock server until Ctrl-C.
    #[command(
        after_help = "Examples:\n  wonderchat mock --port 8765 --seed-chatlogs 1000\n  wonderchat mock trigger live-chat-initiated --to http://127.0.0.1:4242/ --secret whsec_demo"
    )]
    Mock(wonderchat_mock::MockArgs),
    /// Print the bundled OpenAPI document.
    #[command(after_help = "Example:\n  wonderchat spec --json > wonderchat.json")]
    Spec(SpecArgs),
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  wonderchat completions bash > /etc/bash_completion.d/wonderchat"
    )]
    Completions(CompletionsArgs),
    /// Write man pages (one per command) into a directory.
    #[command(after_help = "Example:\n  wonderchat man /usr/local/share/man/man1")]
    Man(ManArgs),
}

/// `wonderchat chat`.
#[derive(Debug, Args)]
pub(crate) struct ChatArgs {
    /// The chatbot to ask; may be left out when WONDERCHAT_CHATBOT_ID or
    /// the profile names one (then a single argument with spaces is the
    /// question).
    pub chatbot_id: Option<String>,

    /// The question; leave out for an interactive session.
    pub question: Option<String>,

    /// Continue this conversation.
    #[arg(long, value_name = "ID")]
    pub chatlog: Option<String>,

    /// Free text about the session (who the user is).
    #[arg(long)]
    pub context: Option<String>,

    /// The page the user is on.
    #[arg(long, value_name = "URL")]
    pub context_url: Option<String>,

    /// Print the answer as it arrives.
    #[arg(long)]
    pub stream: bool,
}

/// `wonderchat messages`.
#[derive(Debug, Args)]
pub(crate) struct MessagesArgs {
    /// The chatlog (from a chat answer).
    pub chatlog_id: String,
}

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

/// `--since` and `--until` of `export` and `report`.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct TimeRange {
    /// From this time: RFC 3339, a date (2024-01-31) or an age (7d, 12h).
    #[arg(long, value_name = "WHEN", value_parser = parse_when)]
    pub since: Option<chrono::DateTime<chrono::Utc>>,

    /// Until this time (inclusive); same forms as --since.
    #[arg(long, value_name = "WHEN", value_parser = parse_when)]
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

impl TimeRange {
    /// Refuses a range whose start is after its end (exit 2).
    pub(crate) fn check(&self) -> Result<(), crate::CliError> {
        match (self.since, self.until) {
            (Some(since), Some(until)) if since > until => Err(crate::CliError::Usage(format!(
                "--since ({}) is after --until ({}): the range is empty; swap them",
                since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ))),
            _ => Ok(()),
        }
    }
}

/// `wonderchat report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Read this export (JSON Lines or CSV, as `wonderchat export` writes,
    /// gzipped or not; - for stdin) instead of exporting from the API.
    #[arg(long, value_name = "FILE|-")]
    pub from: Option<PathBuf>,

    /// Only this chatbot's chatlogs (from the API).
    #[arg(long, value_name = "ID")]
    pub chatbot: Option<String>,

    #[command(flatten)]
    pub range: TimeRange,

    /// Compare with the period of the same length before --since (its
    /// chatlogs are read too); changes beyond chance are marked.
    #[arg(long, value_enum, value_name = "WITH", requires = "since")]
    pub compare: Option<CompareWith>,

    /// A conversation whose average confidence is below this counts as failed.
    #[arg(long, value_name = "0..1", default_value_t = 0.5)]
    pub low_confidence: f64,

    /// text (headline and top gaps), md, json (every figure), html (a page);
    /// default: from -o's extension, else text.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,

    /// Write here instead of stdout (replaced only when complete; a pipe or
    /// device is written into). A new file is private (mode 600).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

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

/// Formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One JSON object per chatlog per line.
    Jsonl,
    /// One row per question/answer pair.
    Csv,
}

/// `--max-response-size`: a number of bytes, or with a unit (B, KB, KiB,
/// MB, MiB, GB, GiB; K, M, G are binary).
pub(crate) fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a size: use bytes or 512KiB, 16MiB, 1GiB"))?;
    let unit_bytes: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "k" | "kib" => 1 << 10,
        "mb" => 1_000_000,
        "m" | "mib" => 1 << 20,
        "gb" => 1_000_000_000,
        "g" | "gib" => 1 << 30,
        other => return Err(format!("unknown unit {other:?}: use B, KiB, MiB or GiB")),
    };
    number
        .checked_mul(unit_bytes)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{text:?} is not a size this machine can use"))
}

/// `--since` and `--until`: RFC 3339, a plain date (UTC midnight), or an
/// age before now (humantime: `7d`, `12h`, `1w 2d`).
pub(crate) fn parse_when(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let text = text.trim();
    if let Ok(when) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(when.with_timezone(&chrono::Utc));
    }
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    let age = humantime::parse_duration(text).map_err(|_| {
        format!("{text:?} is not a time: use RFC 3339 (2024-01-31T12:00:00Z), a date (2024-01-31) or an age (7d, 12h)")
    })?;
    let age = chrono::Duration::from_std(age).map_err(|_| format!("{text:?} is too long ago"))?;
    chrono::Utc::now()
        .checked_sub_signed(age)
        .ok_or_else(|| format!("{text:?} is too long ago"))
}

/// `wonderchat pages`.
#[derive(Debug, Subcommand)]
pub(crate) enum PagesCommand {
    /// Add pages to a chatbot's knowledge base.
    #[command(
        after_help = "Example:\n  wonderchat pages add my-bot https://example.com/pricing --session-cookie-file cookie.txt"
    )]
    Add(PagesArgs),
    /// Remove pages from a chatbot's knowledge base.
    #[command(
        after_help = "Example:\n  wonderchat pages delete my-bot https://example.com/old-page"
    )]
    Delete(PagesArgs),
}

/// The pages of `pages add|delete`.
#[derive(Debug, Args)]
pub(crate) struct PagesArgs {
    /// The chatbot.
    pub chatbot_id: String,

    /// Page addresses (absolute http or https URLs).
    pub urls: Vec<String>,

    /// Also read addresses from this file, one per line (- for stdin).
    #[arg(long, value_name = "FILE|-")]
    pub from_file: Option<PathBuf>,

    /// A session cookie for pages behind a login, read from this file (a
    /// secret: never a flag value, which would show in the process list).
    #[arg(long, value_name = "FILE")]
    pub session_cookie_file: Option<PathBuf>,
}

/// `wonderchat tags`.
#[derive(Debug, Subcommand)]
pub(crate) enum TagsCommand {
    /// Add tags to a chatlog.
    #[command(after_help = "Example:\n  wonderchat --mock tags add demo-chatlog Support Billing")]
    Add(TagsArgs),
    /// Remove tags from a chatlog.
    #[command(after_help = "Example:\n  wonderchat --mock tags delete demo-chatlog Billing")]
    Delete(TagsArgs),
}

/// The tags of `tags add|delete`.
#[derive(Debug, Args)]
pub(crate) struct TagsArgs {
    /// The chatlog.
    pub chatlog_id: String,

    /// The tags.
    #[arg(required = true)]
    pub tags: Vec<String>,
}

/// `wonderchat webhook`.
#[derive(Debug, Subcommand)]
pub(crate) enum WebhookCommand {
    /// Verify a saved delivery and print its event (exit 1 if invalid).
    #[command(
        after_help = "Example:\n  wonderchat webhook verify --secret-file secret.txt --signature 3f5a... --timestamp 2024-01-31T12:00:00Z body.json"
    )]
    Verify(WebhookVerifyArgs),
    /// Receive deliveries on a local port: verify each, answer 200 or 401,
    /// print each event as a line of JSON.
    #[command(
        after_help = "Example:\n  wonderchat webhook listen --port 4242 --secret-file secret.txt --forward-to http://127.0.0.1:3000/hooks"
    )]
    Listen(WebhookListenArgs),
}

/// `webhook verify`.
#[derive(Debug, Args)]
pub(crate) struct WebhookVerifyArgs {
    /// The webhook secret, read from this file.
    #[arg(long, value_name = "FILE")]
    pub secret_file: PathBuf,

    /// The X-Wonderchat-Signature header.
    #[arg(long)]
    pub signature: String,

    /// The X-Wonderchat-Timestamp header (unsigned: the body's signed
    /// timestamp is what --tolerance checks).
    #[arg(long)]
    pub timestamp: Option<String>,

    /// Refuse deliveries whose signed timestamp is further than this from
    /// now [default: 5m].
    #[arg(long, value_parser = humantime::parse_duration, conflicts_with = "any_age")]
    pub tolerance: Option<std::time::Duration>,

    /// Accept a delivery whatever its timestamp (to check one saved long
    /// ago; a receiver must never do this: it lets old deliveries replay).
    #[arg(long)]
    pub any_age: bool,

    /// The delivery's body, as received (- or nothing for stdin).
    pub body: Option<PathBuf>,
}

/// `webhook listen`.
#[derive(Debug, Args)]
pub(crate) struct WebhookListenArgs {
    /// The port to listen on (loopback).
    #[arg(long, default_value_t = 4242)]
    pub port: u16,

    /// The webhook secret, read from this file.
    #[arg(long, value_name = "FILE")]
    pub secret_file: PathBuf,

    /// Refuse deliveries whose signed timestamp is further than this from
    /// now [default: 5m]; a delivery seen already within it is refused too
    /// (409), so a replay is never acted on twice.
    #[arg(long, value_parser = humantime::parse_duration)]
    pub tolerance: Option<std::time::Duration>,

    /// Also POST each verified delivery (body and headers) to this local
    /// URL. The sender is answered at once, whatever the forward does.
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// Give up on a forward after this long.
    #[arg(long, value_parser = humantime::parse_duration, default_value = "10s")]
    pub forward_timeout: std::time::Duration,

    /// How long a sender may take to send a request's head or body, and a
    /// connection may stay idle (2s at most once 192 of the 256 connections
    /// are taken).
    #[arg(long, value_parser = humantime::parse_duration, default_value = "10s")]
    pub request_timeout: std::time::Duration,
}

/// `wonderchat config`.
#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Set a value of a profile (keys: base_url, api_key_file, chatbot, timeout, max_attempts).
    #[command(
        after_help = "Example:\n  wonderchat config set base_url http://127.0.0.1:8765 --profile local"
    )]
    Set(ConfigSetArgs),
    /// Print a value of a profile.
    #[command(after_help = "Example:\n  wonderchat config get base_url --profile local")]
    Get(ConfigGetArgs),
    /// Print every profile (keys are never shown).
    #[command(after_help = "Example:\n  wonderchat config list --json")]
    List,
}

/// `config set`.
#[derive(Debug, Args)]
pub(crate) struct ConfigSetArgs {
    /// The setting.
    pub key: String,
    /// Its value.
    pub value: String,
}

/// `config get`.
#[derive(Debug, Args)]
pub(crate) struct ConfigGetArgs {
    /// The setting.
    pub key: String,
}

/// `wonderchat login`.
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {}

/// `wonderchat man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The directory to write the pages into.
    #[arg(default_value = "man")]
    pub dir: PathBuf,
}

/// `wonderchat feedback`.
#[derive(Debug, Args)]
pub(crate) struct FeedbackArgs {
    /// The id of the chatbot message.
    pub message_id: String,

    /// The feedback: helpful or not-helpful (HELPFUL and NOT_HELPFUL work too).
    #[arg(value_parser = feedback_parser(), ignore_case = true)]
    pub feedback: Feedback,

    /// The user's comment.
    #[arg(long)]
    pub comment: Option<String>,
}

/// Feedback values, with the spellings shells complete (`helpful`,
/// `not-helpful`) and the others `Feedback` accepts, in any case.
fn feedback_parser() -> impl clap::builder::TypedValueParser<Value = Feedback> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        PossibleValue::new("helpful").alias("HELPFUL"),
        PossibleValue::new("not-helpful").aliases(["NOT_HELPFUL", "not_helpful"]),
    ])
    .map(|text| text.parse::<Feedback>().unwrap_or(Feedback::Helpful))
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

/// `wonderchat spec`.
#[derive(Debug, Args)]
pub(crate) struct SpecArgs {
    /// Print the JSON form instead of the YAML.
    #[arg(long)]
    pub json: bool,
}

/// `wonderchat completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// `wonderchat mcp`.
#[derive(Debug, Args)]
pub(crate) struct McpArgs {
    /// Offer only the tools that change no stored data: hides rate_answer,
    /// save_chatlogs, add_pages, remove_pages, add_tags and remove_tags.
    /// ask_chatbot stays: it only adds a conversation, which is what the
    /// chatbot is for.
    #[arg(long)]
    pub read_only: bool,

    /// Offer only these tools (comma-separated names; see `--list-tools`).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub tools: Option<Vec<String>>,

    /// Print the tools (name, what it changes) and exit.
    #[arg(long)]
    pub list_tools: bool,

    /// Also serve the streamable HTTP transport at this address, at the
    /// path /mcp. Loopback only, unless --allow-remote.
    #[arg(long, value_name = "ADDR:PORT")]
    pub http: Option<std::net::SocketAddr>,

    /// Allow --http on an address that is not loopback. Requires a bearer
    /// token (WONDERCHAT_MCP_TOKEN or --token-file) that every request must
    /// carry.
    #[arg(long, requires = "http")]
    pub allow_remote: bool,

    /// Read the bearer token HTTP clients must send from this file (first
    /// line; not readable by group or others). Or set WONDERCHAT_MCP_TOKEN.
    #[arg(long, value_name = "FILE", requires = "http")]
    pub token_file: Option<PathBuf>,

    /// The session cookie for add_pages, from this file (first line); the
    /// agent never sees or sends it.
    #[arg(long, value_name = "FILE")]
    pub session_cookie_file: Option<PathBuf>,

    /// Where save_chatlogs writes new files: its `path` is taken relative
    /// to this directory and may not leave it, nor name a file that exists
    /// [default: ~/.local/share/wonderchat/exports, made when first used].
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,

    /// The longest a tool call may take, in seconds (an export or a report
    /// of a long period); a longer one is stopped and fails.
    #[arg(long, value_name = "SECS", default_value_t = 600.0)]
    pub max_time: f64,

    /// The largest tool result, in bytes of JSON (with a unit: 64KiB). A
    /// larger one is cut, with a note saying how to get the rest.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64KiB")]
    pub max_result_size: usize,

    /// Print the JSON that registers this server with an MCP client, and
    /// exit. The key is never in it: the snippet names --api-key-file or the
    /// profile.
    #[arg(long, value_enum, value_name = "CLIENT")]
    pub print_config: Option<McpClient>,
}

/// `mcp --print-config`: the MCP clients whose config format is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum McpClient {
    /// Claude Desktop (claude_desktop_config.json) and Claude Code (.mcp.json).
    Claude,
    /// Cursor (~/.cursor/mcp.json or .cursor/mcp.json).
    Cursor,
    /// VS Code (.vscode/mcp.json).
    Vscode,
}

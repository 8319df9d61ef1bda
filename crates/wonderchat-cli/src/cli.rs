//! The command line's top: the program's flags for every command
//! ([`GlobalArgs`]), and the parsers of values several commands take
//! (times, sizes, a period).

use clap::{Args, Parser, ValueEnum};
use wonderchat::ApiKey;

use crate::commands::Command;
use crate::error::CliError;

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

/// The global options of a client of Wonderchat's API, which a server (the
/// mock) and an offline check (`webhook verify`) take but do not use.
const CLIENT_OPTIONS: &[&str] = &[
    "mock",
    "api_key",
    "api_key_file",
    "base_url",
    "profile",
    "timeout",
    "idle_timeout",
    "max_response_size",
    "max_attempts",
];

impl Cli {
    /// The command line as it is parsed and documented: each page shows
    /// only the global options its command uses. A subcommand that has an
    /// option of a global's name does not get the global (clap propagates
    /// only what is missing), so the mock and `webhook verify` get hidden
    /// copies of the client options: accepted as before, not listed.
    pub(crate) fn full() -> clap::Command {
        use clap::CommandFactory;
        let command = Cli::command();
        let hidden: Vec<clap::Arg> = command
            .get_arguments()
            .filter(|arg| CLIENT_OPTIONS.contains(&arg.get_id().as_str()))
            .map(|arg| arg.clone().hide(true))
            .collect();
        let hide = |mut sub: clap::Command| {
            for arg in &hidden {
                sub = sub.arg(arg.clone());
            }
            sub
        };
        command
            .mut_subcommand("mock", |mock| {
                let names: Vec<String> = mock
                    .get_subcommands()
                    .map(|s| s.get_name().to_owned())
                    .collect();
                names
                    .into_iter()
                    .fold(hide(mock), |mock, name| mock.mut_subcommand(name, hide))
            })
            .mut_subcommand("webhook", |webhook| webhook.mut_subcommand("verify", hide))
    }

    /// Parses the process's arguments (a usage error exits with clap's
    /// message, as `Parser::parse` does).
    pub(crate) fn parse_args() -> Self {
        use clap::FromArgMatches;
        Self::from_arg_matches(&Self::full().get_matches()).unwrap_or_else(|e| e.exit())
    }
}

/// Options for every command; they may come before or after the subcommand
/// (under their own heading on every command's help page).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
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
        value_name = "KEY|-",
        value_parser = |text: &str| Ok::<_, String>(ApiKey::new(text))
    )]
    pub api_key: Option<ApiKey>,

    /// Read the API key from this file (its first line). The file must not
    /// be readable by group or others.
    #[arg(
        long,
        global = true,
        env = "WONDERCHAT_API_KEY_FILE",
        value_name = "FILE",
        conflicts_with = "api_key"
    )]
    pub api_key_file: Option<std::path::PathBuf>,

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

/// `--since` and `--until` of `export` and `report`.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct TimeRange {
    /// From this time: RFC 3339, a date (2024-01-31) or an age (7d, 12h).
    #[arg(long, value_name = "WHEN", value_parser = parse_when)]
    pub since: Option<chrono::DateTime<chrono::Utc>>,

    /// Until this time (inclusive; a date covers that whole day); same
    /// forms as --since.
    #[arg(long, value_name = "WHEN", value_parser = parse_until)]
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

impl TimeRange {
    /// Refuses a range whose start is after its end (exit 2).
    pub(crate) fn check(&self) -> Result<(), CliError> {
        match (self.since, self.until) {
            (Some(since), Some(until)) if since > until => Err(CliError::Usage(format!(
                "--since ({}) is after --until ({}): the range is empty; swap them",
                since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ))),
            _ => Ok(()),
        }
    }
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
/// `--until`: as [`parse_when`], but a date means the end of that day
/// (`--until 2026-12-02` covers all of 2 December).
pub(crate) fn parse_until(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    match chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(date) => date
            .succ_opt()
            .map(|next| {
                next.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::milliseconds(1)
            })
            .ok_or_else(|| format!("{text:?} is the last day there is: leave --until out")),
        Err(_) => parse_when(text),
    }
}

pub(crate) fn parse_when(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let text = text.trim();
    if let Ok(when) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(when.with_timezone(&chrono::Utc));
    }
    // RFC 3339 with a year of other than four digits (as JSON dates may be).
    if let Ok(when) = text.parse::<chrono::DateTime<chrono::FixedOffset>>() {
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

//! `wonderchat`: the command-line tool of wonderchat-rs.

#![forbid(unsafe_code)]

mod args;
mod chat;
mod config;
mod connect;
mod export;
mod feedback;
mod files;
mod import;
mod mcp;
mod messages;
mod output;
mod pages;
mod panics;
mod profile;
mod report;
mod signals;
mod tags;
mod webhook;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::args::{Cli, Command};

/// An import's rows are read on one thread and freed on another, which
/// glibc's allocator serialises with a lock (BENCHMARKS.md). jemalloc's
/// thread caches do not; MSVC, where it does not build, keeps the system's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// How a command ends when it does not succeed.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments or configuration: exit code 2.
    Usage(String),
    /// The work failed (a request, or some import rows): exit code 1.
    Failed(String),
    /// Stopped by a signal: exit code 130 (SIGINT) or 143 (SIGTERM).
    Stopped(signals::Stop),
}

impl From<wonderchat::Error> for CliError {
    fn from(err: wonderchat::Error) -> Self {
        let message = cli_message(&err);
        match err {
            wonderchat::Error::InvalidInput { .. }
            | wonderchat::Error::Config { .. }
            | wonderchat::Error::InsecureBaseUrl { .. } => CliError::Usage(message),
            _ => CliError::Failed(message),
        }
    }
}

/// An SDK error as the CLI says it: advice names the CLI's flags and
/// environment variables (not the SDK's builder), and the cause chain is
/// printed once, after the error's own text.
pub fn cli_message(err: &wonderchat::Error) -> String {
    use wonderchat::Error as E;
    let own = match err {
        E::InvalidInput {
            field: "apiKey", ..
        } => connect::NO_API_KEY.to_owned(),
        E::Unauthorized {
            status, message, ..
        } => format!(
            "Wonderchat refused the API key (HTTP {status}): {message}. Check --api-key or \
             WONDERCHAT_API_KEY"
        ),
        E::InsecureBaseUrl { url, .. } => format!(
            "--base-url {url:?} uses plain http:// to a host that is not loopback, which would \
             send the API key in clear text: use https://"
        ),
        E::ResponseTooLarge { status, limit, .. } => format!(
            "Wonderchat's answer{} is larger than this tool accepts{}; it was not read. Raise \
             --max-response-size if it is meant to be, or check that --base-url points at the \
             Wonderchat API",
            status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(),
            limit.map(|l| format!(" ({l} bytes)")).unwrap_or_default()
        ),
        E::Timeout {
            after, attempts, ..
        } => format!(
            "no answer from Wonderchat within {after:?} after {attempts} attempt(s). Raise \
             --timeout, or retry later"
        ),
        E::Stalled {
            after, idle: true, ..
        } => format!(
            "Wonderchat's streamed answer sent nothing for {after:?}; it was cut off. Raise \
             --idle-timeout, or retry later"
        ),
        E::Stalled {
            after, idle: false, ..
        } => format!(
            "Wonderchat's streamed answer did not end within {after:?}; it was cut off. Raise \
             --max-time (export), or retry later"
        ),
        other => other.to_string(),
    };
    let mut text = own;
    let mut cause = std::error::Error::source(err);
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

fn main() -> ExitCode {
    panics::install();
    // Debug builds only: lets the tests check what a panic prints.
    #[cfg(debug_assertions)]
    if let Some(payload) = std::env::var_os("WONDERCHAT_DEBUG_PANIC") {
        panic!("{}", payload.to_string_lossy());
    }
    let cli = Cli::parse();
    init_tracing(cli.global.verbose, cli.global.color.for_stderr());
    // One thread: a client pipeline gains nothing from work stealing, and
    // cross-thread wake-ups cost more CPU than the requests themselves
    // (BENCHMARKS.md, fix 1). The import's file reader has its own thread.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(run(cli));
    // Not the runtime's drop, which waits for every blocking thread: a read
    // of stdin on one (`mcp` when stdout is not a pipe, say) cannot be
    // cancelled and would hold the exit until a line arrives.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(CliError::Failed(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(CliError::Stopped(stop)) => ExitCode::from(stop.exit_code()),
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let global = &cli.global;
    match cli.command {
        Command::Chat(args) => chat::run(global, args).await,
        Command::Feedback(args) => feedback::run(global, args).await,
        Command::Import(args) => import::run(global, args).await,
        Command::Messages(args) => messages::run(global, args).await,
        Command::Export(args) => export::run(global, args).await,
        Command::Report(args) => report::run(global, args).await,
        Command::Mcp(args) => mcp::run(global, args).await,
        Command::Pages(command) => pages::run(global, command).await,
        Command::Tags(command) => tags::run(global, command).await,
        Command::Webhook(command) => webhook::run(global, command).await,
        Command::Config(command) => config::run(global, command),
        Command::Login(args) => config::login(global, args),
        Command::Man(args) => man(&args.dir),
        Command::Mock(mut args) => {
            // The key the client uses is the key the mock accepts.
            if let Some(key) = &global.api_key {
                args.api_keys.push(key.clone());
            }
            args.run().await.map_err(CliError::Usage)
        }
        Command::Spec(args) => {
            let text = if args.json {
                wonderchat_mock::OPENAPI_JSON
            } else {
                wonderchat_mock::OPENAPI_YAML
            };
            write_stdout(text)
        }
        Command::Completions(args) => {
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "wonderchat", &mut out);
            write_stdout(&String::from_utf8_lossy(&out))
        }
    }
}

/// `man`: one page for the command and one per subcommand.
fn man(dir: &std::path::Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Usage(format!("cannot create {}: {e}", dir.display())))?;
    let command = Cli::command();
    let mut pages = vec![("wonderchat".to_owned(), command.clone())];
    for sub in command.get_subcommands() {
        pages.push((format!("wonderchat-{}", sub.get_name()), sub.clone()));
    }
    for (name, command) in pages {
        let mut out = Vec::new();
        clap_mangen::Man::new(command)
            .title(name.clone())
            .render(&mut out)
            .map_err(|e| CliError::Failed(format!("cannot render {name}: {e}")))?;
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, out)
            .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Failed(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
}

/// Logs to stderr: warnings by default, more with each -v. `RUST_LOG`
/// overrides. The wrapper never logs the API key or request bodies.
fn init_tracing(verbose: u8, color: bool) {
    let filter = match verbose {
        0 => "warn",
        1 => "warn,wonderchat=info,wonderchat_cli=info,wonderchat_mock=info",
        2 => "info,wonderchat=debug,wonderchat_cli=debug,wonderchat_mock=debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(verbose >= 2)
        .init();
}

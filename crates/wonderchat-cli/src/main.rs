//! `wonderchat`: the command-line tool of wonderchat-rs. The program only:
//! parse, start the runtime, run the command (`commands/`), exit with its
//! code. `cli.rs` has the flags of every command, `error.rs` how a command
//! fails, `actions/` what a command and an MCP tool both do, `plumbing/`
//! what they stand on.

#![forbid(unsafe_code)]

mod actions;
mod cli;
mod commands;
mod error;
mod plumbing;

use std::process::ExitCode;

use crate::cli::Cli;
use crate::error::CliError;

/// An import's rows are read on one thread and freed on another, which
/// glibc's allocator serialises with a lock (BENCHMARKS.md). jemalloc's
/// thread caches do not; MSVC, where it does not build, keeps the system's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    plumbing::panics::install();
    // Debug builds only: lets the tests check what a panic prints.
    #[cfg(debug_assertions)]
    if let Some(payload) = std::env::var_os("WONDERCHAT_DEBUG_PANIC") {
        panic!("{}", payload.to_string_lossy());
    }
    let cli = Cli::parse_args();
    plumbing::logs::init(cli.global.verbose, cli.global.color.for_stderr());
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
    let result = runtime.block_on(commands::run(cli));
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
        Err(CliError::Changes) => ExitCode::from(2),
        Err(CliError::Incomplete(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}

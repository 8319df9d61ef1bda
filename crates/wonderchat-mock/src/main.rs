//! `wonderchat-mock`: the local Wonderchat server as a standalone program.

#![forbid(unsafe_code)]

use clap::Parser;
use std::process::ExitCode;

/// glibc's allocator serialises threads that free what another allocated (a
/// request is read on one worker and answered on another): under load that
/// lock was the mock's largest wait (BENCHMARKS.md). jemalloc's thread
/// caches do not; MSVC, where it does not build, keeps the system's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A local, stateful Wonderchat server (every operation of the spec) with
/// streaming, webhooks, rate limits and fault injection.
#[derive(Debug, Parser)]
#[command(name = "wonderchat-mock", version)]
struct Cli {
    #[command(flatten)]
    args: wonderchat_mock::MockArgs,

    /// The same as --accept-key (the standalone server's older name).
    #[arg(id = "legacy_api_keys", long = "api-key", value_name = "KEY")]
    legacy_api_keys: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    wonderchat_mock::quiet_panics("wonderchat-mock");
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let mut cli = Cli::parse();
    cli.args.api_keys.append(&mut cli.legacy_api_keys);
    match cli.args.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

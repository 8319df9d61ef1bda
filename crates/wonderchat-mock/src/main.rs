//! `wonderchat-mock`: the local Wonderchat server as a standalone program.

#![forbid(unsafe_code)]

use clap::Parser;
use std::process::ExitCode;

/// A local, stateful Wonderchat Update Message Feedback server with fault injection.
#[derive(Debug, Parser)]
#[command(name = "wonderchat-mock", version)]
struct Cli {
    #[command(flatten)]
    args: wonderchat_mock::MockArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.args.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

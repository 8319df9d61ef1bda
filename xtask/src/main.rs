//! Project automation for wonderchat-rs, run as `cargo xtask <command>`.
//!
//! Commands:
//! - `codegen [--check]`: regenerate the client crate, the JSON spec and the
//!   HTML reference from `openapi/wonderchat.yaml` (with `--check`, only
//!   report stale files).
//! - `bench [--quick]`: benchmarks against peers, written to `BENCHMARKS.md`.
//! - `conformance`: lint gates, generated Python and TypeScript clients
//!   against the mock, and the HTML reference in headless Chromium.

#![forbid(unsafe_code)]

mod bench;
mod codegen;
mod conformance;
mod process;
mod reference;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Project automation for wonderchat-rs.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate crates/wonderchat-api/src/generated.rs, openapi/wonderchat.json
    /// and docs/reference.html from openapi/wonderchat.yaml.
    Codegen {
        /// Write nothing; exit non-zero with a diff of each stale file.
        #[arg(long)]
        check: bool,
    },
    /// Measure every performance row against its peer and rewrite the
    /// generated part of BENCHMARKS.md.
    Bench {
        /// Fewer rounds and smaller inputs, no cold-build row (under 5
        /// minutes; for a quick look).
        #[arg(long)]
        quick: bool,
        /// Run only these rows (printed, BENCHMARKS.md untouched).
        #[arg(long, value_name = "ROW", value_parser = clap::builder::PossibleValuesParser::new(bench::ROWS))]
        only: Vec<String>,
    },
    /// Lint the spec (Spectral, Redocly, openapi-spec-validator), check that
    /// broken specs fail, run Python and TypeScript clients against the mock,
    /// render the reference in Chromium.
    Conformance,
}

fn main() -> ExitCode {
    let root = workspace_root();
    let result = match Cli::parse().command {
        Command::Codegen { check: false } => codegen::write(&root),
        Command::Codegen { check: true } => codegen::check(&root),
        Command::Conformance => conformance::run(&root),
        Command::Bench { quick, only } => bench::run(&root, quick, &only),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

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

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen           regenerate crates/wonderchat-api/src/generated.rs,
                    openapi/wonderchat.json and docs/reference.html
                    from openapi/wonderchat.yaml
  codegen --check   exit non-zero, naming the stale file, when one differs
  bench [--quick]   measure every performance row against its peer and
                    rewrite the generated part of BENCHMARKS.md
  conformance       lint the spec (Spectral, Redocly, openapi-spec-validator),
                    check that broken specs fail, run Python and TypeScript
                    clients against the mock, render the reference in Chromium
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let result = match args.as_slice() {
        ["codegen"] => codegen::write(&root),
        ["codegen", "--check"] => codegen::check(&root),
        ["conformance"] => conformance::run(&root),
        ["bench"] => bench::run(&root, false),
        ["bench", "--quick"] => bench::run(&root, true),
        ["help" | "--help" | "-h"] | [] => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprint!("unknown command: {}\n\n{USAGE}", args.join(" "));
            return ExitCode::from(2);
        }
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

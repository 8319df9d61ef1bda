//! Regression tests for a Wonderchat chatbot's knowledge base: a
//! [`Suite`](suite::Suite) of questions with checks on their answers and
//! sources ([`suite`]), run through the SDK ([`run()`]), settled into a
//! [`Run`](result::Run) that can be saved and compared with a baseline
//! ([`result`]), and shown as a table, JUnit, Markdown, HTML or GitHub
//! annotations ([`output`]). The CLI's `eval` command and the MCP tool
//! `run_eval` are front ends of this crate.
//!
//! ```
//! use std::path::Path;
//! use wonderchat_eval::suite::{SuiteFormat, parse};
//!
//! let yaml = "chatbot: demo-chatbot\ncases:\n  - id: reset\n    question: How do I reset my password?\n    cites: https://example.com/support/*\n";
//! let suite = parse(Path::new("suite.yaml"), yaml, SuiteFormat::Yaml).unwrap();
//! assert_eq!(suite.cases[0].line, 3);
//! assert_eq!(suite.cases[0].checks[0].name(), "cites");
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod check;
pub mod judge;
pub mod output;
pub mod result;
mod run;
pub mod suite;

/// The file at `path`, read up to one byte past `max` (a longer file is
/// seen as such without being read whole).
pub(crate) fn read_at_most(path: &std::path::Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

pub use run::{EVAL_TAG, Observer, RunOptions, new_run_id, run, run_tag, tag_lane};

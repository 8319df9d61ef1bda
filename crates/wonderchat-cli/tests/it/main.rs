//! The integration tests of `wonderchat-cli`, one binary (one link step) with a
//! module per area.

mod common;

mod cli;
mod commands;
mod eval;
mod hostile;
mod hostile_mcp;
mod hostile_report;
mod import;
mod mcp;
mod report;
mod soak;
mod streams_and_files;
mod sync;

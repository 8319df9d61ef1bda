//! What a command and an MCP tool both do, so that neither imports the
//! other: the export request (`export.rs`) and the report's options in
//! each audience's words (`report.rs`).

pub(crate) mod export;
pub(crate) mod report;

//! What a command and an MCP tool both do, so that neither imports the
//! other: the export request (`export.rs`), the report's options in each
//! audience's words and the eval ledgers it leaves out (`report.rs`), the
//! eval ledger written (`eval.rs`).

pub(crate) mod eval;
pub(crate) mod export;
pub(crate) mod report;

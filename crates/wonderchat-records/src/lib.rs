//! Reading text records from any input without holding more than a limit:
//! [`Source`] counts physical lines (`\n`, `\r\n` and a lone `\r` each end
//! one) and strips a leading byte-order mark; [`Source::next_line`] reads a
//! `\n`-terminated line and [`CsvRecords`] a CSV record (a quoted field may
//! span lines), each cut off at the limit and skipped to its end unread.
//! A file or a pipe of any size, with lines of any length, is read in
//! memory bounded by the limit.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod csv;
mod lines;

pub use csv::{CsvRecords, Record};
pub use lines::{BOM, Line, LineCounter, Source};

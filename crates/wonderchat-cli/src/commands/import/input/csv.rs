//! CSV rows, parsed with `csv-core` so that no row is held beyond the
//! limit; a quoted field may span lines (the row has the line it starts on).

use std::io::BufRead;

use wonderchat_records::{CsvRecords, Record, Source};

use crate::error::CliError;

use super::{Row, entry, no_id, too_large, with_id};

/// CSV rows, parsed with `csv-core` so that no row is held beyond the limit.
pub(super) struct CsvRows<R> {
    pub(super) records: CsvRecords<R>,
    pub(super) id_col: usize,
    pub(super) feedback_col: usize,
    pub(super) comment_col: Option<usize>,
    pub(super) failed: bool,
}

impl<R: BufRead> CsvRows<R> {
    pub(super) fn new(source: Source<R>) -> Result<Self, CliError> {
        let mut rows = Self {
            records: CsvRecords::new(source),
            id_col: 0,
            feedback_col: 0,
            comment_col: None,
            failed: false,
        };
        let header = rows
            .next_record()
            .map_err(CliError::Usage)?
            .ok_or_else(|| CliError::Usage("the CSV is empty: it needs a header row".to_owned()))?;
        if header.too_large {
            return Err(CliError::Usage(
                "the CSV header row is too large (see --max-row-bytes)".to_owned(),
            ));
        }
        let names: Vec<String> = (0..header.len())
            .map(|i| {
                String::from_utf8_lossy(header.field(i).unwrap_or_default())
                    .trim()
                    .to_owned()
            })
            .collect();
        for (i, name) in names.iter().enumerate() {
            if !name.is_empty() && names[..i].iter().any(|n| n.eq_ignore_ascii_case(name)) {
                return Err(CliError::Usage(format!(
                    "the CSV header names the column {name} twice: keep one"
                )));
            }
        }
        let column = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
        let (Some(id_col), Some(feedback_col)) = (column("messageId"), column("feedback")) else {
            return Err(CliError::Usage(format!(
                "the CSV header must name the columns messageId and feedback (userComment is \
                 optional); found: {}",
                names.join(",")
            )));
        };
        rows.id_col = id_col;
        rows.feedback_col = feedback_col;
        rows.comment_col = column("userComment");
        Ok(rows)
    }

    /// Reads the next record, or `None` at the end of the input.
    pub(super) fn next_record(&mut self) -> Result<Option<Record>, String> {
        self.records
            .next_record()
            .map_err(|e| format!("cannot read the input: {e}"))
    }

    pub(super) fn row(&self, record: Record) -> Row {
        let line = record.line;
        if record.too_large {
            return Row {
                line,
                parsed: Err(too_large(self.records.source().max_record_bytes())),
            };
        }
        let field = |i: Option<usize>, name: &'static str| -> Result<Option<String>, String> {
            match i.and_then(|i| record.field(i)) {
                None => Ok(None),
                Some(bytes) => String::from_utf8(bytes.to_vec())
                    .map(Some)
                    .map_err(|_| format!("{name}: not valid UTF-8")),
            }
        };
        let parsed = (|| {
            let message_id = field(Some(self.id_col), "messageId").map_err(no_id)?;
            let feedback =
                field(Some(self.feedback_col), "feedback").map_err(|m| with_id(&message_id, m))?;
            let comment =
                field(self.comment_col, "userComment").map_err(|m| with_id(&message_id, m))?;
            entry(message_id, feedback.as_deref(), comment)
        })();
        Row { line, parsed }
    }
}

impl<R: BufRead> Iterator for CsvRows<R> {
    type Item = Result<Row, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.next_record() {
            Ok(Some(record)) => Some(Ok(self.row(record))),
            Ok(None) => None,
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

//! CSV records parsed with `csv-core`, so that no record is held beyond
//! the limit; a quoted field may span lines (the record has the line it
//! starts on).

use std::io::BufRead;

use crate::Source;

/// One CSV record: its fields (end offsets into its bytes), or too large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The physical line it starts on.
    pub line: u64,
    /// It was longer than the limit: it has no fields, and the rest of it
    /// was skipped unread.
    pub too_large: bool,
    data: Vec<u8>,
    ends: Vec<usize>,
}

impl Record {
    /// The bytes of field `i`, unquoted.
    pub fn field(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.data.get(start..end)
    }

    /// How many fields it has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it has no field.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// The CSV records of a [`Source`], one at a time.
pub struct CsvRecords<R> {
    source: Source<R>,
    core: csv_core::Reader,
}

impl<R: BufRead> CsvRecords<R> {
    /// Reads `source` as CSV (comma-separated, `"` quotes).
    pub fn new(source: Source<R>) -> Self {
        Self {
            source,
            core: csv_core::Reader::new(),
        }
    }

    /// The source, for its line count.
    pub fn source(&self) -> &Source<R> {
        &self.source
    }

    /// Reads the next record, or `None` at the end of the input. Blank
    /// lines between records are skipped.
    ///
    /// # Errors
    /// Reading failed.
    pub fn next_record(&mut self) -> std::io::Result<Option<Record>> {
        if !self.source.skip_line_ends()? {
            return Ok(None);
        }
        let max = self.source.max_record_bytes();
        let mut record = Record {
            line: self.source.lines.line,
            data: vec![0; 256],
            ends: vec![0; 8],
            too_large: false,
        };
        let (mut data_len, mut ends_len, mut row_bytes) = (0usize, 0usize, 0usize);
        loop {
            let buf = self.source.fill()?;
            let (result, n_in, n_out, n_ends) = self.core.read_record(
                buf,
                &mut record.data[data_len..],
                &mut record.ends[ends_len..],
            );
            self.source.consume(n_in);
            row_bytes = row_bytes.saturating_add(n_in);
            data_len += n_out;
            ends_len += n_ends;
            if row_bytes > max {
                // From here on the output is thrown away until the row ends.
                record.too_large = true;
                data_len = 0;
                ends_len = 0;
            }
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let grown = (record.data.len() * 2).min(max.max(256) + 1);
                    record.data.resize(grown.max(record.data.len() + 1), 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    // Field ends are bytes of the record too: bounded by it.
                    let grown = (record.ends.len() * 2).min(max.max(8) + 1);
                    record.ends.resize(grown.max(record.ends.len() + 1), 0);
                }
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => {
                    record.data.truncate(data_len);
                    record.ends.truncate(ends_len);
                    if record.too_large {
                        record.data = Vec::new();
                        record.ends = Vec::new();
                    }
                    return Ok(Some(record));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &[u8], max: usize) -> Vec<Record> {
        let source = Source::new(std::io::BufReader::with_capacity(3, text), max);
        let mut csv = CsvRecords::new(source);
        let mut all = Vec::new();
        while let Some(record) = csv.next_record().unwrap() {
            all.push(record);
        }
        all
    }

    #[test]
    fn records_have_their_fields_and_first_lines() {
        let all = records(b"a,b\r\n\r\n\"x\ny\",2\n3,\"\"\"\"", 100);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].field(1), Some(&b"b"[..]));
        assert_eq!((all[1].line, all[1].field(0)), (3, Some(&b"x\ny"[..])));
        assert_eq!((all[2].line, all[2].field(1)), (5, Some(&b"\""[..])));
    }

    #[test]
    fn a_record_over_the_limit_is_marked_and_the_next_one_read() {
        let text = format!("a,b\n\"{}\nstill\",z\nc,d\n", "x".repeat(100));
        let all = records(text.as_bytes(), 50);
        assert_eq!(all.len(), 3);
        assert!(all[1].too_large && all[1].is_empty());
        assert_eq!((all[2].line, all[2].field(0)), (4, Some(&b"c"[..])));
    }

    #[test]
    fn many_empty_fields_are_bounded_too() {
        let text = format!("{}\nok\n", ",".repeat(10_000));
        let all = records(text.as_bytes(), 100);
        assert!(all[0].too_large);
        assert_eq!(all[1].field(0), Some(&b"ok"[..]));
    }
}

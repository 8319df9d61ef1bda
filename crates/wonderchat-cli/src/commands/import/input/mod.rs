//! Reading import files: CSV (header `messageId,feedback,userComment`) or
//! JSON Lines, streamed row by row, every problem tied to its line.
//!
//! Line numbers are physical lines, counted here over the bytes as they are
//! read: `\n`, `\r\n` and a lone `\r` each end a line, whatever mix a file
//! uses, and a CSV row whose quoted field spans lines is numbered by the line
//! it starts on. (The csv crate's own `Position::line` miscounts CRLF and
//! CR-only files.) A row longer than the limit is reported as too large and
//! skipped without being held in memory.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use wonderchat::Feedback;

use crate::commands::import::Format;
use crate::error::CliError;

/// One input row, with the line it starts on (1-based).
#[derive(Debug)]
pub(super) struct Row {
    /// The line number in the input.
    pub line: u64,
    /// The row's fields, or why they are unusable.
    pub parsed: Result<Entry, RowError>,
}

impl Row {
    /// The row's message id, when it could be read (even from a bad row).
    pub(super) fn message_id(&self) -> Option<&str> {
        match &self.parsed {
            Ok(entry) => Some(&entry.message_id),
            Err(bad) => bad.message_id.as_deref(),
        }
    }
}

/// A well-formed row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    /// The message id.
    pub message_id: String,
    /// The feedback value.
    pub feedback: Feedback,
    /// The comment, if the row has a non-empty one.
    pub comment: Option<String>,
}

/// Why a row cannot be sent.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RowError {
    /// The message id, if it could be read.
    pub message_id: Option<String>,
    /// What is wrong, naming the field.
    pub message: String,
}

/// The rows of an input, or a fatal read error (after which nothing more
/// can be read).
pub(super) type Rows = Box<dyn Iterator<Item = Result<Row, String>> + Send>;

/// The format of `input`: the flag, else the extension.
pub(super) fn detect_format(input: &Path, flag: Option<Format>) -> Result<Format, CliError> {
    if let Some(format) = flag {
        return Ok(format);
    }
    let extension = input
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("jsonl" | "ndjson") => Ok(Format::Jsonl),
        _ => Err(CliError::Usage(format!(
            "cannot tell the format of {}: name it .csv or .jsonl, or pass --format csv|jsonl",
            input.display()
        ))),
    }
}

/// Whether `input` is standard input (`-`).
pub(super) fn is_stdin(input: &Path) -> bool {
    input.as_os_str() == "-"
}

/// Whether `input` is a regular file that can be read twice (not `-`, a
/// pipe, `/dev/stdin` or a process substitution).
pub(super) fn is_regular_file(input: &Path) -> bool {
    !is_stdin(input) && std::fs::metadata(input).is_ok_and(|m| m.is_file())
}

/// Opens the input (`-` is standard input) and checks a CSV header.
pub(super) fn open(input: &Path, format: Format, max_row_bytes: usize) -> Result<Rows, CliError> {
    let reader: Box<dyn Read + Send> = if is_stdin(input) {
        Box::new(std::io::stdin())
    } else {
        let cannot =
            |e: std::io::Error| CliError::Usage(format!("cannot open {}: {e}", input.display()));
        if std::fs::metadata(input).map_err(cannot)?.is_dir() {
            return Err(CliError::Usage(format!(
                "{} is a directory: give a CSV or JSON Lines file",
                input.display()
            )));
        }
        Box::new(File::open(input).map_err(cannot)?)
    };
    let reader = BufReader::with_capacity(64 * 1024, reader);
    from_reader(reader, format, max_row_bytes)
}

fn from_reader(
    reader: impl BufRead + Send + 'static,
    format: Format,
    max_row_bytes: usize,
) -> Result<Rows, CliError> {
    let source = Source::new(reader, max_row_bytes);
    match format {
        Format::Csv => Ok(Box::new(CsvRows::new(source)?)),
        Format::Jsonl => Ok(Box::new(JsonlRows { source })),
    }
}

mod csv;
mod jsonl;

use csv::CsvRows;
use jsonl::JsonlRows;
use wonderchat_records::Source;

pub(super) fn too_large(max_row_bytes: usize) -> RowError {
    RowError {
        message_id: None,
        message: format!(
            "row too large: more than {max_row_bytes} bytes (raise --max-row-bytes if it is \
             meant to be this long)"
        ),
    }
}

/// Checks the fields of a row, whatever its format.
pub(super) fn entry(
    message_id: Option<String>,
    feedback: Option<&str>,
    comment: Option<String>,
) -> Result<Entry, RowError> {
    let message_id = message_id
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty());
    let Some(message_id) = message_id else {
        return Err(no_id("messageId: missing or empty".to_owned()));
    };
    let feedback = match feedback.map(str::trim).filter(|f| !f.is_empty()) {
        None => {
            return Err(with_id(
                &Some(message_id),
                "feedback: missing or empty".to_owned(),
            ));
        }
        Some(text) => text
            .parse::<Feedback>()
            .map_err(|e| with_id(&Some(message_id.clone()), format!("feedback: {e}")))?,
    };
    Ok(Entry {
        message_id,
        feedback,
        comment: comment.filter(|c| !c.is_empty()),
    })
}

pub(super) fn no_id(message: String) -> RowError {
    RowError {
        message_id: None,
        message,
    }
}

pub(super) fn with_id(message_id: &Option<String>, message: String) -> RowError {
    RowError {
        message_id: message_id.clone(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 64 * 1024;

    fn read(format: Format, bytes: &[u8], limit: usize) -> Result<Rows, CliError> {
        let reader = BufReader::with_capacity(16, std::io::Cursor::new(bytes.to_vec()));
        from_reader(reader, format, limit)
    }

    fn rows(format: Format, text: &str) -> Vec<Row> {
        read(format, text.as_bytes(), LIMIT)
            .ok()
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn lines(format: Format, text: &str) -> Vec<u64> {
        rows(format, text).iter().map(|r| r.line).collect()
    }

    #[test]
    fn csv_rows_carry_their_line_numbers_and_errors() {
        let text = "messageId,feedback,userComment\n\
                    m1,HELPFUL,great\n\
                    m2,not-helpful,\n\
                    ,HELPFUL,x\n\
                    m4,MAYBE,x\n\
                    \"m5\",helpful,\"multi\nline\"\n\
                    m6\n\
                    m7,NOT_HELPFUL\n";
        let rows = rows(Format::Csv, text);
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 8, 9]);
        assert_eq!(
            rows[0].parsed,
            Ok(Entry {
                message_id: "m1".into(),
                feedback: Feedback::Helpful,
                comment: Some("great".into())
            })
        );
        assert_eq!(rows[1].parsed.as_ref().unwrap().comment, None);
        assert_eq!(
            rows[2].parsed.as_ref().unwrap_err().message,
            "messageId: missing or empty"
        );
        let bad = rows[3].parsed.as_ref().unwrap_err();
        assert_eq!(bad.message_id.as_deref(), Some("m4"));
        assert!(
            bad.message
                .starts_with("feedback: unknown feedback value \"MAYBE\""),
            "{}",
            bad.message
        );
        assert_eq!(
            rows[4].parsed.as_ref().unwrap().comment.as_deref(),
            Some("multi\nline")
        );
        assert_eq!(
            rows[5].parsed.as_ref().unwrap_err().message,
            "feedback: missing or empty"
        );
        assert_eq!(
            rows[6].parsed.as_ref().unwrap().feedback,
            Feedback::NotHelpful
        );
    }

    #[test]
    fn csv_line_numbers_with_crlf_endings() {
        let text = "messageId,feedback\r\nm1,HELPFUL\r\nm2,HELPFUL\r\n\r\nm3,HELPFUL\r\n";
        assert_eq!(lines(Format::Csv, text), [2, 3, 5]);
    }

    #[test]
    fn csv_line_numbers_with_cr_only_endings() {
        let text = "messageId,feedback\rm1,HELPFUL\rm2,HELPFUL\rm3,HELPFUL";
        assert_eq!(lines(Format::Csv, text), [2, 3, 4]);
    }

    #[test]
    fn csv_line_numbers_with_mixed_endings() {
        let text = "messageId,feedback\nm1,HELPFUL\r\nm2,HELPFUL\rm3,HELPFUL\n\nm4,HELPFUL";
        assert_eq!(lines(Format::Csv, text), [2, 3, 4, 6]);
    }

    #[test]
    fn csv_line_numbers_with_quoted_line_breaks() {
        let text = "messageId,feedback,userComment\r\n\
                    m1,HELPFUL,\"one\r\ntwo\r\nthree\"\r\n\
                    m2,HELPFUL,\"a\rb\"\r\
                    m3,HELPFUL,\"x\ny\"\n\
                    m4,HELPFUL,z\n";
        let rows = rows(Format::Csv, text);
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5, 7, 9]);
        assert_eq!(
            rows[0].parsed.as_ref().unwrap().comment.as_deref(),
            Some("one\r\ntwo\r\nthree")
        );
    }

    #[test]
    fn csv_with_a_bom_and_no_final_line_end() {
        let rows = rows(Format::Csv, "\u{feff}messageId,feedback\nm1,HELPFUL");
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].parsed.as_ref().unwrap().message_id, "m1");
    }

    #[test]
    fn csv_columns_may_come_in_any_order_without_a_comment() {
        let rows = rows(Format::Csv, "feedback,messageId\nHELPFUL,m1\n");
        assert_eq!(rows[0].parsed.as_ref().unwrap().message_id, "m1");
    }

    #[test]
    fn a_csv_without_the_required_columns_is_a_usage_error() {
        let Err(CliError::Usage(message)) = read(Format::Csv, b"id,value\n1,2\n", LIMIT) else {
            panic!()
        };
        assert!(message.contains("found: id,value"), "{message}");
    }

    #[test]
    fn duplicate_csv_columns_are_a_usage_error_naming_the_column() {
        let input = b"messageId,feedback,MessageId\nm1,HELPFUL,m2\n";
        let Err(CliError::Usage(message)) = read(Format::Csv, input, LIMIT) else {
            panic!()
        };
        assert!(message.contains("column MessageId twice"), "{message}");
    }

    #[test]
    fn rows_over_the_limit_are_reported_and_the_rest_goes_on() {
        let long = "x".repeat(5_000);
        let csv = format!(
            "messageId,feedback,userComment\nm1,HELPFUL,{long}\nm2,HELPFUL,\"{long}\n{long}\"\nm3,HELPFUL,ok\n"
        );
        let rows: Vec<Row> = read(Format::Csv, csv.as_bytes(), 1_000)
            .ok()
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 5]);
        for row in &rows[..2] {
            let bad = row.parsed.as_ref().unwrap_err();
            assert!(
                bad.message
                    .starts_with("row too large: more than 1000 bytes"),
                "{}",
                bad.message
            );
        }
        assert_eq!(rows[2].parsed.as_ref().unwrap().message_id, "m3");

        let jsonl = format!(
            "{{\"messageId\":\"m1\",\"feedback\":\"HELPFUL\",\"userComment\":\"{long}\"}}\n\
             {{\"messageId\":\"m2\",\"feedback\":\"HELPFUL\"}}\n"
        );
        let rows: Vec<Row> = read(Format::Jsonl, jsonl.as_bytes(), 1_000)
            .ok()
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2]);
        assert!(
            rows[0]
                .parsed
                .as_ref()
                .unwrap_err()
                .message
                .starts_with("row too large")
        );
        assert!(rows[1].parsed.is_ok());
    }

    #[test]
    fn jsonl_accepts_a_bom() {
        let rows = rows(
            Format::Jsonl,
            "\u{feff}{\"messageId\":\"m1\",\"feedback\":\"HELPFUL\"}\r\n",
        );
        assert_eq!(rows[0].line, 1);
        assert_eq!(rows[0].parsed.as_ref().unwrap().message_id, "m1");
    }

    #[test]
    fn jsonl_rows_skip_blank_lines_and_name_bad_fields() {
        let text = "{\"messageId\":\"m1\",\"feedback\":\"HELPFUL\",\"userComment\":\"c\"}\n\
                    \n\
                    {\"messageId\":\"m2\",\"feedback\":\"NOT_HELPFUL\",\"userComment\":null}\n\
                    {broken\n\
                    {\"messageId\":3,\"feedback\":\"HELPFUL\"}\n\
                    {\"messageId\":\"m5\",\"feedback\":true}\n\
                    [1]\n\
                    {\"messageId\":\"m7\",\"feedback\":\"helpful\",\"extra\":1}";
        let rows = rows(Format::Jsonl, text);
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 3, 4, 5, 6, 7, 8]);
        assert!(rows[0].parsed.is_ok() && rows[1].parsed.is_ok() && rows[6].parsed.is_ok());
        assert!(
            rows[2]
                .parsed
                .as_ref()
                .unwrap_err()
                .message
                .starts_with("not a JSON object")
        );
        assert!(
            rows[3]
                .parsed
                .as_ref()
                .unwrap_err()
                .message
                .starts_with("messageId: must be a string")
        );
        let bad = rows[4].parsed.as_ref().unwrap_err();
        assert_eq!(
            (
                bad.message_id.as_deref(),
                bad.message.starts_with("feedback: must be a string")
            ),
            (Some("m5"), true)
        );
        assert!(
            rows[5]
                .parsed
                .as_ref()
                .unwrap_err()
                .message
                .starts_with("not a JSON object")
        );
    }

    #[test]
    fn formats_come_from_the_flag_or_the_extension() {
        assert_eq!(
            detect_format(Path::new("a.CSV"), None).ok(),
            Some(Format::Csv)
        );
        assert_eq!(
            detect_format(Path::new("a.ndjson"), None).ok(),
            Some(Format::Jsonl)
        );
        assert_eq!(
            detect_format(Path::new("-"), Some(Format::Jsonl)).ok(),
            Some(Format::Jsonl)
        );
        assert!(detect_format(Path::new("a.txt"), None).is_err());
    }

    /// The physical line of each row start, counted independently: the line
    /// of a byte is 1 + the line ends before it.
    fn physical_line(bytes: &[u8], offset: usize) -> u64 {
        let mut counter = wonderchat_records::LineCounter::default();
        counter.advance(&bytes[..offset]);
        counter.line
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]

        /// Arbitrary bytes give rows or errors, never a panic, and lines only grow.
        #[test]
        fn any_bytes_are_rows_or_errors(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            let csv_input = [b"messageId,feedback,userComment\n".as_slice(), &bytes].concat();
            for input in [bytes.clone(), csv_input] {
                if let Ok(rows) = read(Format::Csv, &input, 64) {
                    let mut last = 0;
                    for row in rows.flatten() {
                        proptest::prop_assert!(row.line > last);
                        last = row.line;
                    }
                }
                let mut last = 0;
                for row in read(Format::Jsonl, &input, 64).ok().unwrap() {
                    let row = row.unwrap();
                    proptest::prop_assert!(row.line > last);
                    last = row.line;
                }
            }
        }

        /// Whatever line endings a CSV mixes, each row is numbered by the
        /// physical line its first byte is on.
        #[test]
        fn csv_rows_are_numbered_by_their_physical_line(
            rows in proptest::collection::vec((0usize..3, 0usize..4, proptest::prelude::any::<bool>()), 1..20)
        ) {
            let endings = ["\n", "\r\n", "\r"];
            let mut text = String::from("messageId,feedback,userComment\n");
            let mut starts = Vec::new();
            for (i, (ending, blank_lines, quoted)) in rows.iter().enumerate() {
                starts.push(text.len());
                let comment = if *quoted { format!("\"a{}b\"", endings[*ending]) } else { "c".to_owned() };
                text.push_str(&format!("m{i},HELPFUL,{comment}{}", endings[*ending]));
                for _ in 0..*blank_lines {
                    text.push_str(endings[(ending + 1) % 3]);
                }
            }
            let expected: Vec<u64> = starts.iter().map(|&s| physical_line(text.as_bytes(), s)).collect();
            let got: Vec<u64> = read(Format::Csv, text.as_bytes(), LIMIT).ok().unwrap().map(|r| r.unwrap().line).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }
}

//! Reading import files: CSV (header `messageId,feedback,userComment`) or
//! JSON Lines, streamed row by row, every problem tied to its line.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::{Map, Value};
use wonderchat::Feedback;

use crate::CliError;
use crate::args::Format;

/// One input row, with the line it starts on (1-based).
#[derive(Debug)]
pub struct Row {
    /// The line number in the input.
    pub line: u64,
    /// The row's fields, or why they are unusable.
    pub parsed: Result<Entry, RowError>,
}

/// A well-formed row.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The message id.
    pub message_id: String,
    /// The feedback value.
    pub feedback: Feedback,
    /// The comment, if the row has a non-empty one.
    pub comment: Option<String>,
}

/// Why a row cannot be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// The message id, if it could be read.
    pub message_id: Option<String>,
    /// What is wrong, naming the field.
    pub message: String,
}

/// The rows of an input, or a fatal read error (after which nothing more
/// can be read).
pub type Rows = Box<dyn Iterator<Item = Result<Row, String>> + Send>;

/// The format of `input`: the flag, else the extension.
pub fn detect_format(input: &Path, flag: Option<Format>) -> Result<Format, CliError> {
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

/// Opens the input (`-` is standard input) and checks a CSV header.
pub fn open(input: &Path, format: Format) -> Result<Rows, CliError> {
    let reader: Box<dyn Read + Send> = if input.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        let file = File::open(input)
            .map_err(|e| CliError::Usage(format!("cannot open {}: {e}", input.display())))?;
        Box::new(file)
    };
    let reader = BufReader::with_capacity(64 * 1024, reader);
    match format {
        Format::Csv => csv_rows(reader),
        Format::Jsonl => Ok(Box::new(jsonl_rows(reader))),
    }
}

/// The number of rows in a regular file, for the progress bar (counts
/// lines; a CSV's quoted line breaks make it an estimate).
pub fn count_rows(input: &Path, format: Format) -> Option<u64> {
    if input.as_os_str() == "-" {
        return None;
    }
    let mut file = BufReader::with_capacity(256 * 1024, File::open(input).ok()?);
    let (mut lines, mut last) = (0u64, b'\n');
    loop {
        let chunk = file.fill_buf().ok()?;
        if chunk.is_empty() {
            break;
        }
        lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
        last = chunk[chunk.len() - 1];
        let n = chunk.len();
        file.consume(n);
    }
    if last != b'\n' {
        lines += 1;
    }
    Some(match format {
        Format::Csv => lines.saturating_sub(1),
        Format::Jsonl => lines,
    })
}

fn csv_rows(reader: impl Read + Send + 'static) -> Result<Rows, CliError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(reader);
    let header = csv
        .byte_headers()
        .map_err(|e| CliError::Usage(format!("cannot read the CSV header: {e}")))?
        .clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| String::from_utf8_lossy(h).trim().eq_ignore_ascii_case(name))
    };
    let (Some(id_col), Some(feedback_col)) = (column("messageId"), column("feedback")) else {
        let found: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        return Err(CliError::Usage(format!(
            "the CSV header must name the columns messageId and feedback (userComment is \
             optional); found: {}",
            found.join(",")
        )));
    };
    let comment_col = column("userComment");
    let rows = csv.into_byte_records().map(move |record| {
        let record = match record {
            Ok(record) => record,
            Err(e) => return csv_error(e),
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: Option<usize>, name: &'static str| -> Result<Option<String>, String> {
            match i.and_then(|i| record.get(i)) {
                None => Ok(None),
                Some(bytes) => String::from_utf8(bytes.to_vec())
                    .map(Some)
                    .map_err(|_| format!("{name}: not valid UTF-8")),
            }
        };
        let parsed = (|| {
            let message_id = field(Some(id_col), "messageId").map_err(no_id)?;
            let feedback =
                field(Some(feedback_col), "feedback").map_err(|m| with_id(&message_id, m))?;
            let comment = field(comment_col, "userComment").map_err(|m| with_id(&message_id, m))?;
            entry(message_id, feedback.as_deref(), comment)
        })();
        Ok(Row { line, parsed })
    });
    Ok(Box::new(rows))
}

/// A CSV error: an I/O failure ends the import; anything else is a bad row.
fn csv_error(e: csv::Error) -> Result<Row, String> {
    let line = e.position().map_or(0, |p| p.line());
    if let csv::ErrorKind::Io(io) = e.kind() {
        return Err(format!("cannot read the input: {io}"));
    }
    Ok(Row {
        line,
        parsed: Err(RowError {
            message_id: None,
            message: format!("malformed CSV: {e}"),
        }),
    })
}

fn jsonl_rows(
    mut reader: impl BufRead + Send + 'static,
) -> impl Iterator<Item = Result<Row, String>> + Send {
    let mut line = 0u64;
    let mut buffer = Vec::with_capacity(512);
    std::iter::from_fn(move || {
        loop {
            buffer.clear();
            match reader.read_until(b'\n', &mut buffer) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(format!("cannot read the input: {e}"))),
            }
            line += 1;
            if buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(Row {
                line,
                parsed: json_entry(&buffer),
            }));
        }
    })
}

fn json_entry(bytes: &[u8]) -> Result<Entry, RowError> {
    let object: Map<String, Value> = serde_json::from_slice(bytes).map_err(|e| RowError {
        message_id: None,
        message: format!("not a JSON object: {e}"),
    })?;
    let text = |name: &'static str| -> Result<Option<String>, String> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!("{name}: must be a string, found {other}")),
        }
    };
    let message_id = text("messageId").map_err(no_id)?;
    let feedback = text("feedback").map_err(|m| with_id(&message_id, m))?;
    let comment = text("userComment").map_err(|m| with_id(&message_id, m))?;
    entry(message_id, feedback.as_deref(), comment)
}

/// Checks the fields of a row, whatever its format.
fn entry(
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

fn no_id(message: String) -> RowError {
    RowError {
        message_id: None,
        message,
    }
}

fn with_id(message_id: &Option<String>, message: String) -> RowError {
    RowError {
        message_id: message_id.clone(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(format: Format, text: &str) -> Vec<Row> {
        let reader = BufReader::new(std::io::Cursor::new(text.to_owned().into_bytes()));
        let rows: Rows = match format {
            Format::Csv => csv_rows(reader).ok().unwrap(),
            Format::Jsonl => Box::new(jsonl_rows(reader)),
        };
        rows.map(Result::unwrap).collect()
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
    fn csv_columns_may_come_in_any_order_without_a_comment() {
        let rows = rows(Format::Csv, "feedback,messageId\nHELPFUL,m1\n");
        assert_eq!(rows[0].parsed.as_ref().unwrap().message_id, "m1");
    }

    #[test]
    fn a_csv_without_the_required_columns_is_a_usage_error() {
        let reader = BufReader::new(std::io::Cursor::new(b"id,value\n1,2\n".to_vec()));
        let Err(CliError::Usage(message)) = csv_rows(reader) else {
            panic!()
        };
        assert!(message.contains("found: id,value"), "{message}");
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]

        /// Arbitrary bytes give rows or errors, never a panic, and lines only grow.
        #[test]
        fn any_bytes_are_rows_or_errors(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            let csv_input = [b"messageId,feedback,userComment\n".as_slice(), &bytes].concat();
            for input in [bytes.clone(), csv_input] {
                if let Ok(rows) = csv_rows(BufReader::new(std::io::Cursor::new(input.clone()))) {
                    let mut last = 0;
                    for row in rows.flatten() {
                        proptest::prop_assert!(row.line >= last);
                        last = row.line;
                    }
                }
                let mut last = 0;
                for row in jsonl_rows(BufReader::new(std::io::Cursor::new(input))) {
                    let row = row.unwrap();
                    proptest::prop_assert!(row.line > last);
                    last = row.line;
                }
            }
        }
    }
}

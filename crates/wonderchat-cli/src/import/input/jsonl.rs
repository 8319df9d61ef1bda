//! JSON Lines rows: one object per line, blank lines skipped.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::lines::Source;
use super::{Entry, Row, RowError, entry, no_id, too_large, with_id};

/// JSON Lines rows: one object per `\n`-terminated line, blank lines skipped.
pub(super) struct JsonlRows<R> {
    pub(super) source: Source<R>,
}

impl<R: BufRead> JsonlRows<R> {
    /// Reads one line (without its `\n`), keeping at most the limit; returns
    /// the line's number, its bytes and whether it was cut.
    pub(super) fn next_line(&mut self) -> Result<Option<(u64, Vec<u8>, bool)>, String> {
        let line = self.source.lines.line;
        let max = self.source.max_row_bytes;
        let (mut bytes, mut too_large, mut any) = (Vec::new(), false, false);
        loop {
            let buf = self.source.fill()?;
            if buf.is_empty() {
                return Ok(any.then_some((line, bytes, too_large)));
            }
            any = true;
            let (n, end) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            let content = &buf[..if end { n - 1 } else { n }];
            if !too_large {
                if bytes.len() + content.len() > max {
                    too_large = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(content);
                }
            }
            // Lines are counted on `\n` only here: JSON Lines has no other ending.
            self.source.reader.consume(n);
            if end {
                self.source.lines.line += 1;
                return Ok(Some((line, bytes, too_large)));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonlRows<R> {
    type Item = Result<Row, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (line, bytes, too_large_row) = match self.next_line() {
                Ok(Some(read)) => read,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            if too_large_row {
                return Some(Ok(Row {
                    line,
                    parsed: Err(too_large(self.source.max_row_bytes)),
                }));
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(Row {
                line,
                parsed: json_entry(&bytes),
            }));
        }
    }
}

pub(super) fn json_entry(bytes: &[u8]) -> Result<Entry, RowError> {
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

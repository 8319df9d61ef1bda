//! JSON Lines rows: one object per line, blank lines skipped.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::{Entry, Row, RowError, entry, no_id, too_large, with_id};
use wonderchat_records::Source;

/// JSON Lines rows: one object per `\n`-terminated line, blank lines skipped.
pub(super) struct JsonlRows<R> {
    pub(super) source: Source<R>,
}

impl<R: BufRead> Iterator for JsonlRows<R> {
    type Item = Result<Row, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut bytes = Vec::new();
            let line = match self.source.next_line(&mut bytes) {
                Ok(Some(line)) => line,
                Ok(None) => return None,
                Err(e) => return Some(Err(format!("cannot read the input: {e}"))),
            };
            let (line, too_large_row) = (line.number, line.too_large);
            if too_large_row {
                return Some(Ok(Row {
                    line,
                    parsed: Err(too_large(self.source.max_record_bytes())),
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

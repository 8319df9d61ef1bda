//! JSON Lines: one chatlog per line, each written as safe JSON (every
//! character that could drive a terminal escaped: serde_json leaves C1
//! controls, DEL and bidirectional overrides raw) and read back as it was.

use std::io::{BufRead, Write};

use wonderchat::Chatlog;
use wonderchat_records::Source;

use super::{ReadError, ReadStats, too_large};

/// A serde_json formatter that writes the characters
/// [`wonderchat::is_unprintable`] names as `\uXXXX` escapes (the same JSON
/// value, read back).
struct SafeFormatter;

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut from = 0;
        for (at, c) in fragment.char_indices() {
            if wonderchat::is_unprintable(c) {
                writer.write_all(&fragment.as_bytes()[from..at])?;
                // Every such character is in the basic plane: one escape.
                write!(writer, "\\u{:04x}", c as u32)?;
                from = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[from..])
    }
}

/// Writes `value` as one line of safe JSON (no newline).
///
/// # Errors
/// Writing failed.
pub fn write_json<W: Write>(writer: W, value: &impl serde::Serialize) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(writer, SafeFormatter);
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)
}

/// Writes one chatlog as a line of the export (with its newline).
///
/// # Errors
/// Writing failed.
pub fn write(mut writer: impl Write, chatlog: &Chatlog) -> std::io::Result<()> {
    write_json(&mut writer, chatlog)?;
    writer.write_all(b"\n")
}

pub(super) fn read(
    mut source: Source<impl BufRead>,
    stats: &mut ReadStats,
    sink: &mut impl FnMut(Chatlog),
) -> Result<(), ReadError> {
    let mut line = Vec::new();
    while let Some(at) = source.next_line(&mut line).map_err(ReadError::Io)? {
        if at.too_large {
            stats.skip(at.number, too_large(source.max_record_bytes()));
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Chatlog>(&line) {
            Ok(chatlog) => {
                stats.chatlogs += 1;
                sink(chatlog);
            }
            Err(e) => stats.skip(at.number, format!("not a chatlog: {e}")),
        }
    }
    Ok(())
}

//! What the CLI writes for people and programs: JSON with every character
//! that could drive a terminal escaped (serde_json leaves C1 controls, DEL
//! and bidirectional overrides raw), and CSV cells made safe for terminals
//! and spreadsheets.

use std::io::Write;

use crate::CliError;

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
pub(crate) fn write_json<W: Write>(
    writer: W,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(writer, SafeFormatter);
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)
}

/// `value` as safe JSON text.
pub(crate) fn json(value: &impl serde::Serialize) -> Result<String, CliError> {
    let mut out = Vec::new();
    write_json(&mut out, value).map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))?;
    // The formatter writes UTF-8 and ASCII escapes only.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// How CSV cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellGuard {
    /// Escape control characters (the output is a terminal).
    pub terminal: bool,
    /// Neutralise cells a spreadsheet would run as a formula.
    pub formulas: bool,
}

/// A CSV cell made safe: on a terminal, control characters escaped; with
/// the formula guard, a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, as OWASP recommends against CSV
/// injection (the spreadsheet then shows it as text).
pub(crate) fn cell(text: &str, guard: CellGuard) -> std::borrow::Cow<'_, str> {
    let mut text = std::borrow::Cow::Borrowed(text);
    if guard.formulas && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text = std::borrow::Cow::Owned(format!("'{text}"));
    }
    if guard.terminal && text.chars().any(wonderchat::is_unprintable) {
        text = std::borrow::Cow::Owned(wonderchat::printable(&text));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_c1_del_and_bidi_overrides_and_reads_back_the_same() {
        let value = serde_json::json!({"t": "a\u{9b}2J\u{7f}\u{202e}b\u{1b}é"});
        let text = json(&value).unwrap();
        assert_eq!(text, r#"{"t":"a\u009b2J\u007f\u202eb\u001bé"}"#, "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn cells_are_neutralised_for_spreadsheets_and_escaped_for_terminals() {
        let file = CellGuard {
            terminal: false,
            formulas: true,
        };
        for formula in ["=HYPERLINK(\"x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(cell(formula, file), format!("'{formula}"));
        }
        assert_eq!(cell("plain = text", file), "plain = text");
        let terminal = CellGuard {
            terminal: true,
            formulas: true,
        };
        assert_eq!(
            cell("hi\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J", terminal),
            "hi\\u{1b}]52;c;ZXZpbA==\\u{7}\\u{1b}[2J"
        );
        let raw = CellGuard {
            terminal: false,
            formulas: false,
        };
        assert_eq!(cell("=1+1", raw), "=1+1");
    }
}

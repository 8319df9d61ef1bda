//! What the CLI writes for people and programs: JSON with every character
//! that could drive a terminal escaped (the export format's safe JSON), and
//! stdout that a closed pipe does not turn into an error.

use std::io::Write;

use crate::error::CliError;

/// `value` as safe JSON text.
pub(crate) fn json(value: &impl serde::Serialize) -> Result<String, CliError> {
    let mut out = Vec::new();
    wonderchat_insights::format::write_json(&mut out, value)
        .map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))?;
    // The formatter writes UTF-8 and ASCII escapes only.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Failed(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
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
}

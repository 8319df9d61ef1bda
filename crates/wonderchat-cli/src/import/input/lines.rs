//! Physical line numbers over the bytes as they are read (`\n`, `\r\n`
//! and a lone `\r` each end a line), and the buffered source that counts
//! them and strips a leading byte-order mark.

use std::io::BufRead;

use super::BOM;

/// Counts physical lines over bytes as they are consumed.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineCounter {
    /// The line the next byte is on.
    pub(super) line: u64,
    /// Whether the last byte was a `\r` (so a `\n` now ends no new line).
    pub(super) after_cr: bool,
}

impl LineCounter {
    pub(super) fn advance(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' => self.line += 1,
                b'\r' => {
                    self.line += 1;
                    self.after_cr = true;
                }
                _ => self.after_cr = false,
            }
        }
    }
}

/// A buffered reader that counts lines and strips a leading BOM.
pub(super) struct Source<R> {
    pub(super) reader: R,
    pub(super) lines: LineCounter,
    pub(super) max_row_bytes: usize,
    pub(super) started: bool,
}

impl<R: BufRead> Source<R> {
    pub(super) fn new(reader: R, max_row_bytes: usize) -> Self {
        Self {
            reader,
            lines: LineCounter {
                line: 1,
                after_cr: false,
            },
            max_row_bytes,
            started: false,
        }
    }

    /// The buffered bytes (empty at the end of the input).
    pub(super) fn fill(&mut self) -> Result<&[u8], String> {
        if !self.started {
            self.started = true;
            let buf = self.fill_raw()?;
            if buf.starts_with(BOM) {
                self.reader.consume(BOM.len());
            }
        }
        self.fill_raw()
    }

    pub(super) fn fill_raw(&mut self) -> Result<&[u8], String> {
        let cannot = |e: std::io::Error| format!("cannot read the input: {e}");
        loop {
            match self.reader.fill_buf() {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(cannot(e)),
            }
        }
        // Buffered now: this second call does no I/O unless at the end.
        self.reader.fill_buf().map_err(cannot)
    }

    /// Consumes `n` buffered bytes, counting their lines.
    pub(super) fn consume(&mut self, n: usize) {
        if let Ok(buf) = self.reader.fill_buf() {
            self.lines.advance(&buf[..n]);
        }
        self.reader.consume(n);
    }

    /// Skips line ends; returns false at the end of the input.
    pub(super) fn skip_line_ends(&mut self) -> Result<bool, String> {
        loop {
            let buf = self.fill()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            let more = n == buf.len();
            self.consume(n);
            if !more {
                return Ok(true);
            }
        }
    }
}

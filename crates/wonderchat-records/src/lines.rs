//! Physical line numbers over the bytes as they are read, the buffered
//! source that counts them, and `\n`-terminated lines read up to a limit.

use std::io::BufRead;

/// The UTF-8 byte order mark some editors put at the start of a file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Counts physical lines over bytes as they are consumed.
#[derive(Debug, Clone, Copy)]
pub struct LineCounter {
    /// The line the next byte is on (1-based).
    pub line: u64,
    /// Whether the last byte was a `\r` (so a `\n` now ends no new line).
    pub after_cr: bool,
}

impl Default for LineCounter {
    fn default() -> Self {
        Self {
            line: 1,
            after_cr: false,
        }
    }
}

impl LineCounter {
    /// Counts the line ends in `bytes`.
    pub fn advance(&mut self, bytes: &[u8]) {
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

/// Where a line read by [`Source::next_line`] was, and whether it was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Its number (1-based; JSON Lines count `\n` only).
    pub number: u64,
    /// It was longer than the limit: the bytes given are empty and the rest
    /// of it was skipped unread.
    pub too_large: bool,
}

/// A buffered reader that counts lines, strips a leading BOM and knows the
/// longest record it may hold.
pub struct Source<R> {
    reader: R,
    /// The line the next byte is on.
    pub lines: LineCounter,
    max_record_bytes: usize,
    started: bool,
}

impl<R: BufRead> Source<R> {
    /// Reads `reader`; a record (a line, a CSV row) may be at most
    /// `max_record_bytes` long.
    pub fn new(reader: R, max_record_bytes: usize) -> Self {
        Self {
            reader,
            lines: LineCounter::default(),
            max_record_bytes,
            started: false,
        }
    }

    /// The longest record held.
    pub fn max_record_bytes(&self) -> usize {
        self.max_record_bytes
    }

    /// The buffered bytes (empty at the end of the input), past a leading BOM.
    ///
    /// # Errors
    /// Reading failed.
    pub fn fill(&mut self) -> std::io::Result<&[u8]> {
        if !self.started {
            self.started = true;
            let buf = self.fill_raw()?;
            if buf.starts_with(BOM) {
                self.reader.consume(BOM.len());
            }
        }
        self.fill_raw()
    }

    fn fill_raw(&mut self) -> std::io::Result<&[u8]> {
        loop {
            match self.reader.fill_buf() {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        // Buffered now: this second call does no I/O unless at the end.
        self.reader.fill_buf()
    }

    /// Consumes `n` buffered bytes, counting their lines.
    pub fn consume(&mut self, n: usize) {
        if let Ok(buf) = self.reader.fill_buf() {
            self.lines.advance(&buf[..n.min(buf.len())]);
        }
        self.reader.consume(n);
    }

    /// Skips line ends; returns false at the end of the input.
    ///
    /// # Errors
    /// Reading failed.
    pub fn skip_line_ends(&mut self) -> std::io::Result<bool> {
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

    /// Reads the next `\n`-terminated line into `out` (cleared first,
    /// without its `\n`), holding at most the limit: a longer line leaves
    /// `out` empty, is marked too large and is skipped to its end unread.
    /// `None` at the end of the input. Lines are counted on `\n` only.
    ///
    /// # Errors
    /// Reading failed.
    pub fn next_line(&mut self, out: &mut Vec<u8>) -> std::io::Result<Option<Line>> {
        out.clear();
        self.append_line(out)
    }

    /// [`Source::next_line`], appending the line to `out` (a line too large
    /// appends nothing): many lines gathered in one buffer.
    ///
    /// # Errors
    /// Reading failed.
    pub fn append_line(&mut self, out: &mut Vec<u8>) -> std::io::Result<Option<Line>> {
        let start = out.len();
        let number = self.lines.line;
        let max = self.max_record_bytes;
        let (mut too_large, mut any) = (false, false);
        loop {
            let buf = self.fill()?;
            if buf.is_empty() {
                return Ok(any.then_some(Line { number, too_large }));
            }
            any = true;
            let (n, end) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            let content = &buf[..if end { n - 1 } else { n }];
            if !too_large {
                if out.len() - start + content.len() > max {
                    too_large = true;
                    out.truncate(start);
                    if start == 0 {
                        *out = Vec::new();
                    }
                } else {
                    out.extend_from_slice(content);
                }
            }
            self.reader.consume(n);
            if end {
                self.lines.line += 1;
                return Ok(Some(Line { number, too_large }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8], max: usize) -> Vec<(u64, Vec<u8>, bool)> {
        let mut source = Source::new(std::io::BufReader::with_capacity(4, text), max);
        let mut out = Vec::new();
        let mut all = Vec::new();
        while let Some(line) = source.next_line(&mut out).unwrap() {
            all.push((line.number, out.clone(), line.too_large));
        }
        all
    }

    #[test]
    fn lines_over_the_limit_are_marked_and_skipped_whole() {
        let text = b"\xEF\xBB\xBFab\n0123456789\nc";
        assert_eq!(
            lines(text, 5),
            [
                (1, b"ab".to_vec(), false),
                (2, Vec::new(), true),
                (3, b"c".to_vec(), false)
            ]
        );
        assert!(lines(b"", 5).is_empty());
    }

    #[test]
    fn an_endless_line_is_read_in_bounded_memory() {
        // 64 MiB of NUL bytes without a line end: one line, too large,
        // never held (the test would take the whole of it otherwise).
        let endless = std::io::repeat(0).take(64 << 20);
        let mut source = Source::new(std::io::BufReader::new(endless), 1024);
        let mut out = Vec::new();
        let line = source.next_line(&mut out).unwrap().unwrap();
        assert!(line.too_large && out.capacity() <= 1024);
        assert!(source.next_line(&mut out).unwrap().is_none());
    }

    use std::io::Read;
}

//! JSON Lines: one chatlog per line, each written as safe JSON (every
//! character that could drive a terminal escaped: serde_json leaves C1
//! controls, DEL and bidirectional overrides raw) and read back as it was.

use std::io::{BufRead, Write};

use wonderchat::Chatlog;
use wonderchat_records::Source;

use super::{ReadError, ReadStats, too_large as too_large_text};

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

/// One line's outcome.
enum Parsed {
    Chatlog(Box<Chatlog>),
    Skipped(u64, String),
}

/// What a blank line, a line over the limit or any other line becomes.
fn parse(number: u64, too_large: bool, line: &[u8], limit: usize) -> Option<Parsed> {
    if too_large {
        return Some(Parsed::Skipped(number, too_large_text(limit)));
    }
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    // One UTF-8 check of the whole line (ASCII at memory speed), then
    // serde_json reads it as text and checks no string again; a line that
    // is not UTF-8 gets serde_json's own error.
    let parsed = match std::str::from_utf8(line) {
        Ok(text) => serde_json::from_str::<Chatlog>(text),
        Err(_) => serde_json::from_slice::<Chatlog>(line),
    };
    Some(match parsed {
        Ok(chatlog) => Parsed::Chatlog(Box::new(chatlog)),
        Err(e) => Parsed::Skipped(number, format!("not a chatlog: {e}")),
    })
}

fn deliver(parsed: Parsed, stats: &mut ReadStats, sink: &mut impl FnMut(Chatlog)) {
    match parsed {
        Parsed::Chatlog(chatlog) => {
            stats.chatlogs += 1;
            sink(*chatlog);
        }
        Parsed::Skipped(number, why) => stats.skip(number, why),
    }
}

/// Reads the lines one at a time on this thread (`workers` ≤ 1), or with
/// `workers` threads parsing batches of lines while a reader thread reads
/// (and unpacks) the input and this one counts: the chatlogs reach `sink`
/// in the input's order either way, so the result is the same.
pub(super) fn read(
    mut source: Source<impl BufRead + Send>,
    stats: &mut ReadStats,
    sink: &mut impl FnMut(Chatlog),
    workers: usize,
) -> Result<(), ReadError> {
    if workers > 1 {
        return parallel::read(source, stats, sink, workers);
    }
    let limit = source.max_record_bytes();
    let mut line = Vec::new();
    while let Some(at) = source.next_line(&mut line).map_err(ReadError::Io)? {
        if let Some(parsed) = parse(at.number, at.too_large, &line, limit) {
            deliver(parsed, stats, sink);
        }
    }
    Ok(())
}

/// The reader, the parsers and the counter on their own threads.
///
/// The reader gathers lines into batches of about [`BATCH_BYTES`] and
/// hands batch `k` to parser `k % workers`; this thread takes the parsed
/// batches back in the same rotation, so their order is the input's. Each
/// channel holds one batch, and the bytes of the batches under way are
/// bounded by [`BYTES_UNDER_WAY`] (a longer line goes alone, when nothing
/// else is under way): memory stays flat whatever the input.
mod parallel {
    use std::io::BufRead;
    use std::ops::Range;
    use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
    use std::sync::{Condvar, Mutex, PoisonError};

    use wonderchat::Chatlog;
    use wonderchat_records::Source;

    use super::{Parsed, ReadError, ReadStats, deliver, parse};

    /// Bytes of lines gathered into one batch.
    pub(super) const BATCH_BYTES: usize = 256 << 10;
    /// Bytes of batches read but not yet counted.
    pub(super) const BYTES_UNDER_WAY: usize = 8 << 20;

    /// Lines read together: their bytes and, per line, its number, whether
    /// it was too large and where it is.
    struct Batch {
        bytes: Vec<u8>,
        lines: Vec<(u64, bool, Range<usize>)>,
    }

    /// The parsed lines of a batch and the bytes it held.
    struct Done {
        parsed: Vec<Parsed>,
        bytes: usize,
    }

    /// The bytes under way, and whether the counter has stopped taking
    /// batches (so a reader waiting for room stops).
    #[derive(Default)]
    struct Budget {
        state: Mutex<(usize, bool)>,
        freed: Condvar,
    }

    impl Budget {
        /// Waits for room for `bytes`; false when the counter stopped.
        fn take(&self, bytes: usize) -> bool {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            while !state.1 && state.0 > 0 && state.0 + bytes > BYTES_UNDER_WAY {
                state = self
                    .freed
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            state.0 += bytes;
            !state.1
        }

        fn give(&self, bytes: usize) {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.0 = state.0.saturating_sub(bytes);
            self.freed.notify_all();
        }

        fn stop(&self) {
            self.state.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
            self.freed.notify_all();
        }
    }

    /// Stops the budget when the counter leaves, even by a panic.
    struct StopOnDrop<'a>(&'a Budget);

    impl Drop for StopOnDrop<'_> {
        fn drop(&mut self) {
            self.0.stop();
        }
    }

    /// Reads batches and sends batch `k` to parser `k % n`.
    fn reader(
        mut source: Source<impl BufRead>,
        to_parsers: Vec<SyncSender<Batch>>,
        budget: &Budget,
    ) -> std::io::Result<()> {
        let mut k = 0usize;
        loop {
            let mut batch = Batch {
                bytes: Vec::with_capacity(BATCH_BYTES + (BATCH_BYTES >> 2)),
                lines: Vec::new(),
            };
            let mut end = false;
            while batch.bytes.len() < BATCH_BYTES {
                let start = batch.bytes.len();
                match source.append_line(&mut batch.bytes)? {
                    Some(line) => {
                        let range = start..batch.bytes.len();
                        batch.lines.push((line.number, line.too_large, range));
                    }
                    None => {
                        end = true;
                        break;
                    }
                }
            }
            if !batch.lines.is_empty() {
                let bytes = batch.bytes.len();
                if !budget.take(bytes) || to_parsers[k % to_parsers.len()].send(batch).is_err() {
                    return Ok(());
                }
                k += 1;
            }
            if end {
                return Ok(());
            }
        }
    }

    fn parser(batches: Receiver<Batch>, done: SyncSender<Done>, limit: usize) {
        for batch in batches {
            let parsed = batch
                .lines
                .iter()
                .filter_map(|(number, too_large, range)| {
                    parse(*number, *too_large, &batch.bytes[range.clone()], limit)
                })
                .collect();
            let bytes = batch.bytes.len();
            drop(batch);
            if done.send(Done { parsed, bytes }).is_err() {
                return;
            }
        }
    }

    pub(super) fn read(
        source: Source<impl BufRead + Send>,
        stats: &mut ReadStats,
        sink: &mut impl FnMut(Chatlog),
        workers: usize,
    ) -> Result<(), ReadError> {
        let limit = source.max_record_bytes();
        let budget = Budget::default();
        std::thread::scope(|scope| {
            let (mut to_parsers, mut from_parsers) = (Vec::new(), Vec::new());
            let mut parsers = Vec::new();
            for _ in 0..workers {
                let (batch_tx, batch_rx) = sync_channel::<Batch>(1);
                let (done_tx, done_rx) = sync_channel::<Done>(1);
                parsers.push(scope.spawn(move || parser(batch_rx, done_tx, limit)));
                to_parsers.push(batch_tx);
                from_parsers.push(done_rx);
            }
            let budget = &budget;
            let reading = scope.spawn(move || reader(source, to_parsers, budget));
            let stop = StopOnDrop(budget);
            for k in 0.. {
                let Ok(done) = from_parsers[k % workers].recv() else {
                    break;
                };
                for parsed in done.parsed {
                    deliver(parsed, stats, sink);
                }
                budget.give(done.bytes);
            }
            drop(stop);
            // Nothing more is taken: parsers still sending stop.
            drop(from_parsers);
            // A parser that stopped early would end the rotation early:
            // its panic is this thread's, never a shorter read.
            for parser in parsers {
                if let Err(panic) = parser.join() {
                    std::panic::resume_unwind(panic);
                }
            }
            match reading.join() {
                Ok(result) => result.map_err(ReadError::Io),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }
}

//! JSON Lines: one chatlog per line, each written as safe JSON (every
//! character that could drive a terminal escaped: serde_json leaves C1
//! controls, DEL and bidirectional overrides raw) and read back as it was.

use std::borrow::Cow;
use std::io::{BufRead, Write};
use std::ops::Range;

use wonderchat::Chatlog;
use wonderchat_records::Source;

use super::{ReadError, ReadStats, too_large as too_large_text};
use crate::record::{Messages, Record, Span, timestamp};

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

/// A string of a line, borrowed when it holds no escape.
#[derive(serde::Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// The fields of a line the report reads (the others skipped unread, as
/// serde skips what a struct does not name).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lean<'a> {
    #[serde(borrow)]
    created_at: Text<'a>,
    #[serde(borrow)]
    chatbot_id: Text<'a>,
    #[serde(default, borrow)]
    user_feedback: Option<Text<'a>>,
    #[serde(default, borrow)]
    ai_resolution_state: Option<Text<'a>>,
    #[serde(default)]
    average_confidence: Option<f64>,
    #[serde(default, borrow)]
    country_code: Option<Text<'a>>,
    #[serde(default, borrow)]
    initial_page_url: Option<Text<'a>>,
    #[serde(default, borrow)]
    messages: LeanMessages<'a>,
}

/// Exchanges of a chatlog kept (the report reads the first few user
/// messages; all are counted): a line of millions of `{}` holds no more.
const EXCHANGES_KEPT: usize = 64;

/// A chatlog's exchanges: how many, and the first [`EXCHANGES_KEPT`]
/// (the others skipped unread, whatever they hold).
#[derive(Default)]
struct LeanMessages<'a> {
    total: usize,
    kept: Vec<LeanExchange<'a>>,
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for LeanMessages<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Exchanges<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Exchanges<'a> {
            type Value = LeanMessages<'a>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of exchanges")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = LeanMessages::default();
                loop {
                    if out.kept.len() < EXCHANGES_KEPT {
                        match seq.next_element::<LeanExchange<'a>>()? {
                            Some(e) => out.kept.push(e),
                            None => break,
                        }
                    } else if seq.next_element::<serde::de::IgnoredAny>()?.is_none() {
                        break;
                    }
                    out.total += 1;
                }
                Ok(out)
            }
        }
        /// `null` is no exchanges, as a missing `messages` is.
        struct Nullable<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Nullable<'a> {
            type Value = LeanMessages<'a>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of exchanges or null")
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(LeanMessages::default())
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(LeanMessages::default())
            }

            fn visit_some<D: serde::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                deserializer.deserialize_seq(Exchanges(std::marker::PhantomData))
            }
        }
        deserializer.deserialize_option(Nullable(std::marker::PhantomData))
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeanExchange<'a> {
    #[serde(default, borrow)]
    user_message: Option<Text<'a>>,
    #[serde(default, borrow)]
    bot_message: Option<Text<'a>>,
}

/// Lines read together: their bytes and, per line, its number, whether it
/// was too large and where it is.
struct Batch {
    bytes: Vec<u8>,
    lines: Vec<(u64, bool, Range<usize>)>,
}

/// One parsed line: where its strings are in its batch.
struct Parsed {
    created_at: chrono::DateTime<chrono::Utc>,
    chatbot_id: Span,
    user_feedback: Option<Span>,
    ai_resolution_state: Option<Span>,
    average_confidence: Option<f64>,
    country_code: Option<Span>,
    initial_page_url: Option<Span>,
    messages: Range<usize>,
    /// How many exchanges it has (`messages` holds the first few).
    exchanges: usize,
}

/// One line's outcome.
enum Outcome {
    Record(Parsed),
    Skipped(u64, String),
}

/// A batch parsed: its text, the strings that held escapes unescaped, the
/// exchanges of all its lines, and each line's outcome.
struct Done {
    text: String,
    unescaped: String,
    exchanges: Vec<[Option<Span>; 2]>,
    outcomes: Vec<Outcome>,
    /// The bytes it was read from.
    bytes: usize,
}

impl Done {
    fn record(&self, p: &Parsed) -> Record<'_> {
        let get = |s: Span| s.get(&self.text, &self.unescaped);
        Record {
            created_at: p.created_at,
            chatbot_id: get(p.chatbot_id),
            user_feedback: p.user_feedback.map(get),
            ai_resolution_state: p.ai_resolution_state.map(get),
            average_confidence: p.average_confidence,
            country_code: p.country_code.map(get),
            initial_page_url: p.initial_page_url.map(get),
            messages: Messages::spans(
                self.exchanges.get(p.messages.clone()).unwrap_or_default(),
                p.exchanges,
                &self.text,
                &self.unescaped,
            ),
        }
    }
}

/// Parses every line of a batch. Its text is checked as UTF-8 once (a line
/// that is not is skipped); strings are found where they are, and copied
/// only when they held escapes.
fn parse_batch(batch: Batch, limit: usize) -> Done {
    let bytes = batch.bytes.len();
    let (text, ranges): (String, Vec<Option<Range<usize>>>) = match String::from_utf8(batch.bytes) {
        Ok(text) => (
            text,
            batch
                .lines
                .iter()
                .map(|(_, _, r)| Some(r.clone()))
                .collect(),
        ),
        Err(e) => {
            let raw = e.into_bytes();
            let mut text = String::new();
            let ranges = batch
                .lines
                .iter()
                .map(|(_, _, r)| {
                    let line = std::str::from_utf8(&raw[r.clone()]).ok()?;
                    let start = text.len();
                    text.push_str(line);
                    Some(start..text.len())
                })
                .collect();
            (text, ranges)
        }
    };
    let mut done = Done {
        text: String::new(),
        unescaped: String::new(),
        exchanges: Vec::new(),
        outcomes: Vec::with_capacity(batch.lines.len()),
        bytes,
    };
    for ((number, too_large, _), range) in batch.lines.iter().zip(ranges) {
        if *too_large {
            done.outcomes
                .push(Outcome::Skipped(*number, too_large_text(limit)));
            continue;
        }
        let Some(range) = range else {
            done.outcomes.push(Outcome::Skipped(
                *number,
                "not a chatlog: not UTF-8 text".to_owned(),
            ));
            continue;
        };
        let line = &text[range];
        if line.bytes().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let outcome = match serde_json::from_str::<Lean>(line) {
            Ok(lean) => match timestamp(&lean.created_at.0) {
                Some(created_at) => Outcome::Record(place(lean, created_at, &text, &mut done)),
                None => Outcome::Skipped(
                    *number,
                    format!(
                        "not a chatlog: createdAt {:?} is not an RFC 3339 time",
                        lean.created_at.0.chars().take(40).collect::<String>()
                    ),
                ),
            },
            Err(e) => Outcome::Skipped(*number, format!("not a chatlog: {e}")),
        };
        done.outcomes.push(outcome);
    }
    done.text = text;
    done
}

/// Where each string of `lean` is: its place in `text` when borrowed from
/// it, else appended to the batch's unescaped strings.
fn place(
    lean: Lean<'_>,
    created_at: chrono::DateTime<chrono::Utc>,
    text: &str,
    done: &mut Done,
) -> Parsed {
    let base = text.as_ptr() as usize;
    let mut span = |t: Text<'_>| match t.0 {
        Cow::Borrowed(s) => {
            let start = (s.as_ptr() as usize).wrapping_sub(base);
            Span {
                unescaped: false,
                start,
                end: start + s.len(),
            }
        }
        Cow::Owned(s) => {
            let start = done.unescaped.len();
            done.unescaped.push_str(&s);
            Span {
                unescaped: true,
                start,
                end: done.unescaped.len(),
            }
        }
    };
    let chatbot_id = span(lean.chatbot_id);
    let user_feedback = lean.user_feedback.map(&mut span);
    let ai_resolution_state = lean.ai_resolution_state.map(&mut span);
    let country_code = lean.country_code.map(&mut span);
    let initial_page_url = lean.initial_page_url.map(&mut span);
    let mut exchanges = Vec::with_capacity(lean.messages.kept.len());
    for e in lean.messages.kept {
        exchanges.push([e.user_message.map(&mut span), e.bot_message.map(&mut span)]);
    }
    let start = done.exchanges.len();
    done.exchanges.extend(exchanges);
    Parsed {
        created_at,
        chatbot_id,
        user_feedback,
        ai_resolution_state,
        average_confidence: lean.average_confidence,
        country_code,
        initial_page_url,
        messages: start..done.exchanges.len(),
        exchanges: lean.messages.total,
    }
}

/// Hands a parsed batch's records to `sink` in order, counting skips.
fn deliver(done: &Done, stats: &mut ReadStats, sink: &mut impl FnMut(&Record<'_>)) {
    for outcome in &done.outcomes {
        match outcome {
            Outcome::Record(parsed) => {
                stats.chatlogs += 1;
                sink(&done.record(parsed));
            }
            Outcome::Skipped(number, why) => stats.skip(*number, why),
        }
    }
}

/// Bytes of lines gathered into one batch.
const BATCH_BYTES: usize = 256 << 10;

/// The next batch of lines of `source` (empty at its end).
fn next_batch(source: &mut Source<impl BufRead>) -> std::io::Result<Batch> {
    let mut batch = Batch {
        bytes: Vec::with_capacity(BATCH_BYTES + (BATCH_BYTES >> 2)),
        lines: Vec::new(),
    };
    while batch.bytes.len() < BATCH_BYTES {
        let start = batch.bytes.len();
        match source.append_line(&mut batch.bytes)? {
            Some(line) => {
                let range = start..batch.bytes.len();
                batch.lines.push((line.number, line.too_large, range));
            }
            None => break,
        }
    }
    Ok(batch)
}

/// Reads the batches and parses them on this thread (`workers` ≤ 1), or
/// with `workers` threads parsing while a reader thread reads (and
/// unpacks) the input and this one counts: the records reach `sink` in the
/// input's order either way, so the result is the same.
pub(super) fn read(
    mut source: Source<impl BufRead + Send>,
    stats: &mut ReadStats,
    sink: &mut impl FnMut(&Record<'_>),
    workers: usize,
) -> Result<(), ReadError> {
    if workers > 1 {
        return parallel::read(source, stats, sink, workers);
    }
    let limit = source.max_record_bytes();
    loop {
        let batch = next_batch(&mut source).map_err(ReadError::Io)?;
        if batch.lines.is_empty() {
            return Ok(());
        }
        deliver(&parse_batch(batch, limit), stats, sink);
    }
}

/// The reader, the parsers and the counter on their own threads.
///
/// The reader gathers lines into batches of about [`BATCH_BYTES`] and
/// hands batch `k` to parser `k % workers`; this thread takes the parsed
/// batches back in the same rotation, so their order is the input's. Each
/// channel holds one batch, and the bytes of the batches under way are
/// bounded by [`BYTES_UNDER_WAY`](parallel::BYTES_UNDER_WAY) (a longer
/// line goes alone, when nothing else is under way): memory stays flat
/// whatever the input.
mod parallel {
    use std::io::BufRead;
    use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
    use std::sync::{Condvar, Mutex, PoisonError};

    use wonderchat_records::Source;

    use super::{Batch, Done, ReadError, ReadStats, Record, deliver, next_batch, parse_batch};

    /// Bytes of batches read but not yet counted.
    pub(super) const BYTES_UNDER_WAY: usize = 8 << 20;
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
            let batch = next_batch(&mut source)?;
            if batch.lines.is_empty() {
                return Ok(());
            }
            let bytes = batch.bytes.len();
            if !budget.take(bytes) || to_parsers[k % to_parsers.len()].send(batch).is_err() {
                return Ok(());
            }
            k += 1;
        }
    }

    fn parser(batches: Receiver<Batch>, done: SyncSender<Done>, limit: usize) {
        for batch in batches {
            if done.send(parse_batch(batch, limit)).is_err() {
                return;
            }
        }
    }

    pub(super) fn read(
        source: Source<impl BufRead + Send>,
        stats: &mut ReadStats,
        sink: &mut impl FnMut(&Record<'_>),
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
                deliver(&done, stats, sink);
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

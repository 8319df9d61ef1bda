//! The export file format, written and read here only: JSON Lines (one
//! [`Chatlog`] per line, `wonderchat export`'s default; [`jsonl`]) or CSV
//! (one row per question/answer pair, the chatlog's fields repeated, cells
//! guarded against spreadsheet formulas; [`csv`]). `wonderchat export`, the
//! MCP server's `save_chatlogs` and the report all go through it.
//!
//! Reading takes either, gzipped or not ([`open`] unpacks it as it reads).
//! A line or row that is not a chatlog, or is longer than the limit, is
//! counted and skipped with its line number; nothing is held beyond one
//! chatlog of at most the limit.

pub mod csv;
pub mod jsonl;

use std::io::BufRead;

use serde::Serialize;
use wonderchat::Chatlog;
use wonderchat_records::Source;

use crate::record::Record;

pub use self::csv::{COLUMNS, CellGuard};
pub use self::jsonl::write_json;

/// The longest line or CSV row read by default (the API's per-chatlog
/// limit, `wonderchat::DEFAULT_MAX_CHATLOG_BYTES`): a longer one is skipped
/// unread.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 32 << 20;

/// The formats an export comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One chatlog per line.
    Jsonl,
    /// One row per question/answer pair.
    Csv,
}

/// How much of the input became chatlogs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadStats {
    /// Chatlogs read.
    pub chatlogs: u64,
    /// Lines or rows skipped as not chatlogs.
    pub skipped: u64,
    /// The first problems, each naming its line.
    pub problems: Vec<String>,
    /// Conversations whose words were not read (beyond the questions limit
    /// of an engine's tables: `report --sql`): counted in every figure but
    /// the topics, languages and requests for a person. Absent when 0.
    #[serde(skip_serializing_if = "is_zero")]
    #[schemars(skip)]
    pub words_not_read: u64,
    /// Conversations `wonderchat eval` made (recognised through the eval
    /// ledger), left out of every figure. Absent when 0.
    #[serde(skip_serializing_if = "is_zero")]
    #[schemars(skip)]
    pub eval_left_out: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// How many problems a report lists (all are counted).
const PROBLEMS_SHOWN: usize = 10;

impl ReadStats {
    pub(crate) fn skip(&mut self, line: u64, why: impl std::fmt::Display) {
        self.skipped += 1;
        if self.problems.len() < PROBLEMS_SHOWN {
            let why = why.to_string();
            // A reason may quote the input: short, and one line.
            let why: String = why.chars().take(160).collect();
            self.problems
                .push(format!("line {line}: {}", why.replace(['\n', '\r'], " ")));
        }
    }
}

/// Why the input could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Reading failed (the file, the pipe).
    #[error("cannot read the export")]
    Io(#[source] std::io::Error),
    /// A CSV without the export's columns.
    #[error("not a CSV export of wonderchat: the header has no {0} column")]
    NotAnExport(&'static str),
    /// Nothing in the input was a chatlog.
    #[error("no chatlog in the input ({0}); give an export written by `wonderchat export`")]
    NoChatlogs(String),
    /// The input holds NUL bytes: binary data, not an export.
    #[error("not an export: byte {0} is a NUL byte (binary data); give a JSON Lines or CSV export")]
    Binary(u64),
}

/// An input as its bytes come, unpacked when gzipped (its magic bytes,
/// whatever its name), and its format: see [`detect`]. Binary data (a NUL
/// byte in the first buffer, as from `/dev/zero`) is refused as
/// [`ReadError::Binary`] before anything is read into a record.
///
/// # Errors
/// The input cannot be read, or is binary.
pub fn open(
    mut input: Box<dyn BufRead + Send>,
    name: Option<&str>,
) -> Result<(Box<dyn BufRead + Send>, Format), ReadError> {
    let gzipped = input
        .fill_buf()
        .map_err(ReadError::Io)?
        .starts_with(&[0x1f, 0x8b]);
    let name = name.map(|n| n.trim_end_matches(".gz").trim_end_matches(".GZ"));
    let mut input: Box<dyn BufRead + Send> = if gzipped {
        Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(input),
        ))
    } else {
        input
    };
    let first = input.fill_buf().map_err(ReadError::Io)?;
    if let Some(at) = first.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary(at as u64 + 1));
    }
    let format = detect(name, first);
    Ok((input, format))
}

/// The format of an input: CSV when its name ends in `.csv` or its first
/// non-blank byte is not `{`.
pub fn detect(name: Option<&str>, first_bytes: &[u8]) -> Format {
    if name.is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv")) {
        return Format::Csv;
    }
    let first = first_bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(first_bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'{') | None => Format::Jsonl,
        Some(_) => Format::Csv,
    }
}

/// Reads every chatlog of `input` into `sink` as a [`Record`] (what the
/// report reads of it), one at a time and in the input's order; a line (or
/// CSV row) longer than `max_record_bytes` is skipped without being held.
/// JSON Lines are read (and unpacked) on one thread and parsed on the
/// machine's cores ([`parsers`]) while `sink` runs on the caller's, only
/// the fields a record has (the others skipped unread); memory stays
/// bounded.
///
/// # Errors
/// The input cannot be read, a CSV lacks the export's columns, or nothing
/// in it is a chatlog.
pub fn read(
    input: impl BufRead + Send,
    format: Format,
    max_record_bytes: usize,
    sink: impl FnMut(&Record<'_>),
) -> Result<ReadStats, ReadError> {
    read_with(input, format, max_record_bytes, parsers(), sink)
}

/// The threads that parse JSON Lines: one per core, at most 8 (1: the
/// caller's thread parses, no other thread starts).
pub fn parsers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// [`read`] with `parsers` parsing threads (≤ 1: all on the caller's
/// thread). The chatlogs, their order and the counts are the same whatever
/// the number.
///
/// # Errors
/// As [`read`].
pub fn read_with(
    input: impl BufRead + Send,
    format: Format,
    max_record_bytes: usize,
    parsers: usize,
    mut sink: impl FnMut(&Record<'_>),
) -> Result<ReadStats, ReadError> {
    let mut stats = ReadStats::default();
    let source = Source::new(input, max_record_bytes);
    match format {
        Format::Jsonl => jsonl::read(source, &mut stats, &mut sink, parsers)?,
        Format::Csv => csv::read(source, &mut stats, &mut |c: Chatlog| {
            sink(&Record::from(&c))
        })?,
    }
    if stats.chatlogs == 0 && stats.skipped > 0 {
        return Err(ReadError::NoChatlogs(stats.problems[0].clone()));
    }
    Ok(stats)
}

/// Why a record over the limit was skipped.
pub(crate) fn too_large(limit: usize) -> String {
    format!("longer than {limit} bytes (the limit of one chatlog); skipped unread")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record with its strings owned, to compare.
    #[derive(Debug, PartialEq)]
    pub(crate) struct Owned {
        created_at: chrono::DateTime<chrono::Utc>,
        chatbot_id: String,
        user_feedback: Option<String>,
        ai_resolution_state: Option<String>,
        average_confidence: Option<f64>,
        country_code: Option<String>,
        initial_page_url: Option<String>,
        messages: Vec<(Option<String>, Option<String>)>,
    }

    impl From<&Record<'_>> for Owned {
        fn from(r: &Record<'_>) -> Self {
            let own = |s: Option<&str>| s.map(str::to_owned);
            Self {
                created_at: r.created_at,
                chatbot_id: r.chatbot_id.to_owned(),
                user_feedback: own(r.user_feedback),
                ai_resolution_state: own(r.ai_resolution_state),
                average_confidence: r.average_confidence,
                country_code: own(r.country_code),
                initial_page_url: own(r.initial_page_url),
                messages: r.messages.iter().map(|(q, a)| (own(q), own(a))).collect(),
            }
        }
    }

    fn all(text: &str, format: Format) -> Result<(Vec<Owned>, ReadStats), ReadError> {
        let mut out = Vec::new();
        let stats = read(text.as_bytes(), format, 4096, |r| out.push(Owned::from(r)))?;
        Ok((out, stats))
    }

    const LINE: &str = r#"{"createdAt":"2024-01-31T12:00:00.000Z","chatbotId":"b","userFeedback":"BAD","messages":[{"userMessage":"q","botMessage":"a","createdAt":"2024-01-31T12:00:01.000Z"}]}"#;

    #[test]
    fn bad_lines_are_counted_with_their_numbers_and_the_rest_is_read() {
        let text = format!(
            "\u{feff}{LINE}\n\n{{\"chatbotId\":1}}\n{}\n{LINE}\n",
            &LINE[..40]
        );
        let (chatlogs, stats) = all(&text, Format::Jsonl).unwrap();
        assert_eq!(chatlogs.len(), 2);
        assert_eq!(stats.skipped, 2);
        assert!(
            stats.problems[0].starts_with("line 3: not a chatlog"),
            "{stats:?}"
        );
        assert!(stats.problems[1].starts_with("line 4:"), "{stats:?}");
    }

    #[test]
    fn a_file_that_is_not_an_export_is_an_error_and_an_empty_one_is_empty() {
        let err = all("{\"hello\":\"world\"}\n[1,2]\n", Format::Jsonl).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        let (chatlogs, stats) = all("", Format::Jsonl).unwrap();
        assert!(chatlogs.is_empty() && stats.skipped == 0);
        let err = all("a,b\n1,2\n", Format::Csv).unwrap_err();
        assert!(matches!(err, ReadError::NotAnExport("chatbotId")), "{err}");
    }

    #[test]
    fn csv_rows_of_one_chatlog_become_one_chatlog_and_formula_guards_come_off() {
        let header = COLUMNS.join(",");
        let text = format!(
            "{header}\nb,2024-01-31T12:00:00.000Z,,,,DE,BAD,0.4,UNRESOLVED,https://x/p,2024-01-31T12:00:01.000Z,'=SUM(A1),a1\n\
             b,2024-01-31T12:00:00.000Z,,,,DE,BAD,0.4,UNRESOLVED,https://x/p,2024-01-31T12:00:02.000Z,q2,a2\n\
             c,2024-02-01T00:00:00.000Z,,,,,,,,,,,\n"
        );
        let (chatlogs, stats) = all(&text, Format::Csv).unwrap();
        assert_eq!(stats.chatlogs, 2);
        assert_eq!(chatlogs[0].messages.len(), 2);
        assert_eq!(chatlogs[0].messages[0].0.as_deref(), Some("=SUM(A1)"));
        assert_eq!(chatlogs[0].average_confidence, Some(0.4));
        assert!(chatlogs[1].messages.is_empty());
    }

    #[test]
    fn a_gzipped_export_is_unpacked_as_it_is_read() {
        use std::io::Write;
        let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        packed
            .write_all(format!("{LINE}\n{LINE}\n").as_bytes())
            .unwrap();
        let packed = packed.finish().unwrap();
        let (input, format) = open(
            Box::new(std::io::Cursor::new(packed)),
            Some("week.jsonl.gz"),
        )
        .unwrap();
        assert_eq!(format, Format::Jsonl);
        let mut n = 0;
        read(input, format, 4096, |_| n += 1).unwrap();
        assert_eq!(n, 2);
    }

    #[test]
    fn lines_and_rows_over_the_limit_are_skipped_and_counted_unread() {
        let long = format!(
            "{{\"createdAt\":\"2024-01-31T12:00:00Z\",\"chatbotId\":\"{}\"}}",
            "b".repeat(5000)
        );
        let (chatlogs, stats) = all(&format!("{LINE}\n{long}\n{LINE}\n"), Format::Jsonl).unwrap();
        assert_eq!((chatlogs.len(), stats.skipped), (2, 1));
        assert!(
            stats.problems[0].starts_with("line 2: longer than 4096 bytes"),
            "{stats:?}"
        );
        let header = COLUMNS.join(",");
        let row = "b,2024-01-31T12:00:00.000Z,,,,DE,BAD,0.4,UNRESOLVED,https://x/p,2024-01-31T12:00:01.000Z,q,a";
        let text = format!("{header}\n{row}\nb,\"{}\n\",x\n{row}\n", "q".repeat(5000));
        let (chatlogs, stats) = all(&text, Format::Csv).unwrap();
        assert_eq!((chatlogs.len(), chatlogs[0].messages.len()), (1, 2));
        assert_eq!(stats.skipped, 1);
        assert!(
            stats.problems[0].starts_with("line 3: longer than"),
            "{stats:?}"
        );
    }

    #[test]
    fn an_endless_line_is_read_in_bounded_memory_and_binary_input_is_refused() {
        use std::io::Read;
        // 256 MiB without a line end, limit 1 MiB: one skipped line, and
        // nothing like 256 MiB held (the reader's buffer is all it keeps).
        let endless = std::io::repeat(b' ').take(256 << 20);
        let prefix = std::io::Cursor::new(format!("{LINE}\n{{"));
        let input = std::io::BufReader::new(prefix.chain(endless));
        let mut n = 0;
        let stats = read(input, Format::Jsonl, 1 << 20, |_| n += 1).unwrap();
        assert_eq!((n, stats.skipped), (1, 1));
        // /dev/zero and other binary data: refused at once.
        let zeros = std::io::BufReader::new(std::io::repeat(0).take(1 << 30));
        let Err(err) = open(Box::new(zeros), None) else {
            panic!("binary input was accepted");
        };
        assert!(matches!(err, ReadError::Binary(1)), "{err}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]

        /// Any bytes, as JSON Lines or as CSV after the export's header, with
        /// a small limit: no panic, and every line is a chatlog, a skip or
        /// blank (the counts never exceed the lines).
        #[test]
        fn any_bytes_are_chatlogs_skips_or_a_clean_error(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..3000),
            line in proptest::sample::select(vec![LINE.as_bytes().to_vec(), Vec::new()]),
        ) {
            let jsonl = [line.as_slice(), b"\n", &bytes].concat();
            let csv = [COLUMNS.join(",").as_bytes(), b"\n", &bytes].concat();
            for (input, format) in [(jsonl, Format::Jsonl), (csv, Format::Csv)] {
                let lines = input.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64 + 1;
                if let Ok(stats) = read(input.as_slice(), format, 512, |_: &Record<'_>| {}) {
                    proptest::prop_assert!(stats.chatlogs + stats.skipped <= lines);
                }
                let _ = open(Box::new(std::io::Cursor::new(input)), None);
            }
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same_in_both_formats() {
        let at = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        let mut first = Chatlog::new("bot", at("2024-03-01T09:00:00.120Z"));
        first.user_email = Some("=HYPERLINK(\"x\")".to_owned());
        first.country_code = Some("DE".to_owned());
        first.user_feedback = Some("BAD".to_owned());
        first.average_confidence = Some(0.25);
        first.initial_page_url = Some("https://x.example/p?a=1,b".to_owned());
        first.messages = vec![
            wonderchat::ChatExchange::new(
                at("2024-03-01T09:00:01.000Z"),
                Some("-1 refund, \"now\"\nplease \u{202e}".to_owned()),
                Some("@sorry".to_owned()),
            ),
            wonderchat::ChatExchange::new(
                at("2024-03-01T09:00:02.000Z"),
                Some("again".to_owned()),
                None,
            ),
        ];
        let empty = Chatlog::new("bot-2", at("2024-03-02T00:00:00.000Z"));
        let written = [first, empty];
        for kind in [Format::Jsonl, Format::Csv] {
            let mut out = Vec::new();
            if kind == Format::Csv {
                csv::write_header(&mut out).unwrap();
            }
            for (number, chatlog) in (1..).zip(&written) {
                match kind {
                    Format::Jsonl => jsonl::write(&mut out, chatlog).unwrap(),
                    Format::Csv => csv::write(
                        &mut out,
                        chatlog,
                        number,
                        CellGuard {
                            terminal: false,
                            formulas: true,
                        },
                    )
                    .unwrap(),
                }
            }
            let text = String::from_utf8(out).unwrap();
            // JSON escapes what a terminal would obey (a CSV file keeps
            // text as sent: only its formulas are neutralised).
            assert!(kind == Format::Csv || !text.contains('\u{202e}'), "{text}");
            assert!(
                kind == Format::Jsonl || text.contains("'=HYPERLINK"),
                "{text}"
            );
            let (read, stats) = all(&text, kind).unwrap();
            assert_eq!(stats.skipped, 0, "{kind:?}: {stats:?}");
            let written: Vec<Owned> = written
                .iter()
                .map(|c| Owned::from(&Record::from(c)))
                .collect();
            assert_eq!(read, written, "{kind:?}");
        }
    }

    /// Two conversations alike in every field but their words (two visitors
    /// asking at the same millisecond, without contact details) stay two:
    /// the CSV's `conversation` column groups the rows (they were merged
    /// into one). A file without the column is grouped by the fields.
    #[test]
    fn a_csv_export_groups_its_rows_by_the_conversation_column() {
        let at = chrono::DateTime::parse_from_rfc3339("2024-03-01T09:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let mut one = Chatlog::new("bot", at);
        one.messages = vec![wonderchat::ChatExchange::new(at, Some("a".into()), None)];
        let mut two = one.clone();
        two.messages[0].user_message = Some("b".into());
        let mut out = Vec::new();
        csv::write_header(&mut out).unwrap();
        for (number, chatlog) in (1..).zip([&one, &two]) {
            csv::write(&mut out, chatlog, number, CellGuard::default()).unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("conversation,chatbotId,"), "{text}");
        assert!(text.lines().nth(2).unwrap().starts_with("2,bot,"), "{text}");
        let (read, _) = all(&text, Format::Csv).unwrap();
        assert_eq!(read.len(), 2, "{text}");
        // The same rows without the column: grouped by the fields, as before.
        let old: String = text
            .lines()
            .map(|l| l.split_once(',').unwrap().1.to_owned() + "\n")
            .collect();
        let (read, _) = all(&old, Format::Csv).unwrap();
        assert_eq!(read.len(), 1, "{old}");
    }

    /// `"messages": null` is a chatlog without exchanges, as a missing
    /// `messages` is (it was skipped as "not a chatlog"; Spark and DuckDB
    /// read both as NULL), in the lean parse and in the SDK's `Chatlog`.
    #[test]
    fn null_messages_are_no_exchanges_not_a_bad_line() {
        let text = concat!(
            r#"{"createdAt":"2024-01-31T12:00:00Z","chatbotId":"b","messages":null}"#,
            "\n",
            r#"{"createdAt":"2024-01-31T12:00:00Z","chatbotId":"b"}"#,
            "\n",
            r#"{"createdAt":"2024-01-31T12:00:00Z","chatbotId":"b","messages":7}"#,
            "\n",
        );
        let mut exchanges = Vec::new();
        let stats = read(text.as_bytes(), Format::Jsonl, 1 << 20, |r| {
            exchanges.push(r.messages.len())
        })
        .unwrap();
        assert_eq!(exchanges, vec![0, 0]);
        assert_eq!(stats.skipped, 1, "{:?}", stats.problems);
        let line = text.lines().next().unwrap();
        assert!(
            serde_json::from_str::<Chatlog>(line)
                .unwrap()
                .messages
                .is_empty()
        );
    }

    /// A line of a million exchanges (3 bytes each) keeps the first 64 and
    /// counts them all: its memory is its bytes, not 60 times them.
    #[test]
    fn a_chatlog_of_a_million_exchanges_keeps_a_few_and_counts_all() {
        let line = format!(
            "{{\"createdAt\":\"2024-01-31T12:00:00Z\",\"chatbotId\":\"b\",\"messages\":[{}{{\"userMessage\":\"late\"}}]}}",
            "{},".repeat(1_000_000)
        );
        let mut seen = Vec::new();
        read_with(line.as_bytes(), Format::Jsonl, 8 << 20, 1, |r| {
            seen.push((
                r.messages.len(),
                r.messages.read(),
                r.messages.iter().count(),
            ));
        })
        .unwrap();
        assert_eq!(seen, vec![(1_000_001, 64, 64)]);
    }

    #[test]
    fn the_format_is_detected() {
        assert_eq!(detect(Some("x.CSV"), b"{"), Format::Csv);
        assert_eq!(detect(None, b"\xEF\xBB\xBF  {\"a\""), Format::Jsonl);
        assert_eq!(detect(None, b"chatbotId,createdAt"), Format::Csv);
    }

    /// The end of the tests' seeded accounts.
    fn end() -> chrono::DateTime<chrono::Utc> {
        use chrono::TimeZone;
        chrono::Utc.with_ymd_and_hms(2026, 12, 2, 18, 0, 0).unwrap()
    }

    /// A realistic account of two chatbots (the mock's generator, `seed`),
    /// as an export has its chatlogs.
    fn seeded(seed: u64, n: usize) -> Vec<Chatlog> {
        wonderchat_mock::realistic::Scenario {
            chatbots: vec!["support-bot".into(), "sales-bot".into()],
            ..wonderchat_mock::realistic::Scenario::new(seed, n, end())
        }
        .generate()
        .map(|c| crate::topics::tests::exported(&c))
        .collect()
    }

    /// The last 30 days against the 30 before.
    fn last_30_days() -> crate::Options {
        crate::Options {
            since: Some(end() - chrono::Duration::days(30)),
            compare_previous: true,
            now: end(),
            ..crate::Options::default()
        }
    }

    /// The report is a function of the set of chatlogs, not of their order
    /// (what lets an engine send them grouped, in any order): the same
    /// export read forwards, backwards and shuffled gives the same report,
    /// topics, examples and titles included. Before, the fallback language
    /// was the one seen most so far, and an example or a title of equal
    /// rank was the first seen.
    #[test]
    fn the_report_does_not_depend_on_the_order_of_the_chatlogs() {
        let mut chatlogs = seeded(11, 6_000);
        // Questions no stop word or model places, and equal titles.
        for (i, c) in chatlogs.iter_mut().enumerate().filter(|(i, _)| i % 50 == 0) {
            let q = if i % 100 == 0 {
                "xqzt vvrk plm"
            } else {
                "Xqzt vvrk plm"
            };
            c.messages.insert(
                0,
                wonderchat::ChatExchange::new(c.created_at, Some(q.into()), None),
            );
        }
        let report = |chatlogs: &[Chatlog]| {
            let mut aggregator = crate::Aggregator::new(last_30_days()).unwrap();
            for c in chatlogs {
                aggregator.add(c);
            }
            serde_json::to_string_pretty(&aggregator.finish(ReadStats::default())).unwrap()
        };
        let forwards = report(&chatlogs);
        assert!(forwards.contains("xqzt"), "the planted question is a topic");
        chatlogs.reverse();
        assert!(forwards == report(&chatlogs), "backwards differs");
        // A fixed shuffle: every 7th first, then the rest.
        let mut sevenths: Vec<Chatlog> = chatlogs.iter().step_by(7).cloned().collect();
        sevenths.extend(
            chatlogs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 7 != 0)
                .map(|(_, c)| c.clone()),
        );
        assert!(forwards == report(&sevenths), "shuffled differs");
    }

    /// The parallel reader gives the sequential one's report exactly:
    /// every figure and the knowledge gaps, with bad lines, a line over the
    /// limit and blank lines among a realistic export, whatever the number
    /// of parsers (the chatlogs reach the counter in the input's order).
    #[test]
    fn parsers_on_other_threads_give_the_same_report() {
        let mut text = Vec::new();
        for (i, mut chatlog) in seeded(7, 6_000).into_iter().enumerate() {
            if i % 97 == 0 {
                // Strings with escapes: copied out of the line, not borrowed.
                if let Some(q) = chatlog
                    .messages
                    .first_mut()
                    .and_then(|m| m.user_message.as_mut())
                {
                    q.push_str(" \"quoted\"\n\u{202e}é");
                }
                chatlog.chatbot_id.push('\t');
                chatlog.initial_page_url = Some("https://x.example/\"p\"?utm_source=a".into());
            }
            jsonl::write(&mut text, &chatlog).unwrap();
            match i % 1_000 {
                10 => text.extend_from_slice(b"{\"chatbotId\": 1}\n"),
                20 => text.extend_from_slice(b"\n   \n"),
                30 => text.extend_from_slice(
                    format!("{{\"pad\":\"{}\"}}\n", "x".repeat(9_000)).as_bytes(),
                ),
                _ => {}
            }
        }
        let report = |parsers: usize| {
            let mut aggregator = crate::Aggregator::new(last_30_days()).unwrap();
            let stats = read_with(&text[..], Format::Jsonl, 8_192, parsers, |c| {
                aggregator.add_record(c)
            })
            .unwrap();
            serde_json::to_string_pretty(&aggregator.finish(stats)).unwrap()
        };
        let one = report(1);
        assert!(one.contains("longer than 8192 bytes") && one.contains("not a chatlog"));
        for parsers in [2, 3, 8] {
            assert!(one == report(parsers), "{parsers} parsers differ from one");
        }
        // The lean parse (the fields a record has, strings borrowed) counts
        // what the SDK's whole `Chatlog` would: every figure but the input's
        // problems, whose wording differs.
        let mut whole = crate::Aggregator::new(last_30_days()).unwrap();
        for line in text.split(|&b| b == b'\n') {
            if line.len() <= 8_192
                && let Ok(chatlog) = serde_json::from_slice::<Chatlog>(line)
            {
                whole.add(&chatlog);
            }
        }
        let figures = |json: &str| {
            let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
            value.as_object_mut().unwrap().remove("input");
            value
        };
        let whole = serde_json::to_string(&whole.finish(ReadStats::default())).unwrap();
        assert!(
            figures(&one) == figures(&whole),
            "the lean parse counts differently"
        );
    }
}

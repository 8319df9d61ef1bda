//! Reading an export this project wrote: JSON Lines (one chatlog per line,
//! `wonderchat export`'s default) or CSV (one row per question/answer pair,
//! the chatlog's fields repeated; `--format csv`), either of them gzipped
//! ([`open`] unpacks it as it reads). A line or row that is not
//! a chatlog is counted and skipped, with its line number; nothing is held
//! beyond one chatlog.

use std::io::BufRead;

use serde::Serialize;
use wonderchat_api::types;

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
}

/// How many problems a report lists (all are counted).
const PROBLEMS_SHOWN: usize = 10;

impl ReadStats {
    fn skip(&mut self, line: u64, why: impl std::fmt::Display) {
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
}

/// An input as its bytes come, unpacked when gzipped (its magic bytes,
/// whatever its name), and its format: see [`detect`].
pub fn open(
    mut input: Box<dyn BufRead>,
    name: Option<&str>,
) -> std::io::Result<(Box<dyn BufRead>, Format)> {
    let gzipped = input.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let name = name.map(|n| n.trim_end_matches(".gz").trim_end_matches(".GZ"));
    let mut input: Box<dyn BufRead> = if gzipped {
        Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(input),
        ))
    } else {
        input
    };
    let first = input.fill_buf()?.to_vec();
    Ok((input, detect(name, &first)))
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

/// Reads every chatlog of `input` into `sink`, one at a time.
///
/// # Errors
/// The input cannot be read, a CSV lacks the export's columns, or nothing
/// in it is a chatlog.
pub fn read(
    mut input: impl BufRead,
    format: Format,
    mut sink: impl FnMut(types::Chatlog),
) -> Result<ReadStats, ReadError> {
    let mut stats = ReadStats::default();
    match format {
        Format::Jsonl => read_jsonl(&mut input, &mut stats, &mut sink)?,
        Format::Csv => read_csv(input, &mut stats, &mut sink)?,
    }
    if stats.chatlogs == 0 && stats.skipped > 0 {
        return Err(ReadError::NoChatlogs(stats.problems[0].clone()));
    }
    Ok(stats)
}

fn read_jsonl(
    input: &mut impl BufRead,
    stats: &mut ReadStats,
    sink: &mut impl FnMut(types::Chatlog),
) -> Result<(), ReadError> {
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).map_err(ReadError::Io)? == 0 {
            return Ok(());
        }
        number += 1;
        let text = if number == 1 {
            line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line)
        } else {
            &line[..]
        };
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<types::Chatlog>(text) {
            Ok(chatlog) => {
                stats.chatlogs += 1;
                sink(chatlog);
            }
            Err(e) => stats.skip(number, format!("not a chatlog: {e}")),
        }
    }
}

/// The CSV columns `wonderchat export --format csv` writes (and this
/// reader reads): the chatlog's fields, then one question/answer pair.
pub const COLUMNS: [&str; 13] = [
    "chatbotId",
    "createdAt",
    "userEmail",
    "userPhoneNumber",
    "userName",
    "countryCode",
    "userFeedback",
    "averageConfidence",
    "aiResolutionState",
    "initialPageUrl",
    "exchangeCreatedAt",
    "userMessage",
    "botMessage",
];

/// A cell as the exporter wrote it: a formula-like cell got a leading `'`.
fn cell(text: &str) -> Option<String> {
    let text = match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    };
    (!text.is_empty()).then(|| text.to_owned())
}

fn read_csv(
    input: impl BufRead,
    stats: &mut ReadStats,
    sink: &mut impl FnMut(types::Chatlog),
) -> Result<(), ReadError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| ReadError::Io(std::io::Error::other(e)))?
        .clone();
    let mut index = [0usize; 13];
    for (i, name) in COLUMNS.iter().enumerate() {
        index[i] = header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == *name)
            .ok_or(ReadError::NotAnExport(name))?;
    }
    // Consecutive rows of one chatlog share its fields (the first ten).
    let mut current: Option<(Vec<String>, types::Chatlog)> = None;
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) if e.is_io_error() => {
                return Err(ReadError::Io(std::io::Error::other(e)));
            }
            Err(e) => {
                stats.skip(line, format!("not a CSV row: {e}"));
                continue;
            }
        }
        let field = |i: usize| record.get(index[i]).unwrap_or("");
        let key: Vec<String> = (0..10).map(|i| field(i).to_owned()).collect();
        let parsed = parse_row(&record, &index);
        let (chatlog, exchange) = match parsed {
            Ok(parsed) => parsed,
            Err(why) => {
                stats.skip(line, why);
                continue;
            }
        };
        match &mut current {
            Some((k, log)) if *k == key => log.messages.extend(exchange),
            _ => {
                if let Some((_, done)) = current.take() {
                    stats.chatlogs += 1;
                    sink(done);
                }
                let mut chatlog = chatlog;
                chatlog.messages.extend(exchange);
                current = Some((key, chatlog));
            }
        }
    }
    if let Some((_, done)) = current {
        stats.chatlogs += 1;
        sink(done);
    }
    Ok(())
}

type Row = (types::Chatlog, Option<types::ChatlogExchange>);

fn parse_row(record: &csv::StringRecord, index: &[usize; 13]) -> Result<Row, String> {
    let field = |i: usize| record.get(index[i]).unwrap_or("");
    let time = |i: usize| {
        chrono::DateTime::parse_from_rfc3339(field(i))
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|_| format!("{}: not an RFC 3339 time", COLUMNS[i]))
    };
    let chatbot_id = cell(field(0)).ok_or("chatbotId: empty")?;
    let confidence = match cell(field(7)) {
        None => None,
        Some(text) => Some(
            text.parse::<f64>()
                .map_err(|_| "averageConfidence: not a number".to_owned())?,
        ),
    };
    let chatlog = types::Chatlog {
        chatbot_id,
        created_at: time(1)?,
        user_email: cell(field(2)),
        user_phone_number: cell(field(3)),
        user_name: cell(field(4)),
        country_code: cell(field(5)),
        user_feedback: cell(field(6)),
        average_confidence: confidence,
        ai_resolution_state: cell(field(8)),
        initial_page_url: cell(field(9)),
        messages: Vec::new(),
    };
    // A chatlog without messages has one row with empty pair fields.
    let exchange = if field(10).is_empty() && field(11).is_empty() && field(12).is_empty() {
        None
    } else {
        Some(types::ChatlogExchange {
            created_at: time(10)?,
            user_message: cell(field(11)),
            bot_message: cell(field(12)),
        })
    };
    Ok((chatlog, exchange))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, format: Format) -> Result<(Vec<types::Chatlog>, ReadStats), ReadError> {
        let mut out = Vec::new();
        let stats = read(text.as_bytes(), format, |c| out.push(c))?;
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
        assert_eq!(
            chatlogs[0].messages[0].user_message.as_deref(),
            Some("=SUM(A1)")
        );
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
        read(input, format, |_| n += 1).unwrap();
        assert_eq!(n, 2);
    }

    #[test]
    fn the_format_is_detected() {
        assert_eq!(detect(Some("x.CSV"), b"{"), Format::Csv);
        assert_eq!(detect(None, b"\xEF\xBB\xBF  {\"a\""), Format::Jsonl);
        assert_eq!(detect(None, b"chatbotId,createdAt"), Format::Csv);
    }
}

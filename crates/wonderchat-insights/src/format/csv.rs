//! CSV: one row per question/answer pair, the chatlog's fields repeated;
//! cells a spreadsheet would run as formulas get a leading `'` when
//! written ([`guard`]) and lose it when read.

use std::io::{BufRead, Write};

use wonderchat::{ChatExchange, Chatlog};
use wonderchat_records::{CsvRecords, Source};

use super::{ReadError, ReadStats, too_large};

/// The CSV columns `wonderchat export --format csv` writes (and this
/// The first column: the chatlog's number in the file (1, 2, …), the same
/// on each of its rows, so a spreadsheet can group them (exports carry no
/// chatlog id). A file without it (written before) is grouped by the
/// chatlog's fields.
pub const CONVERSATION: &str = "conversation";

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

/// How CSV cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CellGuard {
    /// Escape control characters (the output is a terminal).
    pub terminal: bool,
    /// Neutralise cells a spreadsheet would run as a formula.
    pub formulas: bool,
}

/// A CSV cell made safe: on a terminal, control characters escaped; with
/// the formula guard, a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, as OWASP recommends against CSV
/// injection (the spreadsheet then shows it as text). `read` takes it off.
pub fn guard(text: &str, guard: CellGuard) -> std::borrow::Cow<'_, str> {
    let mut text = std::borrow::Cow::Borrowed(text);
    if guard.formulas && text.starts_with(FORMULA_STARTS) {
        text = std::borrow::Cow::Owned(format!("'{text}"));
    }
    if guard.terminal && text.chars().any(wonderchat::is_unprintable) {
        text = std::borrow::Cow::Owned(wonderchat::printable(&text));
    }
    text
}

/// What a cell a spreadsheet would run as a formula starts with.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The header row (with its line end).
///
/// # Errors
/// Writing failed.
pub fn write_header(writer: impl Write) -> std::io::Result<()> {
    record(writer, std::iter::once(CONVERSATION).chain(COLUMNS))
}

/// One row per question/answer pair, the chatlog's `number` in the file
/// ([`CONVERSATION`]) and its fields repeated (one row with empty pair
/// fields for a chatlog without messages); every cell made safe as `guard`
/// says.
///
/// # Errors
/// Writing failed.
pub fn write(
    mut writer: impl Write,
    chatlog: &Chatlog,
    number: u64,
    cells: CellGuard,
) -> std::io::Result<()> {
    let number = number.to_string();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let base = [
        chatlog.chatbot_id.clone(),
        chatlog
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        opt(&chatlog.user_email),
        opt(&chatlog.user_phone_number),
        opt(&chatlog.user_name),
        opt(&chatlog.country_code),
        opt(&chatlog.user_feedback),
        chatlog
            .average_confidence
            .map(|c| c.to_string())
            .unwrap_or_default(),
        opt(&chatlog.ai_resolution_state),
        opt(&chatlog.initial_page_url),
    ];
    let pairs: Vec<[String; 3]> = if chatlog.messages.is_empty() {
        vec![Default::default()]
    } else {
        chatlog
            .messages
            .iter()
            .map(|exchange| {
                [
                    exchange
                        .created_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    opt(&exchange.user_message),
                    opt(&exchange.bot_message),
                ]
            })
            .collect()
    };
    for pair in &pairs {
        let row: Vec<std::borrow::Cow<'_, str>> = std::iter::once(&number)
            .chain(&base)
            .chain(pair)
            .map(|c| guard(c, cells))
            .collect();
        record(&mut writer, row.iter().map(|c| c.as_ref()))?;
    }
    Ok(())
}

/// One CSV record, quoted as needed, with its line end.
fn record<'a>(
    writer: impl Write,
    fields: impl IntoIterator<Item = &'a str>,
) -> std::io::Result<()> {
    let mut csv = ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(writer);
    csv.write_record(fields).map_err(std::io::Error::other)?;
    csv.flush()
}

/// A cell as the exporter wrote it: a formula-like cell got a leading `'`.
fn cell(text: &str) -> Option<String> {
    let text = match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    };
    (!text.is_empty()).then(|| text.to_owned())
}

pub(super) fn read(
    source: Source<impl BufRead>,
    stats: &mut ReadStats,
    sink: &mut impl FnMut(Chatlog),
) -> Result<(), ReadError> {
    let mut records = CsvRecords::new(source);
    let header = match records.next_record().map_err(ReadError::Io)? {
        None => return Ok(()),
        Some(record) if record.too_large => return Err(ReadError::NotAnExport(COLUMNS[0])),
        Some(record) => record,
    };
    let names: Vec<String> = (0..header.len())
        .map(|i| String::from_utf8_lossy(header.field(i).unwrap_or_default()).into_owned())
        .collect();
    let mut index = [0usize; 13];
    for (i, name) in COLUMNS.iter().enumerate() {
        index[i] = names
            .iter()
            .position(|h| h == name)
            .ok_or(ReadError::NotAnExport(name))?;
    }
    let conversation = names.iter().position(|h| h == CONVERSATION);
    // Consecutive rows of one chatlog share its number (or, in a file
    // without one, its fields: the first ten).
    let mut current: Option<(Vec<String>, Chatlog)> = None;
    while let Some(record) = records.next_record().map_err(ReadError::Io)? {
        let line = record.line;
        if record.too_large {
            stats.skip(line, too_large(records.source().max_record_bytes()));
            continue;
        }
        let fields: Result<Vec<&str>, &str> = COLUMNS
            .iter()
            .enumerate()
            .map(|(i, column)| {
                std::str::from_utf8(record.field(index[i]).unwrap_or_default()).map_err(|_| *column)
            })
            .collect();
        let fields = match fields {
            Ok(fields) => fields,
            Err(column) => {
                stats.skip(line, format!("{column}: not UTF-8 text"));
                continue;
            }
        };
        let key: Vec<String> = match conversation {
            Some(at) => {
                vec![String::from_utf8_lossy(record.field(at).unwrap_or_default()).into_owned()]
            }
            None => fields[..10].iter().map(|f| (*f).to_owned()).collect(),
        };
        let (chatlog, exchange) = match parse_row(&fields) {
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

type Row = (Chatlog, Option<ChatExchange>);

fn parse_row(fields: &[&str]) -> Result<Row, String> {
    let field = |i: usize| fields[i];
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
    let mut chatlog = Chatlog::new(chatbot_id, time(1)?);
    chatlog.user_email = cell(field(2));
    chatlog.user_phone_number = cell(field(3));
    chatlog.user_name = cell(field(4));
    chatlog.country_code = cell(field(5));
    chatlog.user_feedback = cell(field(6));
    chatlog.average_confidence = confidence;
    chatlog.ai_resolution_state = cell(field(8));
    chatlog.initial_page_url = cell(field(9));
    // A chatlog without messages has one row with empty pair fields.
    let exchange = if field(10).is_empty() && field(11).is_empty() && field(12).is_empty() {
        None
    } else {
        Some(ChatExchange::new(
            time(10)?,
            cell(field(11)),
            cell(field(12)),
        ))
    };
    Ok((chatlog, exchange))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_neutralised_for_spreadsheets_and_escaped_for_terminals() {
        let file = CellGuard {
            terminal: false,
            formulas: true,
        };
        for formula in ["=HYPERLINK(\"x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guard(formula, file), format!("'{formula}"));
        }
        assert_eq!(guard("plain = text", file), "plain = text");
        let terminal = CellGuard {
            terminal: true,
            formulas: true,
        };
        assert_eq!(
            guard("hi\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J", terminal),
            "hi\\u{1b}]52;c;ZXZpbA==\\u{7}\\u{1b}[2J"
        );
        let raw = CellGuard {
            terminal: false,
            formulas: false,
        };
        assert_eq!(guard("=1+1", raw), "=1+1");
    }
}

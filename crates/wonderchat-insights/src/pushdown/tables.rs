//! `report --from-aggregates`: the result tables of a script read back
//! into the [`Aggregator`], and the report made as a file's is.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use wonderchat::{ChatExchange, Chatlog};
use wonderchat_records::{CsvRecords, Source};

use crate::Report;
use crate::aggregate::{Aggregator, Options, OptionsError, Tally};
use crate::format::ReadStats;
use crate::record::Record;

/// The longest row read (a questions row holds six questions of at most a
/// thousand characters, their answers' starts and links).
const MAX_ROW_BYTES: u64 = 1 << 20;

/// The version of the tables this crate writes and reads.
const VERSION: u32 = 1;

/// Why the result tables make no report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AggregatesError {
    /// A table is not in the folder.
    #[error(
        "{dir} has no table {table} (no {table}.jsonl, {table}.csv or folder {table}/): run the script of `report --sql` into it first"
    )]
    Missing {
        /// The folder.
        dir: String,
        /// The table.
        table: &'static str,
    },
    /// A file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A row is not one of its table.
    #[error("{path}, line {line}: not a row of {table}")]
    Row {
        /// The file.
        path: String,
        /// Its line, from 1.
        line: u64,
        /// The table.
        table: &'static str,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A row is longer than any the script writes.
    #[error("{path}, line {line}: a row over {MAX_ROW_BYTES} bytes")]
    TooLong {
        /// The file.
        path: String,
        /// Its line, from 1.
        line: u64,
    },
    /// A value is out of its range.
    #[error("{path}, line {line}: {what}")]
    Value {
        /// The file.
        path: String,
        /// Its line, from 1.
        line: u64,
        /// What is wrong, naming the field.
        what: String,
    },
    /// The tables were written by another version of the script.
    #[error(
        "meta: version {0} of the tables; this wonderchat reads version {VERSION}: write the script again with this version"
    )]
    Version(u32),
    /// `meta` has no row.
    #[error("meta is empty: the script did not finish")]
    NoMeta,
    /// The recorded options make no report.
    #[error("meta: {0}")]
    Options(#[from] OptionsError),
}

/// Where a row is, for errors.
struct At<'a> {
    path: &'a str,
    line: u64,
}

impl At<'_> {
    fn value(&self, what: impl Into<String>) -> AggregatesError {
        AggregatesError::Value {
            path: self.path.to_owned(),
            line: self.line,
            what: what.into(),
        }
    }
}

/// The files of `table` under `dir`: `NAME.jsonl` (or `.json`, or `.csv`),
/// or the part files of a folder `NAME/` (as Spark writes; `_SUCCESS` and
/// hidden files left out), in name order. A `.csv` file is CSV with a
/// header, any other JSON Lines.
fn files(dir: &Path, table: &'static str) -> Result<Vec<PathBuf>, AggregatesError> {
    for name in [
        format!("{table}.jsonl"),
        format!("{table}.json"),
        format!("{table}.csv"),
    ] {
        let path = dir.join(name);
        if path.is_file() {
            return Ok(vec![path]);
        }
    }
    let folder = dir.join(table);
    if folder.is_dir() {
        let read = |source| AggregatesError::Read {
            path: folder.display().to_string(),
            source,
        };
        let mut parts = Vec::new();
        for entry in std::fs::read_dir(&folder).map_err(read)? {
            let entry = entry.map_err(read)?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !name.starts_with(['_', '.']) && entry.path().is_file() {
                parts.push(entry.path());
            }
        }
        parts.sort();
        return Ok(parts);
    }
    Err(AggregatesError::Missing {
        dir: dir.display().to_string(),
        table,
    })
}

/// Calls `each` with every row of `table`, in bounded memory.
fn rows<T: DeserializeOwned>(
    dir: &Path,
    table: &'static str,
    mut each: impl FnMut(T, &At<'_>) -> Result<(), AggregatesError>,
) -> Result<(), AggregatesError> {
    for path in files(dir, table)? {
        let shown = path.display().to_string();
        let read = |source| AggregatesError::Read {
            path: shown.clone(),
            source,
        };
        let mut input = BufReader::new(std::fs::File::open(&path).map_err(read)?);
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            csv_rows(input, &shown, table, &mut each)?;
            continue;
        }
        let mut line = Vec::new();
        for number in 1u64.. {
            line.clear();
            let n = input
                .by_ref()
                .take(MAX_ROW_BYTES + 1)
                .read_until(b'\n', &mut line)
                .map_err(read)?;
            if n == 0 {
                break;
            }
            let at = At {
                path: &shown,
                line: number,
            };
            if line.len() as u64 > MAX_ROW_BYTES {
                return Err(AggregatesError::TooLong {
                    path: shown.clone(),
                    line: number,
                });
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let row = serde_json::from_slice(&line).map_err(|source| AggregatesError::Row {
                path: shown.clone(),
                line: number,
                table,
                source,
            })?;
            each(row, &at)?;
        }
    }
    Ok(())
}

/// Columns that hold text: a CSV cell of them is a string even when it
/// reads as a number (a chatbot id `123`).
const TEXT_COLUMNS: [&str; 8] = [
    "chatbot",
    "questions",
    "answers",
    "links",
    "page",
    "country",
    "state",
    "periodNote",
];

/// A CSV cell as JSON: empty is NULL (as the engines write it), a text
/// column's cell a string, else a boolean or a number when it reads as
/// one.
fn cell(column: &str, text: &str) -> serde_json::Value {
    use serde_json::Value;
    if text.is_empty() {
        return Value::Null;
    }
    if TEXT_COLUMNS.contains(&column) {
        return Value::String(text.to_owned());
    }
    match text {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(n) = text.parse::<i64>() {
        return n.into();
    }
    if let Ok(n) = text.parse::<u64>() {
        return n.into();
    }
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(|| Value::String(text.to_owned()), Value::Number)
}

/// Calls `each` with every row of a CSV table file (a header first).
fn csv_rows<T: DeserializeOwned>(
    input: impl BufRead,
    path: &str,
    table: &'static str,
    each: &mut impl FnMut(T, &At<'_>) -> Result<(), AggregatesError>,
) -> Result<(), AggregatesError> {
    let read = |source| AggregatesError::Read {
        path: path.to_owned(),
        source,
    };
    let text = |bytes: &[u8], line: u64| {
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| AggregatesError::Value {
                path: path.to_owned(),
                line,
                what: "not UTF-8".to_owned(),
            })
    };
    let mut records = CsvRecords::new(Source::new(input, MAX_ROW_BYTES as usize));
    let Some(header) = records.next_record().map_err(read)? else {
        return Ok(());
    };
    if header.too_large {
        return Err(AggregatesError::TooLong {
            path: path.to_owned(),
            line: header.line,
        });
    }
    let names = (0..header.len())
        .map(|i| text(header.field(i).unwrap_or_default(), header.line))
        .collect::<Result<Vec<_>, _>>()?;
    while let Some(record) = records.next_record().map_err(read)? {
        let at = At {
            path,
            line: record.line,
        };
        if record.too_large {
            return Err(AggregatesError::TooLong {
                path: path.to_owned(),
                line: record.line,
            });
        }
        let mut row = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = text(record.field(i).unwrap_or_default(), record.line)?;
            row.insert(name.clone(), cell(name, &value));
        }
        let row = serde_json::from_value(serde_json::Value::Object(row)).map_err(|source| {
            AggregatesError::Row {
                path: path.to_owned(),
                line: record.line,
                table,
                source,
            }
        })?;
        each(row, &at)?;
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    version: u32,
    generated_at: i64,
    since: Option<i64>,
    until: Option<i64>,
    compare_previous: bool,
    low_confidence: f64,
    chatbot: Option<String>,
    period_note: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Totals {
    chatlogs: u64,
    skipped: u64,
    other_chatbots: u64,
    outside_period: u64,
    chatbots: u64,
    #[serde(default)]
    words_not_read: u64,
}

#[derive(Deserialize)]
struct DayRow {
    previous: bool,
    day: i64,
    #[serde(flatten)]
    tally: Tally,
}

#[derive(Deserialize)]
struct BucketRow {
    bucket: i64,
    #[serde(flatten)]
    tally: Tally,
}

#[derive(Deserialize)]
struct StateRow {
    state: String,
    conversations: u64,
}

#[derive(Deserialize)]
struct CountryRow {
    country: Option<String>,
    #[serde(flatten)]
    tally: Tally,
}

#[derive(Deserialize)]
struct PageRow {
    page: Option<String>,
    #[serde(flatten)]
    tally: Tally,
}

#[derive(Deserialize)]
struct ChatbotRow {
    chatbot: Option<String>,
    #[serde(flatten)]
    tally: Tally,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QuestionsRow {
    previous: bool,
    chatbot: Option<String>,
    is_failed: bool,
    questions: String,
    answers: Option<String>,
    links: Option<String>,
    page: Option<String>,
    country: Option<String>,
    first_at: i64,
    day_sum: i64,
    day_squares: i64,
    #[serde(flatten)]
    tally: Tally,
}

fn time(micros: i64, field: &str, at: &At<'_>) -> Result<DateTime<Utc>, AggregatesError> {
    DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| at.value(format!("{field}: {micros} is not a time")))
}

/// A list of texts written as JSON by the engine.
fn texts(json: &str, field: &str, at: &At<'_>) -> Result<Vec<Option<String>>, AggregatesError> {
    serde_json::from_str(json)
        .map_err(|e| at.value(format!("{field}: not a JSON list of texts: {e}")))
}

/// The report of the result tables under `dir` (as a script of
/// [`script`](super::script) wrote them), with the options recorded in
/// them.
///
/// # Errors
/// A table missing or unreadable, a row that is not one of its table, a
/// value out of range, tables of another version.
pub fn from_aggregates(dir: &Path) -> Result<Report, AggregatesError> {
    let mut meta = None;
    rows(dir, "meta", |row: Meta, at| {
        meta = Some((
            row.version,
            Options {
                since: row.since.map(|s| time(s, "since", at)).transpose()?,
                until: row.until.map(|s| time(s, "until", at)).transpose()?,
                low_confidence: row.low_confidence,
                compare_previous: row.compare_previous,
                now: time(row.generated_at, "generatedAt", at)?,
                chatbot: row.chatbot,
                period_note: row.period_note,
            },
        ));
        Ok(())
    })?;
    let (version, options) = meta.ok_or(AggregatesError::NoMeta)?;
    if version != VERSION {
        return Err(AggregatesError::Version(version));
    }
    let mut aggregator = Aggregator::new(options)?;
    let mut stats = ReadStats::default();
    rows(dir, "totals", |row: Totals, _| {
        stats.chatlogs = stats.chatlogs.saturating_add(row.chatlogs);
        stats.skipped = stats.skipped.saturating_add(row.skipped);
        stats.words_not_read = stats.words_not_read.saturating_add(row.words_not_read);
        aggregator.absorb_totals(row.other_chatbots, row.outside_period, row.chatbots);
        Ok(())
    })?;
    if stats.skipped > 0 {
        stats.problems.push(format!(
            "{} rows without a createdAt or chatbotId the engine could read",
            stats.skipped
        ));
    }
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    rows(dir, "days", |row: DayRow, at| {
        let day = chrono::TimeDelta::try_days(row.day)
            .and_then(|d| epoch.checked_add_signed(d))
            .ok_or_else(|| at.value(format!("day: {} is not a day", row.day)))?;
        aggregator.absorb_day(row.previous, day, &row.tally);
        Ok(())
    })?;
    rows(dir, "buckets", |row: BucketRow, at| {
        let bucket = usize::try_from(row.bucket)
            .ok()
            .filter(|b| *b < 10)
            .ok_or_else(|| at.value(format!("bucket: {} is not 0 to 9", row.bucket)))?;
        aggregator.absorb_bucket(bucket, &row.tally);
        Ok(())
    })?;
    // States by volume: the first ones are kept apart, as a file's first are.
    let mut states: Vec<StateRow> = Vec::new();
    rows(dir, "states", |row: StateRow, _| {
        states.push(row);
        Ok(())
    })?;
    states.sort_by(|a, b| {
        b.conversations
            .cmp(&a.conversations)
            .then(a.state.cmp(&b.state))
    });
    for row in &states {
        aggregator.absorb_state(&row.state, row.conversations);
    }
    rows(dir, "countries", |row: CountryRow, _| {
        aggregator.absorb_country(row.country.as_deref(), &row.tally);
        Ok(())
    })?;
    rows(dir, "pages", |row: PageRow, _| {
        aggregator.absorb_page(row.page.as_deref(), &row.tally);
        Ok(())
    })?;
    rows(dir, "chatbots", |row: ChatbotRow, _| {
        aggregator.absorb_chatbot(row.chatbot.as_deref().unwrap_or_default(), row.tally);
        Ok(())
    })?;
    rows(dir, "questions", |row: QuestionsRow, at| {
        let first_at = time(row.first_at, "firstAt", at)?;
        let questions = texts(&row.questions, "questions", at)?;
        let answers = match &row.answers {
            Some(json) => texts(json, "answers", at)?,
            None => Vec::new(),
        };
        let links = match &row.links {
            Some(json) => Some(texts(json, "links", at)?),
            None => None,
        };
        let mut chatlog = Chatlog::new(row.chatbot.unwrap_or_default(), first_at);
        chatlog.country_code = row.country;
        chatlog.initial_page_url = row.page;
        chatlog.messages = questions
            .into_iter()
            .enumerate()
            .map(|(i, q)| ChatExchange::new(first_at, q, answers.get(i).cloned().flatten()))
            .collect();
        let tally = row.tally;
        let weight = tally.weight(
            first_at,
            i128::from(row.day_sum),
            i128::from(row.day_squares),
            links.as_deref(),
        );
        aggregator.absorb_questions(
            &Record::from(&chatlog),
            &weight,
            tally,
            row.is_failed,
            row.previous,
        );
        Ok(())
    })?;
    Ok(aggregator.finish(stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: &str = r#"{"version":1,"generatedAt":1796322799464934,"since":null,"until":null,"comparePrevious":false,"lowConfidence":0.5,"chatbot":null,"periodNote":null}"#;

    fn folder(tables: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, rows) in tables {
            std::fs::write(dir.path().join(format!("{name}.jsonl")), rows).unwrap();
        }
        dir
    }

    fn error(tables: &[(&str, &str)]) -> String {
        let dir = folder(tables);
        let e = from_aggregates(dir.path()).unwrap_err();
        let mut text = e.to_string();
        if let Some(cause) = std::error::Error::source(&e) {
            text.push_str(&format!(": {cause}"));
        }
        text
    }

    #[test]
    fn tables_that_are_missing_or_wrong_are_named_with_their_line_and_field() {
        assert!(error(&[]).contains("has no table meta"));
        assert!(error(&[("meta", "")]).contains("meta is empty"));
        let other = META.replace("\"version\":1", "\"version\":9");
        assert!(error(&[("meta", &other)]).contains("version 9"));
        let totals =
            r#"{"chatlogs":2,"skipped":0,"otherChatbots":0,"outsidePeriod":0,"chatbots":1}"#;
        let days = "{\"previous\":false,\"day\":20000,\"conversations\":2}\n\n{\"previous\":false,\"day\":\"x\"}\n";
        let e = error(&[("meta", META), ("totals", totals), ("days", days)]);
        assert!(e.contains("days.jsonl, line 3: not a row of days"), "{e}");
        let days = "{\"previous\":false,\"day\":9223372036854775807,\"conversations\":2}\n";
        let e = error(&[("meta", META), ("totals", totals), ("days", days)]);
        assert!(
            e.contains("line 1: day: 9223372036854775807 is not a day"),
            "{e}"
        );
        let buckets = "{\"bucket\":10,\"conversations\":1}\n";
        let e = error(&[
            ("meta", META),
            ("totals", totals),
            ("days", ""),
            ("buckets", buckets),
        ]);
        assert!(e.contains("bucket: 10 is not 0 to 9"), "{e}");
        let long = format!("{{\"state\":\"{}\"}}\n", "x".repeat(MAX_ROW_BYTES as usize));
        let e = error(&[
            ("meta", META),
            ("totals", totals),
            ("days", ""),
            ("buckets", ""),
            ("states", &long),
        ]);
        assert!(e.contains("line 1: a row over"), "{e}");
        let questions = r#"{"previous":false,"isFailed":false,"questions":"not json","firstAt":0,"daySum":0,"daySquares":0,"conversations":1}"#;
        let e = error(&[
            ("meta", META),
            ("totals", totals),
            ("days", ""),
            ("buckets", ""),
            ("states", ""),
            ("countries", ""),
            ("pages", ""),
            ("chatbots", ""),
            ("questions", questions),
        ]);
        assert!(e.contains("questions: not a JSON list of texts"), "{e}");
    }

    /// Tables are input: counts at the edge of u64 in several rows (and
    /// more GOOD than rated) saturate, they never end the program.
    #[test]
    fn tables_of_huge_counts_make_a_report_not_a_panic() {
        let max = u64::MAX;
        let tally = format!(
            r#""conversations":{max},"rated":{max},"good":{max},"bad":{max},"knownState":{max},"handedOff":{max},"confidenceNanos":{max},"confidenceN":1,"failed":{max}"#
        );
        let totals = format!(
            r#"{{"chatlogs":{max},"skipped":{max},"otherChatbots":{max},"outsidePeriod":{max},"chatbots":{max},"wordsNotRead":{max}}}"#
        );
        let twice = |row: String| format!("{row}\n{row}\n");
        let dir = folder(&[
            ("meta", META),
            ("totals", &twice(totals)),
            (
                "days",
                &twice(format!(r#"{{"previous":false,"day":20000,{tally}}}"#)),
            ),
            ("buckets", &twice(format!(r#"{{"bucket":9,{tally}}}"#))),
            (
                "states",
                &twice(format!(r#"{{"state":"HANDED_OFF","conversations":{max}}}"#)),
            ),
            (
                "countries",
                &twice(format!(r#"{{"country":"DE",{tally}}}"#)),
            ),
            (
                "pages",
                &twice(format!(r#"{{"page":"https://x/?utm_a=1",{tally}}}"#)),
            ),
            ("chatbots", &twice(format!(r#"{{"chatbot":"b",{tally}}}"#))),
            (
                "questions",
                &twice(format!(
                    r#"{{"previous":false,"chatbot":"b","isFailed":true,"questions":"[\"Talk to a human about my refund please\"]","answers":"[\"see https://x/refund\"]","links":"[\"https://x/refund\"]","page":"https://x/","country":"DE","firstAt":0,"daySum":{},"daySquares":{},{tally}}}"#,
                    i64::MAX,
                    i64::MAX
                )),
            ),
        ]);
        let report = from_aggregates(dir.path()).unwrap();
        assert_eq!(report.headline.conversations, max);
        assert_eq!(report.input.words_not_read, max);
        assert_eq!(report.headline.asked_for_person, max);
    }

    /// The same tables in CSV (as DuckDB and Spark write it: a header,
    /// NULL as an empty cell, quotes doubled) make the same report; a
    /// chatbot id that reads as a number stays text.
    #[test]
    fn csv_tables_make_the_report_json_lines_make() {
        let json = [
            ("meta", META.to_owned()),
            (
                "totals",
                r#"{"chatlogs":5,"skipped":0,"otherChatbots":0,"outsidePeriod":0,"chatbots":2}"#
                    .to_owned(),
            ),
            ("days", r#"{"previous":false,"day":20000,"conversations":5,"rated":2,"good":1,"bad":1}"#.to_owned()),
            ("buckets", String::new()),
            ("states", String::new()),
            ("countries", String::new()),
            ("pages", String::new()),
            (
                "chatbots",
                "{\"chatbot\":\"123\",\"conversations\":3}\n{\"chatbot\":\"b\",\"conversations\":2}".to_owned(),
            ),
            (
                "questions",
                r#"{"previous":false,"chatbot":"123","isFailed":true,"questions":"[\"Where is my refund, \\\"order\\\" 7?\"]","answers":"[null]","links":"[null]","page":null,"country":"DE","firstAt":1728000000000000,"daySum":60000,"daySquares":1200000000,"conversations":3,"failed":3}"#.to_owned(),
            ),
        ];
        let csv = [
            (
                "meta",
                "version,generatedAt,since,until,comparePrevious,lowConfidence,chatbot,periodNote\n1,1796322799464934,,,false,0.5,,\n",
            ),
            (
                "totals",
                "chatlogs,skipped,otherChatbots,outsidePeriod,chatbots\n5,0,0,0,2\n",
            ),
            (
                "days",
                "previous,day,conversations,rated,good,bad\nfalse,20000,5,2,1,1\n",
            ),
            ("buckets", "bucket,conversations\n"),
            ("states", "state,conversations\n"),
            ("countries", "country,conversations\n"),
            ("pages", "page,conversations\n"),
            ("chatbots", "chatbot,conversations\n123,3\nb,2\n"),
            (
                "questions",
                "previous,chatbot,isFailed,questions,answers,links,page,country,firstAt,daySum,daySquares,conversations,failed\nfalse,123,true,\"[\"\"Where is my refund, \\\"\"order\\\"\" 7?\"\"]\",[null],[null],,DE,1728000000000000,60000,1200000000,3,3\n",
            ),
        ];
        let from_json = folder(
            &json
                .iter()
                .map(|(n, r)| (*n, r.as_str()))
                .collect::<Vec<_>>(),
        );
        let from_csv = tempfile::tempdir().unwrap();
        for (name, rows) in csv {
            std::fs::write(from_csv.path().join(format!("{name}.csv")), rows).unwrap();
        }
        let a = from_aggregates(from_json.path()).unwrap();
        let b = from_aggregates(from_csv.path()).unwrap();
        assert_eq!(a, b);
        assert_eq!(b.per_chatbot[0].chatbot_id, "123");
        assert_eq!(b.headline.conversations, 5);
    }

    /// Spark writes a folder of part files (and `_SUCCESS`, `.crc` files):
    /// they are read in name order, the others left out.
    #[test]
    fn a_folder_of_part_files_is_one_table() {
        let dir = folder(&[("meta", META)]);
        let totals = dir.path().join("totals");
        std::fs::create_dir(&totals).unwrap();
        std::fs::write(totals.join("_SUCCESS"), "").unwrap();
        std::fs::write(totals.join(".part-0.json.crc"), "garbage").unwrap();
        std::fs::write(
            totals.join("part-00000.json"),
            r#"{"chatlogs":3,"skipped":1,"otherChatbots":0,"outsidePeriod":0,"chatbots":0}"#,
        )
        .unwrap();
        for table in [
            "days",
            "buckets",
            "states",
            "countries",
            "pages",
            "chatbots",
            "questions",
        ] {
            std::fs::create_dir(dir.path().join(table)).unwrap();
        }
        let report = from_aggregates(dir.path()).unwrap();
        assert_eq!((report.input.chatlogs, report.input.skipped), (3, 1));
        assert_eq!(report.headline.conversations, 0);
    }
}

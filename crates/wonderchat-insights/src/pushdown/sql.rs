//! The script of `report --sql`: one SQL text per engine, from one
//! declaration of each figure ([`TALLY`]) and a few dialect words
//! ([`Dialect`]).

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::{Engine, TABLES, Table, TableFormat};
use crate::aggregate::Options;
use crate::places::TRACKING;
use crate::topics::{LINK_CHARS, MESSAGE_BYTES, MESSAGES_READ};

/// Every column of [`Tally`](crate::Tally) an engine counts: its name (the
/// field's, as JSON spells it) and its value for one conversation (over
/// the columns of the view `wc`), summed per group. The two fields that
/// need the users' words are not here (`TEXT_DERIVED`); a test fails when
/// a field is in one place only.
pub(crate) const TALLY: &[(&str, &str)] = &[
    ("conversations", "1"),
    ("exchanges", "exchanges"),
    ("rated", "CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END"),
    ("good", "CASE WHEN rating_up = 'GOOD' THEN 1 ELSE 0 END"),
    ("bad", "CASE WHEN rating_up = 'BAD' THEN 1 ELSE 0 END"),
    (
        "knownState",
        "CASE WHEN state IS NOT NULL THEN 1 ELSE 0 END",
    ),
    (
        "resolved",
        "CASE WHEN state_up = 'RESOLVED' THEN 1 ELSE 0 END",
    ),
    (
        "unresolved",
        "CASE WHEN state_up = 'UNRESOLVED' THEN 1 ELSE 0 END",
    ),
    (
        "confidenceNanos",
        "CASE WHEN confidence IS NOT NULL THEN confidence_nanos ELSE 0 END",
    ),
    (
        "confidenceN",
        "CASE WHEN confidence IS NOT NULL THEN 1 ELSE 0 END",
    ),
    ("failed", "CASE WHEN failed THEN 1 ELSE 0 END"),
    ("handedOff", "CASE WHEN hand_off THEN 1 ELSE 0 END"),
];

/// Words of a resolution state that say a person took over
/// ([`is_hand_off`](crate::is_hand_off)).
pub(crate) const HAND_OFF_WORDS: [&str; 5] = ["HAND", "ESCALAT", "TRANSFER", "HUMAN", "AGENT"];

/// Characters of an answer sent back: an example shows 300 and says
/// whether there was more.
const ANSWER_CHARS: usize = 301;

/// Exchanges of a chatlog read (as the lean parse of a JSON Lines export).
const EXCHANGES_READ: usize = 64;

/// A character that is not white space as Rust's `char::is_whitespace`
/// says (`str::trim`): a regular expression RE2 and Java read alike.
const NOT_BLANK: &str = r"[^\x{9}-\x{D}\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]";

/// The words in which two engines differ.
pub(crate) struct Dialect(Engine);

impl Dialect {
    /// A string literal.
    fn lit(&self, s: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("'{}'", s.replace('\'', "''")),
            // Spark reads backslashes in literals as escapes.
            Engine::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        }
    }

    fn text(&self) -> &'static str {
        match self.0 {
            Engine::DuckDb => "VARCHAR",
            Engine::Spark => "STRING",
        }
    }

    /// `x` as a timestamp, NULL when it is not one.
    fn timestamp(&self, x: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("TRY_CAST({x} AS TIMESTAMPTZ)"),
            Engine::Spark => format!("CAST({x} AS TIMESTAMP)"),
        }
    }

    fn cast(&self, x: &str, ty: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("TRY_CAST({x} AS {ty})"),
            Engine::Spark => format!("CAST({x} AS {ty})"),
        }
    }

    /// Microseconds since 1970 of a timestamp.
    fn micros(&self, ts: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("epoch_us({ts})"),
            Engine::Spark => format!("unix_micros({ts})"),
        }
    }

    /// Days since 1970-01-01 of a timestamp's UTC day.
    fn day_number(&self, ts: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("date_diff('day', DATE '1970-01-01', CAST({ts} AS DATE))"),
            Engine::Spark => format!("datediff(to_date({ts}), DATE '1970-01-01')"),
        }
    }

    /// `x` in upper case, ASCII letters only (as the report compares).
    fn upper_ascii(&self, x: &str) -> String {
        format!("translate({x}, 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')")
    }

    /// `x` in lower case, ASCII letters only.
    fn lower_ascii(&self, x: &str) -> String {
        format!("translate({x}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')")
    }

    /// Whether `x` holds a match of `re`.
    fn finds(&self, x: &str, re: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("regexp_matches({x}, {})", self.lit(re)),
            Engine::Spark => format!("({x} RLIKE {})", self.lit(re)),
        }
    }

    /// The first `n` characters of `x`.
    fn left(&self, x: &str, n: usize) -> String {
        match self.0 {
            Engine::DuckDb => format!("left({x}, {n})"),
            Engine::Spark => format!("substring({x}, 1, {n})"),
        }
    }

    /// Where `needle` starts in `x` (characters from 1; 0: nowhere).
    fn position(&self, x: &str, needle: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("strpos({x}, {})", self.lit(needle)),
            Engine::Spark => format!("instr({x}, {})", self.lit(needle)),
        }
    }

    /// `x` from character `from` (1 is the first), `n` characters.
    fn substring(&self, x: &str, from: &str, n: usize) -> String {
        match self.0 {
            Engine::DuckDb => format!("substr({x}, {from}, {n})"),
            Engine::Spark => format!("substring({x}, {from}, {n})"),
        }
    }

    /// The elements `from..=to` (from 1) of a list.
    fn slice(&self, list: &str, from: usize, to: usize) -> String {
        match self.0 {
            Engine::DuckDb => format!("({list})[{from}:{to}]"),
            Engine::Spark => format!("slice({list}, {from}, {})", to + 1 - from),
        }
    }

    fn filter(&self, list: &str, var: &str, predicate: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("list_filter({list}, lambda {var}: {predicate})"),
            Engine::Spark => format!("filter({list}, {var} -> {predicate})"),
        }
    }

    fn transform(&self, list: &str, var: &str, value: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("list_transform({list}, lambda {var}: {value})"),
            Engine::Spark => format!("transform({list}, {var} -> {value})"),
        }
    }

    fn length(&self, list: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("coalesce(len({list}), 0)"),
            // size(NULL) is -1 in Spark's default mode.
            Engine::Spark => format!("CASE WHEN {list} IS NULL THEN 0 ELSE size({list}) END"),
        }
    }

    fn split(&self, x: &str, on: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("string_split({x}, {})", self.lit(on)),
            Engine::Spark => format!("split({x}, {})", self.lit(on)),
        }
    }

    fn join(&self, list: &str, with: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("array_to_string({list}, {})", self.lit(with)),
            Engine::Spark => format!("array_join({list}, {})", self.lit(with)),
        }
    }

    /// A list as JSON text.
    fn json(&self, list: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("CAST(to_json({list}) AS VARCHAR)"),
            Engine::Spark => format!("to_json({list})"),
        }
    }

    fn view(&self, name: &str, query: &str) -> String {
        format!("CREATE OR REPLACE TEMPORARY VIEW {name} AS\n{query};\n")
    }

    /// `query` computed once and kept for the statements after.
    fn table(&self, name: &str, query: &str) -> String {
        match self.0 {
            Engine::DuckDb => format!("CREATE OR REPLACE TEMPORARY TABLE {name} AS\n{query};\n"),
            Engine::Spark => {
                format!("DROP VIEW IF EXISTS {name};\nCACHE TABLE {name} AS\n{query};\n")
            }
        }
    }

    /// Writes `query`'s rows under `dir` as `table`, in `format`.
    fn write(&self, dir: &str, table: Table, format: TableFormat, query: &str) -> String {
        match (self.0, format) {
            (Engine::DuckDb, TableFormat::Jsonl) => format!(
                "COPY (\n{query}\n) TO {} (FORMAT JSON);\n",
                self.lit(&format!("{dir}/{}.jsonl", table.name))
            ),
            (Engine::DuckDb, TableFormat::Csv) => format!(
                "COPY (\n{query}\n) TO {} (FORMAT CSV, HEADER);\n",
                self.lit(&format!("{dir}/{}.csv", table.name))
            ),
            (Engine::Spark, TableFormat::Jsonl) => format!(
                "INSERT OVERWRITE DIRECTORY {} USING json\n{query};\n",
                self.lit(&format!("{dir}/{}", table.name))
            ),
            // Quotes doubled inside quoted cells, as RFC 4180 has it (Spark
            // escapes them with a backslash by default).
            (Engine::Spark, TableFormat::Csv) => format!(
                "INSERT OVERWRITE DIRECTORY {} USING csv OPTIONS (header 'true', escape '\"')\n{query};\n",
                self.lit(&format!("{dir}/{}", table.name))
            ),
        }
    }
}

/// Why no script was written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// The table name is not a (dotted) SQL identifier.
    #[error(
        "{0:?} is not a table name: use letters, digits and _, parts joined by dots (db.chatlogs)"
    )]
    Table(String),
    /// The options make no report.
    #[error(transparent)]
    Options(#[from] crate::aggregate::OptionsError),
}

/// An answer from its first link on (an `https://` one, else an `http://`
/// one), [`LINK_CHARS`] characters; NULL without one.
fn link(d: &Dialect) -> String {
    let from = |needle: &str| {
        format!(
            "WHEN {at} > 0 THEN {rest}",
            at = d.position("m.botMessage", needle),
            rest = d.substring(
                "m.botMessage",
                &d.position("m.botMessage", needle),
                LINK_CHARS
            ),
        )
    };
    format!("CASE {} {} END", from("https://"), from("http://"))
}

/// The tally columns summed, for a SELECT list.
fn tally_sums() -> String {
    TALLY
        .iter()
        .map(|(name, value)| format!("sum({value}) AS {name}"))
        .collect::<Vec<_>>()
        .join(",\n  ")
}

fn micros_of(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// Where a script reads and writes.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The engine whose dialect it is written in.
    pub engine: Engine,
    /// The table of chatlogs (a dotted identifier).
    pub table: &'a str,
    /// The folder the result tables are written into.
    pub dir: &'a str,
    /// How they are written.
    pub format: TableFormat,
    /// The most frequent groups of questions written
    /// ([`DEFAULT_QUESTIONS_LIMIT`](super::DEFAULT_QUESTIONS_LIMIT)).
    pub questions_limit: u64,
}

/// The script that computes every figure of the report over
/// `target.table` and writes the result tables under `target.dir` (see
/// [`super`]).
///
/// # Errors
/// A table name that is not an identifier; options that make no report.
pub fn script(target: &Target<'_>, options: &Options) -> Result<String, ScriptError> {
    let Target {
        engine,
        table,
        dir,
        format,
        questions_limit,
    } = *target;
    let valid = !table.is_empty()
        && table.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
    if !valid {
        return Err(ScriptError::Table(table.to_owned()));
    }
    options.check()?;
    let previous_from = options.previous_from()?;
    let d = Dialect(engine);
    let t = d.text();
    let dir = dir.trim_end_matches('/');
    let mut out = String::new();
    let _ = writeln!(
        out,
        "-- wonderchat report --sql {}: every figure of the report, counted by the engine\n\
         -- over the table {table} (a chatlog export loaded as it is: JSON Lines, nested\n\
         -- messages included). It writes small result tables under {dir}/; then\n\
         --   wonderchat report --from-aggregates {dir}\n\
         -- renders the report from them (the page, JSON, Markdown or text).\n\
         -- Generated by wonderchat {}; the options are recorded in {dir}/meta.",
        engine.name(),
        env!("CARGO_PKG_VERSION"),
    );
    out.push_str(match engine {
        Engine::DuckDb => "SET TimeZone = 'UTC';\n",
        Engine::Spark => "SET spark.sql.session.timeZone = UTC;\n",
    });

    // What the figures read of each chatlog: its fields typed, the first
    // questions that are not blank, the entry page without its fragment.
    let asked = d.slice(
        &d.filter(
            &d.slice("messages", 1, EXCHANGES_READ),
            "m",
            &d.finds("m.userMessage", NOT_BLANK),
        ),
        1,
        MESSAGES_READ,
    );
    let read = format!(
        "SELECT\n  {} AS created,\n  {} AS chatbot,\n  {} AS rating,\n  {} AS state,\n  {} AS confidence_raw,\n  {} AS country,\n  {} AS page,\n  {} AS exchanges,\n  {asked} AS asked,\n  regexp_replace({}, '(?s)#.*', '') AS page_cut\nFROM {table}",
        d.timestamp("createdAt"),
        d.cast("chatbotId", t),
        d.cast("userFeedback", t),
        d.cast("aiResolutionState", t),
        d.cast("averageConfidence", "DOUBLE"),
        d.cast("countryCode", t),
        d.cast("initialPageUrl", t),
        d.length("messages"),
        d.cast("initialPageUrl", t),
    );
    out.push_str(&d.view("wc_read", &read));

    // Per chatlog: its time and day, its confidence when in [0, 1], its
    // rating and state in capitals, the page's query parameters that are
    // not tracking ones.
    let tracking: Vec<String> = TRACKING.iter().map(|k| d.lit(k)).collect();
    let query = format!(
        "CASE WHEN {at} > 0 THEN {rest} ELSE '' END",
        at = d.position("page_cut", "?"),
        rest = d.substring(
            "page_cut",
            &format!("{} + 1", d.position("page_cut", "?")),
            1 << 30
        ),
    );
    let key = d.lower_ascii("regexp_extract(x, '^([^=]*)', 1)");
    let kept = d.filter(
        &d.split(&query, "&"),
        "x",
        &format!(
            "x <> '' AND NOT ({} = 'utm_' OR {key} IN ({}))",
            d.left(&key, 4),
            tracking.join(", ")
        ),
    );
    let base = format!(
        "SELECT *,\n  {us} AS us,\n  {day} AS day,\n  CASE WHEN confidence_raw >= 0 AND confidence_raw <= 1 THEN confidence_raw END AS confidence,\n  {rating_up} AS rating_up,\n  {state_up} AS state_up,\n  {kept} AS page_kept\nFROM wc_read\nWHERE created IS NOT NULL AND chatbot IS NOT NULL",
        us = d.micros("created"),
        day = d.day_number("created"),
        rating_up = d.upper_ascii("rating"),
        state_up = d.upper_ascii("state"),
    );
    out.push_str(&d.view("wc_base", &base));

    let mut period = String::from("CASE");
    if let Some(only) = &options.chatbot {
        let _ = write!(period, " WHEN chatbot <> {} THEN 'other'", d.lit(only));
    }
    if let Some(until) = options.until {
        let _ = write!(period, " WHEN us > {} THEN 'outside'", micros_of(until));
    }
    if let Some(since) = options.since {
        let since = micros_of(since);
        match previous_from {
            Some(from) => {
                let _ = write!(
                    period,
                    " WHEN us < {} THEN 'outside' WHEN us < {since} THEN 'previous'",
                    micros_of(from)
                );
            }
            None => {
                let _ = write!(period, " WHEN us < {since} THEN 'outside'");
            }
        }
    }
    let period = if period == "CASE" {
        "'current'".to_owned()
    } else {
        period + " ELSE 'current' END"
    };
    let hand_off = HAND_OFF_WORDS
        .iter()
        .map(|w| format!("state_up LIKE '%{w}%'"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let page = format!(
        "CASE WHEN page IS NULL THEN NULL WHEN NOT {absolute} THEN page\n    ELSE regexp_extract(page_cut, '(?s)^([^?]*)', 1) || CASE WHEN {n} > 0 THEN '?' || {joined} ELSE '' END END",
        absolute = d.finds("page", "^[A-Za-z][A-Za-z0-9+.-]*://"),
        n = d.length("page_kept"),
        joined = d.join("page_kept", "&"),
    );
    // Per chatlog: its period, whether it failed or was handed off, its
    // confidence in billionths and its bucket, its entry page stripped;
    // its questions as JSON (and the answers' starts and links).
    let conversations = format!(
        "SELECT *,\n  {period} AS period,\n  CASE WHEN rating_up = 'BAD' OR state_up = 'UNRESOLVED' OR confidence < CAST({low:?} AS DOUBLE) THEN TRUE ELSE FALSE END AS failed,\n  CASE WHEN state_up NOT IN ('RESOLVED', 'UNRESOLVED') AND ({hand_off}) THEN TRUE ELSE FALSE END AS hand_off,\n  CAST(floor(confidence * CAST(1000000000 AS DOUBLE) + CAST(0.5 AS DOUBLE)) AS BIGINT) AS confidence_nanos,\n  least(CAST(floor(confidence * CAST(10 AS DOUBLE)) AS INT), 9) AS bucket,\n  {page} AS page_stripped,\n  {questions} AS questions,\n  {answers} AS answers,\n  {links} AS links\nFROM wc_base",
        low = options.low_confidence,
        questions = d.json(&d.transform("asked", "m", &d.left("m.userMessage", MESSAGE_BYTES))),
        answers = d.json(&d.transform("asked", "m", &d.left("m.botMessage", ANSWER_CHARS))),
        links = d.json(&d.transform("asked", "m", &link(&d))),
    );
    out.push_str(&d.view("wc", &conversations));

    let sums = tally_sums();
    let now = "period = 'current'";
    let both = "period IN ('current', 'previous')";
    // The groups of questions, ranked: the most frequent first, equals in
    // an order both engines compute alike (md5 of the texts), so a limit
    // keeps the same groups in either.
    let groups = format!(
        "SELECT *,\n  row_number() OVER (ORDER BY conversations DESC, md5(questions), previous, chatbot NULLS FIRST, isFailed, md5(coalesce(answers, '')), md5(coalesce(links, '')), page NULLS FIRST, country NULLS FIRST) AS rank\nFROM (\nSELECT period = 'previous' AS previous,\n  CASE WHEN {now} THEN chatbot END AS chatbot,\n  failed AS isFailed,\n  coalesce(questions, '[]') AS questions,\n  CASE WHEN failed AND {now} THEN answers END AS answers,\n  CASE WHEN failed AND {now} THEN links END AS links,\n  CASE WHEN failed AND {now} THEN page_stripped END AS page,\n  CASE WHEN failed AND {now} THEN country END AS country,\n  min(us) AS firstAt,\n  sum(CAST(day AS BIGINT)) AS daySum,\n  sum(CAST(day AS BIGINT) * CAST(day AS BIGINT)) AS daySquares,\n  {sums}\nFROM wc WHERE {both}\nGROUP BY 1, 2, 3, 4, 5, 6, 7, 8\n) AS g"
    );
    out.push_str(&d.table("wc_groups", &groups));
    for table in TABLES {
        let query = match table.name {
            "meta" => format!(
                "SELECT 1 AS version, {} AS generatedAt, {} AS since, {} AS until, {} AS comparePrevious, CAST({:?} AS DOUBLE) AS lowConfidence, {} AS chatbot, {} AS periodNote",
                micros_of(options.now),
                options
                    .since
                    .map_or("CAST(NULL AS BIGINT)".to_owned(), |s| micros_of(s)
                        .to_string()),
                options
                    .until
                    .map_or("CAST(NULL AS BIGINT)".to_owned(), |s| micros_of(s)
                        .to_string()),
                options.compare_previous,
                options.low_confidence,
                options
                    .chatbot
                    .as_deref()
                    .map_or(format!("CAST(NULL AS {t})"), |c| d.lit(c)),
                options
                    .period_note
                    .as_deref()
                    .map_or(format!("CAST(NULL AS {t})"), |c| d.lit(c)),
            ),
            "totals" => format!(
                "SELECT\n  (SELECT count(*) FROM wc) AS chatlogs,\n  (SELECT count(*) FROM wc_read) - (SELECT count(*) FROM wc) AS skipped,\n  (SELECT count(*) FROM wc WHERE period = 'other') AS otherChatbots,\n  (SELECT count(*) FROM wc WHERE period = 'outside') AS outsidePeriod,\n  (SELECT count(DISTINCT chatbot) FROM wc WHERE period = 'current') AS chatbots,\n  (SELECT coalesce(sum(conversations), 0) FROM wc_groups WHERE rank > {questions_limit}) AS wordsNotRead"
            ),
            "chatbots" => format!("SELECT chatbot,\n  {sums}\nFROM wc WHERE {now}\nGROUP BY 1"),
            "days" => format!(
                "SELECT period = 'previous' AS previous, day,\n  {sums}\nFROM wc WHERE {both}\nGROUP BY 1, 2"
            ),
            "buckets" => format!(
                "SELECT bucket,\n  {sums}\nFROM wc WHERE {now} AND confidence IS NOT NULL\nGROUP BY 1"
            ),
            "states" => format!(
                "SELECT state, count(*) AS conversations\nFROM wc WHERE {now} AND state IS NOT NULL\nGROUP BY 1"
            ),
            "countries" => format!("SELECT country,\n  {sums}\nFROM wc WHERE {now}\nGROUP BY 1"),
            "pages" => {
                format!("SELECT page_stripped AS page,\n  {sums}\nFROM wc WHERE {now}\nGROUP BY 1")
            }
            "questions" => format!("SELECT * FROM wc_groups WHERE rank <= {questions_limit}"),
            other => unreachable!("a table without a query: {other}"),
        };
        let _ = writeln!(out, "\n-- {}: {}", table.name, table.about);
        out.push_str(&d.write(dir, *table, format, &query));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tally_field_is_counted_by_sql_or_from_the_words_and_nowhere_else() {
        let fields = serde_json::to_value(crate::Tally::default()).unwrap();
        let mut fields: Vec<String> = fields.as_object().unwrap().keys().cloned().collect();
        fields.sort();
        let mut declared: Vec<String> = TALLY
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .chain(
                crate::aggregate::TEXT_DERIVED
                    .iter()
                    .map(|s| (*s).to_owned()),
            )
            .collect();
        declared.sort();
        assert_eq!(fields, declared);
    }

    fn target<'a>(engine: Engine, table: &'a str, dir: &'a str) -> Target<'a> {
        Target {
            engine,
            table,
            dir,
            format: TableFormat::Jsonl,
            questions_limit: super::super::DEFAULT_QUESTIONS_LIMIT,
        }
    }

    #[test]
    fn a_table_name_is_an_identifier_and_literals_are_quoted_per_engine() {
        let options = Options::default();
        for bad in ["", "x; DROP TABLE y", "a..b", "1x", "a-b", "a.b c"] {
            assert_eq!(
                script(&target(Engine::DuckDb, bad, "out"), &options),
                Err(ScriptError::Table(bad.to_owned()))
            );
        }
        assert!(
            script(
                &target(Engine::Spark, "lake.sales.chatlogs", "out"),
                &options
            )
            .is_ok()
        );
        assert_eq!(Dialect(Engine::DuckDb).lit(r"it's \d"), r"'it''s \d'");
        assert_eq!(Dialect(Engine::Spark).lit(r"it's \d"), r"'it\'s \\d'");
        let options = Options {
            chatbot: Some("b'); DROP TABLE x; --".to_owned()),
            ..Options::default()
        };
        let script = script(&target(Engine::DuckDb, "chatlogs", "it's"), &options).unwrap();
        assert!(script.contains("chatbot <> 'b''); DROP TABLE x; --'"));
        assert!(script.contains("TO 'it''s/days.jsonl'"));
        let csv = Target {
            format: TableFormat::Csv,
            ..target(Engine::Spark, "chatlogs", "out")
        };
        let written = super::script(&csv, &options).unwrap();
        assert!(written.contains(
            "INSERT OVERWRITE DIRECTORY 'out/days' USING csv OPTIONS (header 'true', escape '\"')"
        ));
    }

    /// The scripts as they are: a change to the SQL shows in review (and
    /// the agreement check in `cargo xtask conformance` runs them).
    #[test]
    fn the_scripts_of_a_period_with_its_previous_one() {
        use chrono::TimeZone;
        let options = Options {
            since: Some(Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap()),
            until: Some(Utc.with_ymd_and_hms(2026, 11, 20, 23, 59, 59).unwrap()),
            compare_previous: true,
            low_confidence: 0.6,
            chatbot: Some("docs-bot".to_owned()),
            now: Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap(),
            period_note: None,
        };
        let version = env!("CARGO_PKG_VERSION");
        for engine in [Engine::DuckDb, Engine::Spark] {
            let script = script(&target(engine, "chatlogs", "out"), &options)
                .unwrap()
                .replace(version, "VERSION");
            insta::assert_snapshot!(engine.name(), script);
        }
    }
}

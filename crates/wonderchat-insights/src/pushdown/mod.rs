//! The report past one machine: the counting pushed down to an engine
//! (DuckDB, Spark) that already holds the chatlogs, the rest done here.
//!
//! [`script`] writes one SQL script, in the engine's dialect, that counts
//! every figure over a table of chatlogs (the export's columns, nested
//! `messages` included) and writes the small result tables of [`TABLES`]
//! as JSON Lines or CSV ([`TableFormat`]) under a folder. [`from_aggregates`] reads them back and
//! makes the same [`Report`](crate::Report) as a file read here would give
//! — every figure equal, the topics and knowledge gaps too:
//!
//! - **Counts** (the headline, per day, per confidence bucket, per state,
//!   country and entry page, per chatbot, the previous period) are the
//!   columns of [`Tally`](crate::Tally), each declared once as an SQL
//!   expression (`sql::TALLY`) and summed by the engine. The average
//!   confidence is summed in billionths, an integer, so that no engine's
//!   order of addition changes a digit.
//! - **Entry pages**: the engine drops fragments and tracking parameters
//!   (the part of the rule that makes pages many), this crate applies the
//!   whole rule ([`normalize_page`](crate::places::normalize_page)) to the
//!   few distinct pages that come back.
//! - **The users' words** (requests for a person, languages, topics, the
//!   knowledge gaps) need this crate's language processing. The engine
//!   sends each distinct set of questions once (the first six that are not
//!   blank, as the report reads them) with the counts of the conversations
//!   that asked them; failed ones also with their answers' first
//!   characters and links, page and country. Those groups are analysed
//!   here as a file's conversations are; the result does not depend on
//!   their order (ties are broken by content). At most a limit of groups
//!   is sent (the most frequent, [`DEFAULT_QUESTIONS_LIMIT`] by default):
//!   the conversations of the others are counted in every figure but those
//!   of their words, and the report says how many (`input.wordsNotRead`).
//!
//! The script records the options it was written with (`meta`), so the
//! report made from its tables says the same period and threshold.

mod sql;
mod tables;

pub use sql::{ScriptError, Target, script};
pub use tables::{AggregatesError, from_aggregates};

/// An engine a script is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Engine {
    /// DuckDB (writes `DIR/<table>.jsonl`).
    DuckDb,
    /// Spark SQL (writes `DIR/<table>/part-*.json`).
    Spark,
}

impl Engine {
    /// Its name as `--sql` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::DuckDb => "duckdb",
            Engine::Spark => "spark",
        }
    }
}

/// Groups of questions an engine sends back by default: the most frequent
/// first; the conversations of the others are counted in every figure but
/// those of their words (the report says how many).
pub const DEFAULT_QUESTIONS_LIMIT: u64 = 1_000_000;

/// How an engine writes the result tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TableFormat {
    /// JSON Lines (DuckDB: `NAME.jsonl`; Spark: `NAME/part-*.json`).
    #[default]
    Jsonl,
    /// CSV with a header (DuckDB: `NAME.csv`; Spark: `NAME/part-*.csv`);
    /// a NULL is an empty cell.
    Csv,
}

/// One result table: its name (its file or folder under the output
/// folder) and what its rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// File (`NAME.jsonl`) or folder (`NAME/`) name.
    pub name: &'static str,
    /// What one row is.
    pub about: &'static str,
}

/// The result tables a script writes, in the order it writes them.
pub const TABLES: &[Table] = &[
    Table {
        name: "meta",
        about: "one row: the options the script was written with",
    },
    Table {
        name: "totals",
        about: "one row: chatlogs read and skipped, of other chatbots, outside the period; chatbots",
    },
    Table {
        name: "days",
        about: "a day of the period (or of the previous one): its tally",
    },
    Table {
        name: "buckets",
        about: "a tenth of average confidence: its tally",
    },
    Table {
        name: "states",
        about: "a resolution state as written: its conversations",
    },
    Table {
        name: "countries",
        about: "a country code: its tally",
    },
    Table {
        name: "pages",
        about: "an entry page without fragment or tracking parameters: its tally",
    },
    Table {
        name: "chatbots",
        about: "a chatbot: its tally",
    },
    Table {
        name: "questions",
        about: "conversations that share their first questions (and period, chatbot, failure; failed: answers, page, country): their tally",
    },
];

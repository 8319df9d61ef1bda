//! What a Wonderchat chatlog export says: read it ([`mod@format`]), count it in
//! one pass with bounded memory ([`Aggregator`]), and show the [`Report`]
//! as JSON, Markdown, a short text, or a self-contained HTML page
//! ([`render`]). The figures come from the export's own fields only.
//!
//! ```
//! use wonderchat_insights::{Aggregator, Options, format};
//!
//! let line = r#"{"createdAt":"2024-01-31T12:00:00Z","chatbotId":"b","userFeedback":"BAD","messages":[{"userMessage":"How do I get a refund?","botMessage":"Sorry","createdAt":"2024-01-31T12:00:01Z"}]}"#;
//! let export = [line, line, line].join("\n");
//! let mut aggregator = Aggregator::new(Options::default()).unwrap();
//! let stats = format::read(export.as_bytes(), format::Format::Jsonl, format::DEFAULT_MAX_RECORD_BYTES, |r| aggregator.add_record(r)).unwrap();
//! let report = aggregator.finish(stats);
//! assert_eq!(report.headline.conversations, 3);
//! assert_eq!(report.knowledge_gaps[0].title, "How do I get a refund?");
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod aggregate;
pub mod format;
pub mod ledger;
mod memo;
pub mod places;
pub mod pushdown;
pub mod record;
pub mod render;
mod sketch;
pub mod stats;
mod topics;

pub use aggregate::{
    Aggregator, Bucket, Change, ChatbotRow, Comparison, Headline, LanguageRow, OptionField,
    Options, OptionsError, Place, Point, Report, StateRow, Summary, Tally, is_hand_off,
};
pub use record::{Messages, Record};
pub use topics::{
    Diagnosis, Direction, Example, LanguageShare, PageAction, Topic, Trend, language_name,
};

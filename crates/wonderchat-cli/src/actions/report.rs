//! The report as the `report` command and the `feedback_report` tool make
//! it from the API: the options checked once (and worded for each
//! audience), the export streamed into the aggregation with progress.

use futures_util::StreamExt;
use wonderchat_insights::format::ReadStats;
use wonderchat_insights::{Aggregator, OptionField, Options, OptionsError};

use std::path::PathBuf;

use wonderchat_insights::ledger::EvalLedger;

use crate::error::Audience;
use crate::plumbing::profile::eval_ledger_path;

/// The period a report from the API covers when none is given.
pub(crate) const DEFAULT_DAYS: i64 = 30;

/// What a report was asked for, from flags or a tool's arguments.
pub(crate) struct Asked {
    pub(crate) since: Option<chrono::DateTime<chrono::Utc>>,
    pub(crate) until: Option<chrono::DateTime<chrono::Utc>>,
    pub(crate) low_confidence: f64,
    pub(crate) compare_previous: bool,
    pub(crate) chatbot: Option<String>,
    /// It reads the API (an account's whole history is no default there).
    pub(crate) from_api: bool,
}

/// The report's options: from the API without a start, the last
/// [`DEFAULT_DAYS`] days, said beside the period in `audience`'s words.
pub(crate) fn options(asked: Asked, audience: Audience) -> Options {
    let now = chrono::Utc::now();
    let (since, period_note) = match (asked.since, asked.from_api) {
        (None, true) => (
            now.checked_sub_signed(chrono::Duration::days(DEFAULT_DAYS)),
            Some(match audience {
                Audience::Cli => {
                    format!("the last {DEFAULT_DAYS} days; --since for another period")
                }
                Audience::Agent => {
                    format!("the last {DEFAULT_DAYS} days; give since for another period")
                }
            }),
        ),
        (since, _) => (since, None),
    };
    Options {
        since,
        until: asked.until,
        low_confidence: asked.low_confidence,
        compare_previous: asked.compare_previous,
        now,
        chatbot: asked.chatbot,
        period_note,
    }
}

/// Report options that make no report, in the words of `audience`: the
/// CLI's flags, or the tool's arguments.
pub(crate) fn options_error(err: &OptionsError, audience: Audience) -> String {
    let (cli, agent) = match err.field() {
        OptionField::Since => ("--since", "since"),
        OptionField::Until => ("--until", "until"),
        OptionField::LowConfidence => ("--low-confidence", "lowConfidence"),
        OptionField::ComparePrevious => ("--compare", "comparePrevious"),
        _ => ("the options", "the arguments"),
    };
    match audience {
        Audience::Cli => format!("{cli}: {err}"),
        Audience::Agent => format!("argument `{agent}`: {err}"),
    }
}

/// The aggregation of `options` with its checks worded for `audience`.
pub(crate) fn aggregator(options: &Options, audience: Audience) -> Result<Aggregator, String> {
    Aggregator::new(options.clone()).map_err(|e| options_error(&e, audience))
}

/// The eval ledgers named (`paths`), or the default one: the conversations
/// a report leaves out.
pub(crate) fn eval_ledger(paths: &[PathBuf]) -> Result<EvalLedger, String> {
    let defaults: Vec<PathBuf> = if paths.is_empty() {
        eval_ledger_path().into_iter().collect()
    } else {
        paths.to_vec()
    };
    let mut ledger = EvalLedger::default();
    for path in &defaults {
        if !paths.is_empty() && !path.exists() {
            return Err(format!(
                "--eval-ledger: {} does not exist",
                wonderchat::printable(&path.display().to_string())
            ));
        }
        ledger
            .read(path)
            .map_err(|e| crate::error::with_causes(&e))?;
    }
    Ok(ledger)
}

/// The export's chatlogs read into an aggregation, one at a time (the
/// caller shows progress its own way between them).
pub(crate) struct Reading<'a> {
    chatlogs: wonderchat::ChatlogStream,
    aggregator: &'a mut Aggregator,
    stats: ReadStats,
}

impl<'a> Reading<'a> {
    /// Reads `chatlogs` into `aggregator`.
    pub(crate) fn new(chatlogs: wonderchat::ChatlogStream, aggregator: &'a mut Aggregator) -> Self {
        Self {
            chatlogs,
            aggregator,
            stats: ReadStats::default(),
        }
    }

    /// Counts the next chatlog; the number read so far, `None` at the end.
    ///
    /// # Errors
    /// The export failed (the chatlogs until then are counted).
    pub(crate) async fn next(&mut self) -> Option<Result<u64, wonderchat::Error>> {
        let chatlog = match self.chatlogs.next().await? {
            Ok(chatlog) => chatlog,
            Err(e) => return Some(Err(e)),
        };
        self.aggregator.add(&chatlog);
        self.stats.chatlogs += 1;
        Some(Ok(self.stats.chatlogs))
    }

    /// What was read.
    pub(crate) fn stats(self) -> ReadStats {
        self.stats
    }
}

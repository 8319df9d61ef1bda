//! The report as the `report` command and the `feedback_report` tool make
//! it from the API: the options checked once (and worded for each
//! audience), the export streamed into the aggregation with progress.

use futures_util::StreamExt;
use wonderchat_insights::format::ReadStats;
use wonderchat_insights::{Aggregator, OptionField, Options, OptionsError};

use crate::error::Audience;

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

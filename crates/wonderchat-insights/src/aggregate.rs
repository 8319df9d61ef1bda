//! One pass over the chatlogs, in bounded memory: exact counts per day
//! (headline, series, the previous period), per confidence bucket and per
//! chatbot; space-saving top-k for countries and entry pages; the topics of
//! failed conversations (`topics.rs`). [`Report`] is every figure.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use wonderchat::Chatlog;

use crate::format::ReadStats;
use crate::sketch::SpaceSaving;
use crate::stats::{Rate, differs};
use crate::topics::{Topic, Topics};

/// What to count and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only chatlogs created at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Only chatlogs created at or before this time.
    pub until: Option<DateTime<Utc>>,
    /// Below this average confidence a conversation counts as failed.
    pub low_confidence: f64,
    /// Compare with the period of the same length before `since` (which
    /// must then be given; those chatlogs must be in the input too).
    pub compare_previous: bool,
    /// The time the report is made: the end of a period without `until`.
    pub now: DateTime<Utc>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            since: None,
            until: None,
            low_confidence: 0.5,
            compare_previous: false,
            now: Utc::now(),
        }
    }
}

/// Which option an [`OptionsError`] is about (each front end names it its
/// own way: a flag, a tool argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionField {
    /// `since`.
    Since,
    /// `until`.
    Until,
    /// `low_confidence`.
    LowConfidence,
    /// `compare_previous`.
    ComparePrevious,
}

/// Options that make no report.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// The confidence threshold is not a number from 0 to 1.
    #[error("{0} is not a number from 0 to 1")]
    LowConfidence(f64),
    /// `since` is after `until`.
    #[error("the period starts after it ends: swap since and until")]
    SinceAfterUntil,
    /// A comparison without a start.
    #[error("comparing with the previous period needs since: the period to compare")]
    CompareWithoutSince,
    /// The previous period would start before the earliest time there is.
    #[error(
        "the period before since would start before the earliest time that can be counted: give a later since"
    )]
    PreviousOutOfRange,
}

impl OptionsError {
    /// The option it is about.
    pub fn field(&self) -> OptionField {
        match self {
            OptionsError::LowConfidence(_) => OptionField::LowConfidence,
            OptionsError::SinceAfterUntil => OptionField::Since,
            OptionsError::CompareWithoutSince => OptionField::ComparePrevious,
            OptionsError::PreviousOutOfRange => OptionField::Since,
        }
    }
}

impl Options {
    /// Refuses options that make no report.
    ///
    /// # Errors
    /// The threshold, the period or the comparison is impossible.
    pub fn check(&self) -> Result<(), OptionsError> {
        if !(0.0..=1.0).contains(&self.low_confidence) {
            return Err(OptionsError::LowConfidence(self.low_confidence));
        }
        if let (Some(since), Some(until)) = (self.since, self.until)
            && since > until
        {
            return Err(OptionsError::SinceAfterUntil);
        }
        self.previous_from().map(|_| ())
    }

    /// The start of the previous period (with `compare_previous`): as long
    /// before `since` as `until` (or now) is after it.
    ///
    /// # Errors
    /// No `since`, or a start before the earliest time there is.
    pub fn previous_from(&self) -> Result<Option<DateTime<Utc>>, OptionsError> {
        if !self.compare_previous {
            return Ok(None);
        }
        let since = self.since.ok_or(OptionsError::CompareWithoutSince)?;
        let end = self.until.unwrap_or(self.now);
        since
            .checked_sub_signed(end.signed_duration_since(since))
            .map(Some)
            .ok_or(OptionsError::PreviousOutOfRange)
    }

    /// The earliest chatlog the report reads: the previous period's start,
    /// else `since`.
    ///
    /// # Errors
    /// As [`previous_from`](Self::previous_from).
    pub fn read_from(&self) -> Result<Option<DateTime<Utc>>, OptionsError> {
        Ok(self.previous_from()?.or(self.since))
    }
}

/// Counts of a set of conversations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    /// Conversations.
    pub conversations: u64,
    /// Question/answer pairs.
    pub exchanges: u64,
    /// Rated (`userFeedback` present).
    pub rated: u64,
    /// Rated `GOOD`.
    pub good: u64,
    /// Rated `BAD`.
    pub bad: u64,
    /// With a resolution state.
    pub known_state: u64,
    /// `RESOLVED`.
    pub resolved: u64,
    /// `UNRESOLVED`.
    pub unresolved: u64,
    /// Sum of average confidences (for the mean).
    pub confidence_sum: f64,
    /// Conversations with an average confidence.
    pub confidence_n: u64,
    /// BAD, UNRESOLVED or under the confidence threshold.
    pub failed: u64,
}

impl Tally {
    fn add(&mut self, chatlog: &Chatlog, failed: bool) {
        self.conversations += 1;
        self.exchanges += chatlog.messages.len() as u64;
        if let Some(rating) = &chatlog.user_feedback {
            self.rated += 1;
            self.good += u64::from(rating.eq_ignore_ascii_case("GOOD"));
            self.bad += u64::from(rating.eq_ignore_ascii_case("BAD"));
        }
        if let Some(state) = &chatlog.ai_resolution_state {
            self.known_state += 1;
            self.resolved += u64::from(state.eq_ignore_ascii_case("RESOLVED"));
            self.unresolved += u64::from(state.eq_ignore_ascii_case("UNRESOLVED"));
        }
        if let Some(c) = confidence(chatlog) {
            self.confidence_sum += c;
            self.confidence_n += 1;
        }
        self.failed += u64::from(failed);
    }

    fn merge(&mut self, other: &Tally) {
        self.conversations += other.conversations;
        self.exchanges += other.exchanges;
        self.rated += other.rated;
        self.good += other.good;
        self.bad += other.bad;
        self.known_state += other.known_state;
        self.resolved += other.resolved;
        self.unresolved += other.unresolved;
        self.confidence_sum += other.confidence_sum;
        self.confidence_n += other.confidence_n;
        self.failed += other.failed;
    }

    /// Satisfaction: GOOD of rated.
    pub fn satisfaction(&self) -> Option<Rate> {
        Rate::wilson(self.good, self.rated)
    }

    /// Resolution: RESOLVED of those with a state.
    pub fn resolution(&self) -> Option<Rate> {
        Rate::wilson(self.resolved, self.known_state)
    }

    /// The mean average confidence.
    pub fn average_confidence(&self) -> Option<f64> {
        (self.confidence_n > 0).then(|| self.confidence_sum / self.confidence_n as f64)
    }
}

/// A chatlog's average confidence, when it is a number in [0, 1].
fn confidence(chatlog: &Chatlog) -> Option<f64> {
    chatlog
        .average_confidence
        .filter(|c| c.is_finite() && (0.0..=1.0).contains(c))
}

/// The headline of a period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Headline {
    /// The first day with a conversation.
    pub first_day: Option<NaiveDate>,
    /// The last day with a conversation.
    pub last_day: Option<NaiveDate>,
    /// Conversations.
    pub conversations: u64,
    /// Question/answer pairs.
    pub exchanges: u64,
    /// Rated conversations (`userFeedback` present).
    pub rated: u64,
    /// Rated `GOOD`.
    pub good: u64,
    /// Rated `BAD`.
    pub bad: u64,
    /// Rated of all.
    pub rated_share: Option<f64>,
    /// GOOD of rated, with its 95% interval.
    pub satisfaction: Option<Rate>,
    /// RESOLVED of those with a state, with its 95% interval.
    pub resolution: Option<Rate>,
    /// The mean of the conversations' average confidence.
    pub average_confidence: Option<f64>,
    /// Failed conversations (BAD, UNRESOLVED or under the threshold).
    pub failed: u64,
}

impl Headline {
    fn of(tally: &Tally, first: Option<NaiveDate>, last: Option<NaiveDate>) -> Self {
        Self {
            first_day: first,
            last_day: last,
            conversations: tally.conversations,
            exchanges: tally.exchanges,
            rated: tally.rated,
            good: tally.good,
            bad: tally.bad,
            rated_share: (tally.conversations > 0)
                .then(|| tally.rated as f64 / tally.conversations as f64),
            satisfaction: tally.satisfaction(),
            resolution: tally.resolution(),
            average_confidence: tally.average_confidence(),
            failed: tally.failed,
        }
    }
}

/// What an export holds, in short: the headline and the chatbots (the
/// summary an agent's `export_chatlogs` gets, counted as the report counts).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The headline of every chatlog read.
    pub headline: Headline,
    /// Per chatbot, when there are several (top 20 by volume).
    pub per_chatbot: Vec<ChatbotRow>,
}

impl Report {
    /// The summary of what was read.
    pub fn summary(&self) -> Summary {
        Summary {
            headline: self.headline.clone(),
            per_chatbot: self.per_chatbot.clone(),
        }
    }
}

/// How the period compares with the one before it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The previous period's headline.
    pub previous: Headline,
    /// Conversations now over then.
    pub volume_ratio: Option<f64>,
    /// Satisfaction now minus then, and whether beyond chance.
    pub satisfaction_change: Option<Change>,
    /// Resolution now minus then, and whether beyond chance.
    pub resolution_change: Option<Change>,
}

/// A change of a share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Now minus then.
    pub delta: f64,
    /// Larger than chance (a two-proportion z-test at 95%).
    pub significant: bool,
}

fn change(now: Option<Rate>, then: Option<Rate>) -> Option<Change> {
    let (now, then) = (now?, then?);
    Some(Change {
        delta: now.value - then.value,
        significant: differs(&now, &then),
    })
}

/// One point of the series.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Point {
    /// The day, or the Monday of the week.
    pub start: NaiveDate,
    /// Conversations.
    pub conversations: u64,
    /// GOOD of rated.
    pub satisfaction: Option<f64>,
    /// RESOLVED of those with a state.
    pub resolution: Option<f64>,
}

/// A confidence bucket: how many, and how often they failed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bucket {
    /// Its lower bound (0.0, 0.1, … 0.9).
    pub from: f64,
    /// Its upper bound.
    pub to: f64,
    /// Conversations in it.
    pub conversations: u64,
    /// BAD of rated in it.
    pub bad_share: Option<f64>,
    /// UNRESOLVED of those with a state in it.
    pub unresolved_share: Option<f64>,
}

/// A country or entry page, ranked by volume.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    /// The country code or page address.
    pub name: String,
    /// Conversations (an over-count of at most `error`).
    pub conversations: u64,
    /// The sketch's bound on the over-count.
    pub error: u64,
    /// BAD of rated, counted since it entered the sketch.
    pub bad_share: Option<f64>,
    /// UNRESOLVED of those with a state, counted since it entered the sketch.
    pub unresolved_share: Option<f64>,
}

/// A chatbot's headline.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatbotRow {
    /// Its id.
    pub chatbot_id: String,
    /// Its headline figures.
    pub headline: Headline,
}

/// Every figure of the report.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The confidence under which a conversation counts as failed.
    pub low_confidence: f64,
    /// The period's headline.
    pub headline: Headline,
    /// Chatbots seen.
    pub chatbots: u64,
    /// With `compare_previous`: the period before, and the changes.
    pub comparison: Option<Comparison>,
    /// `day`, or `week` beyond 90 days.
    pub granularity: &'static str,
    /// Volume, satisfaction and resolution over time.
    pub series: Vec<Point>,
    /// Ten buckets of average confidence.
    pub confidence: Vec<Bucket>,
    /// Countries by volume (top 20).
    pub countries: Vec<Place>,
    /// Entry pages by volume (top 20).
    pub pages: Vec<Place>,
    /// Topics of failed conversations, largest first (top 20).
    pub knowledge_gaps: Vec<Topic>,
    /// Per chatbot, when there are several (top 20 by volume).
    pub per_chatbot: Vec<ChatbotRow>,
    /// How the input was read.
    pub input: ReadStats,
    /// Chatlogs outside the period (and its previous one), not counted.
    pub outside_period: u64,
}

/// The Monday of `day`'s week, or the earliest day there is when that
/// Monday would be before it.
fn monday(day: NaiveDate) -> NaiveDate {
    let back = chrono::Datelike::weekday(&day).num_days_from_monday();
    day.checked_sub_days(chrono::Days::new(u64::from(back)))
        .unwrap_or(NaiveDate::MIN)
}

/// Counts of a place: since it entered the sketch.
#[derive(Debug, Clone, Copy, Default)]
struct PlaceCounts {
    rated: u64,
    bad: u64,
    known: u64,
    unresolved: u64,
}

/// Counts chatlogs one at a time; [`finish`](Self::finish) gives the report.
pub struct Aggregator {
    options: Options,
    previous_from: Option<DateTime<Utc>>,
    days: BTreeMap<NaiveDate, Tally>,
    previous: Tally,
    previous_days: (Option<NaiveDate>, Option<NaiveDate>),
    buckets: [Tally; 10],
    countries: SpaceSaving<PlaceCounts>,
    pages: SpaceSaving<PlaceCounts>,
    chatbots: SpaceSaving<Tally>,
    seen_chatbots: std::collections::HashSet<String>,
    topics: Topics,
    outside: u64,
}

/// Distinct chatbot ids counted exactly (beyond: counted as "at least").
const CHATBOTS_COUNTED: usize = 10_000;

impl Aggregator {
    /// An empty aggregation.
    ///
    /// # Errors
    /// The options make no report ([`Options::check`]).
    pub fn new(options: Options) -> Result<Self, OptionsError> {
        options.check()?;
        let previous_from = options.previous_from()?;
        Ok(Self {
            options,
            previous_from,
            days: BTreeMap::new(),
            previous: Tally::default(),
            previous_days: (None, None),
            buckets: Default::default(),
            countries: SpaceSaving::new(256),
            pages: SpaceSaving::new(256),
            chatbots: SpaceSaving::new(64),
            seen_chatbots: std::collections::HashSet::new(),
            topics: Topics::new(),
            outside: 0,
        })
    }

    /// Counts one chatlog.
    pub fn add(&mut self, chatlog: &Chatlog) {
        let at = chatlog.created_at;
        let failed = chatlog
            .user_feedback
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case("BAD"))
            || chatlog
                .ai_resolution_state
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("UNRESOLVED"))
            || confidence(chatlog).is_some_and(|c| c < self.options.low_confidence);
        if self.options.until.is_some_and(|u| at > u) {
            self.outside += 1;
            return;
        }
        if self.options.since.is_some_and(|s| at < s) {
            match self.previous_from {
                Some(from) if at >= from => {
                    self.previous.add(chatlog, failed);
                    let day = at.date_naive();
                    let (first, last) = &mut self.previous_days;
                    *first = Some(first.map_or(day, |f| f.min(day)));
                    *last = Some(last.map_or(day, |l| l.max(day)));
                }
                _ => self.outside += 1,
            }
            return;
        }
        self.days
            .entry(at.date_naive())
            .or_default()
            .add(chatlog, failed);
        if let Some(c) = confidence(chatlog) {
            let bucket = ((c * 10.0) as usize).min(9);
            self.buckets[bucket].add(chatlog, failed);
        }
        let place = |sketch: &mut SpaceSaving<PlaceCounts>, key: &str| {
            let counts = &mut sketch.add(key).payload;
            if let Some(rating) = &chatlog.user_feedback {
                counts.rated += 1;
                counts.bad += u64::from(rating.eq_ignore_ascii_case("BAD"));
            }
            if let Some(state) = &chatlog.ai_resolution_state {
                counts.known += 1;
                counts.unresolved += u64::from(state.eq_ignore_ascii_case("UNRESOLVED"));
            }
        };
        place(
            &mut self.countries,
            chatlog.country_code.as_deref().unwrap_or("(unknown)"),
        );
        place(
            &mut self.pages,
            chatlog.initial_page_url.as_deref().unwrap_or("(none)"),
        );
        self.chatbots
            .add(&chatlog.chatbot_id)
            .payload
            .add(chatlog, failed);
        if self.seen_chatbots.len() < CHATBOTS_COUNTED {
            self.seen_chatbots.insert(chatlog.chatbot_id.clone());
        }
        if failed {
            let exchanges: Vec<(Option<&str>, Option<&str>)> = chatlog
                .messages
                .iter()
                .map(|m| (m.user_message.as_deref(), m.bot_message.as_deref()))
                .collect();
            self.topics.add(
                &exchanges,
                chatlog.initial_page_url.as_deref(),
                &chatlog.chatbot_id,
            );
        }
    }

    /// Every figure.
    pub fn finish(self, input: ReadStats) -> Report {
        let mut total = Tally::default();
        for tally in self.days.values() {
            total.merge(tally);
        }
        let first = self.days.keys().next().copied();
        let last = self.days.keys().next_back().copied();
        let headline = Headline::of(&total, first, last);
        let comparison = self.previous_from.map(|_| {
            let previous = Headline::of(&self.previous, self.previous_days.0, self.previous_days.1);
            Comparison {
                volume_ratio: (self.previous.conversations > 0)
                    .then(|| total.conversations as f64 / self.previous.conversations as f64),
                satisfaction_change: change(total.satisfaction(), self.previous.satisfaction()),
                resolution_change: change(total.resolution(), self.previous.resolution()),
                previous,
            }
        });
        let weekly = match (first, last) {
            (Some(f), Some(l)) => (l - f).num_days() > 90,
            _ => false,
        };
        let mut grouped: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
        for (day, tally) in &self.days {
            let start = if weekly { monday(*day) } else { *day };
            grouped.entry(start).or_default().merge(tally);
        }
        let series = grouped
            .into_iter()
            .map(|(start, t)| Point {
                start,
                conversations: t.conversations,
                satisfaction: t.satisfaction().map(|r| r.value),
                resolution: t.resolution().map(|r| r.value),
            })
            .collect();
        let share = |hits: u64, n: u64| (n > 0).then(|| hits as f64 / n as f64);
        let confidence = self
            .buckets
            .iter()
            .enumerate()
            .map(|(i, t)| Bucket {
                from: i as f64 / 10.0,
                to: (i + 1) as f64 / 10.0,
                conversations: t.conversations,
                bad_share: share(t.bad, t.rated),
                unresolved_share: share(t.unresolved, t.known_state),
            })
            .collect();
        let places = |sketch: &SpaceSaving<PlaceCounts>| -> Vec<Place> {
            sketch
                .top()
                .into_iter()
                .take(20)
                .map(|(name, e)| Place {
                    name: name.to_owned(),
                    conversations: e.count,
                    error: e.error,
                    bad_share: share(e.payload.bad, e.payload.rated),
                    unresolved_share: share(e.payload.unresolved, e.payload.known),
                })
                .collect()
        };
        let chatbot_count = self.seen_chatbots.len() as u64;
        let per_chatbot = if chatbot_count > 1 {
            self.chatbots
                .top()
                .into_iter()
                .take(20)
                .map(|(id, e)| ChatbotRow {
                    chatbot_id: id.to_owned(),
                    headline: Headline::of(&e.payload, None, None),
                })
                .collect()
        } else {
            Vec::new()
        };
        Report {
            low_confidence: self.options.low_confidence,
            headline,
            chatbots: chatbot_count,
            comparison,
            granularity: if weekly { "week" } else { "day" },
            series,
            confidence,
            countries: places(&self.countries),
            pages: places(&self.pages),
            knowledge_gaps: self.topics.finish(20),
            per_chatbot,
            input,
            outside_period: self.outside,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chatlog(at: DateTime<Utc>, feedback: Option<&str>) -> Chatlog {
        let mut chatlog = Chatlog::new("b", at);
        chatlog.country_code = Some("DE".to_owned());
        chatlog.user_feedback = feedback.map(str::to_owned);
        chatlog.average_confidence = Some(0.9);
        chatlog.ai_resolution_state = Some("RESOLVED".to_owned());
        chatlog
    }

    #[test]
    fn chatlogs_on_the_first_and_last_days_there_are_are_counted_weekly() {
        let first = NaiveDate::MIN.and_time(chrono::NaiveTime::MIN).and_utc();
        let last = DateTime::<Utc>::MAX_UTC;
        let mut aggregator = Aggregator::new(Options::default()).unwrap();
        for at in [first, first + chrono::Days::new(100), last] {
            aggregator.add(&chatlog(at, Some("GOOD")));
        }
        let report = aggregator.finish(ReadStats::default());
        assert_eq!(report.granularity, "week");
        assert_eq!(report.series[0].start, NaiveDate::MIN);
        assert_eq!(report.headline.conversations, 3);
        assert_eq!(
            report.series.iter().map(|p| p.conversations).sum::<u64>(),
            3
        );
    }

    #[test]
    fn a_previous_period_before_the_first_time_there_is_is_an_error_not_a_panic() {
        let options = Options {
            since: Some(
                NaiveDate::MIN.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Days::new(5),
            ),
            compare_previous: true,
            ..Options::default()
        };
        assert_eq!(options.check(), Err(OptionsError::PreviousOutOfRange));
        assert!(Aggregator::new(options).is_err());
        let reversed = Options {
            since: Some(DateTime::<Utc>::MAX_UTC),
            until: Some(DateTime::<Utc>::MIN_UTC),
            ..Options::default()
        };
        assert_eq!(reversed.check(), Err(OptionsError::SinceAfterUntil));
        let nan = Options {
            low_confidence: f64::NAN,
            ..Options::default()
        };
        assert_eq!(nan.check().unwrap_err().field(), OptionField::LowConfidence);
    }

    #[test]
    fn the_previous_period_is_as_long_as_the_period() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let options = Options {
            since: Some(at("2024-01-11T00:00:00Z")),
            until: Some(at("2024-01-21T00:00:00Z")),
            compare_previous: true,
            ..Options::default()
        };
        assert_eq!(options.read_from(), Ok(Some(at("2024-01-01T00:00:00Z"))));
        let mut aggregator = Aggregator::new(options).unwrap();
        aggregator.add(&chatlog(at("2024-01-05T00:00:00Z"), Some("BAD")));
        aggregator.add(&chatlog(at("2024-01-12T00:00:00Z"), Some("GOOD")));
        aggregator.add(&chatlog(at("2023-12-31T00:00:00Z"), Some("GOOD")));
        let report = aggregator.finish(ReadStats::default());
        assert_eq!(report.headline.conversations, 1);
        let comparison = report.comparison.unwrap();
        assert_eq!(comparison.previous.conversations, 1);
        assert_eq!(comparison.volume_ratio, Some(1.0));
        assert_eq!(report.outside_period, 1);
    }
}

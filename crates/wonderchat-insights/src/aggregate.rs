//! One pass over the chatlogs, in bounded memory: exact counts per day
//! (headline, series, the previous period), per confidence bucket, per
//! language and per chatbot; space-saving top-k for countries and entry
//! pages (normalised: `places.rs`); what users ask about and the knowledge
//! gaps (`topics/`). [`Report`] is every figure.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use wonderchat::Chatlog;

use crate::format::ReadStats;
use crate::places::{PageNames, country_name};
use crate::record::Record;
use crate::sketch::SpaceSaving;
use crate::stats::{Rate, differs};
use crate::topics::{Topic, Topics, Weight, day_number, language_name};

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
    /// Only this chatbot's chatlogs (the others are counted apart).
    pub chatbot: Option<String>,
    /// How the period was chosen, said beside it ("the last 30 days").
    pub period_note: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            since: None,
            until: None,
            low_confidence: 0.5,
            compare_previous: false,
            now: Utc::now(),
            chatbot: None,
            period_note: None,
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

/// Counts of a set of conversations. An engine computes the same columns
/// with SQL (`pushdown::sql::TALLY`, one expression per field but the two
/// that need the users' words: `askedForPerson` and `escalated`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase", default)]
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
    /// Sum of average confidences in billionths, each rounded (an exact
    /// integer: the same whatever the order of the sum or the engine).
    pub confidence_nanos: u64,
    /// Conversations with an average confidence.
    pub confidence_n: u64,
    /// BAD, UNRESOLVED or under the confidence threshold.
    pub failed: u64,
    /// The user asked for a person.
    pub asked_for_person: u64,
    /// The resolution state says a person took over (`HANDED_OFF`,
    /// `ESCALATED`, …: [`is_hand_off`]).
    pub handed_off: u64,
    /// Asked for a person or handed off.
    pub escalated: u64,
}

/// Whether a resolution state says a person took over: it names a hand-off,
/// an escalation, a transfer, a human or an agent.
pub fn is_hand_off(state: &str) -> bool {
    if state.eq_ignore_ascii_case("RESOLVED") || state.eq_ignore_ascii_case("UNRESOLVED") {
        return false;
    }
    ["HAND", "ESCALAT", "TRANSFER", "HUMAN", "AGENT"]
        .iter()
        .any(|w| {
            state
                .as_bytes()
                .windows(w.len())
                .any(|part| part.eq_ignore_ascii_case(w.as_bytes()))
        })
}

impl Tally {
    /// One conversation's tally, but its request for a person (which the
    /// topics find in its words): `escalated` is its hand-off so far.
    fn of(chatlog: &Record<'_>, failed: bool) -> Tally {
        let rating = chatlog.user_feedback;
        let state = chatlog.ai_resolution_state;
        let confidence = confidence(chatlog);
        let handed_off = u64::from(state.is_some_and(is_hand_off));
        let is = |text: Option<&str>, word: &str| {
            u64::from(text.is_some_and(|t| t.eq_ignore_ascii_case(word)))
        };
        Tally {
            conversations: 1,
            exchanges: chatlog.messages.len() as u64,
            rated: u64::from(rating.is_some()),
            good: is(rating, "GOOD"),
            bad: is(rating, "BAD"),
            known_state: u64::from(state.is_some()),
            resolved: is(state, "RESOLVED"),
            unresolved: is(state, "UNRESOLVED"),
            confidence_nanos: confidence.map_or(0, nanos),
            confidence_n: u64::from(confidence.is_some()),
            failed: u64::from(failed),
            asked_for_person: 0,
            handed_off,
            escalated: handed_off,
        }
    }

    /// Adds `other`'s counts (saturating: an engine's table may hold any
    /// number).
    pub(crate) fn merge(&mut self, other: &Tally) {
        self.conversations = self.conversations.saturating_add(other.conversations);
        self.exchanges = self.exchanges.saturating_add(other.exchanges);
        self.rated = self.rated.saturating_add(other.rated);
        self.good = self.good.saturating_add(other.good);
        self.bad = self.bad.saturating_add(other.bad);
        self.known_state = self.known_state.saturating_add(other.known_state);
        self.resolved = self.resolved.saturating_add(other.resolved);
        self.unresolved = self.unresolved.saturating_add(other.unresolved);
        self.confidence_nanos = self.confidence_nanos.saturating_add(other.confidence_nanos);
        self.confidence_n = self.confidence_n.saturating_add(other.confidence_n);
        self.failed = self.failed.saturating_add(other.failed);
        self.asked_for_person = self.asked_for_person.saturating_add(other.asked_for_person);
        self.handed_off = self.handed_off.saturating_add(other.handed_off);
        self.escalated = self.escalated.saturating_add(other.escalated);
    }

    /// These conversations as the topics count them: their outcomes, the
    /// sum of their day numbers and of their squares, the earliest start,
    /// and the answers' links when an engine cut the answers.
    pub(crate) fn weight<'a>(
        &self,
        first_at: DateTime<Utc>,
        day_sum: i128,
        day_squares: i128,
        links: Option<&'a [Option<String>]>,
    ) -> Weight<'a> {
        Weight {
            n: self.conversations,
            rated: self.rated,
            good: self.good,
            known: self.known_state,
            resolved: self.resolved,
            day_sum,
            day_squares,
            first_at,
            links,
        }
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
        (self.confidence_n > 0)
            .then(|| self.confidence_nanos as f64 / 1e9 / self.confidence_n as f64)
    }
}

/// The fields of [`Tally`] that need the users' words (requests for a
/// person): no SQL counts them; the aggregates path adds them per group of
/// questions.
#[cfg(test)]
pub(crate) const TEXT_DERIVED: [&str; 2] = ["askedForPerson", "escalated"];

/// A confidence in billionths, rounded half up (`floor(c * 1e9 + 0.5)`:
/// IEEE arithmetic every engine does the same way).
pub(crate) fn nanos(c: f64) -> u64 {
    (c * 1e9 + 0.5).floor() as u64
}

/// A chatlog's average confidence, when it is a number in [0, 1].
fn confidence(chatlog: &Record<'_>) -> Option<f64> {
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
    /// Failed of all conversations, with its 95% interval.
    pub failed_share: Option<Rate>,
    /// Conversations where the user asked for a person.
    pub asked_for_person: u64,
    /// Conversations a person took over (by their resolution state).
    pub handed_off: u64,
    /// Asked for a person or handed off, of all conversations.
    pub escalation: Option<Rate>,
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
            failed_share: Rate::wilson(tally.failed, tally.conversations),
            asked_for_person: tally.asked_for_person,
            handed_off: tally.handed_off,
            escalation: Rate::wilson(tally.escalated, tally.conversations),
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
    /// The failed share now minus then, and whether beyond chance.
    pub failed_change: Option<Change>,
    /// The escalation rate now minus then, and whether beyond chance.
    pub escalation_change: Option<Change>,
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
    /// Days of the period it covers (a day: 1; a week: 7, fewer at the
    /// period's edges).
    pub days: u32,
    /// It covers less than its whole span (a week cut by the period's
    /// start or end): its counts are not comparable with the others'.
    pub partial: bool,
    /// Conversations.
    pub conversations: u64,
    /// Failed conversations.
    pub failed: u64,
    /// GOOD of rated, with its interval and n.
    pub satisfaction: Option<Rate>,
    /// RESOLVED of those with a state, with its interval and n.
    pub resolution: Option<Rate>,
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
    /// The country code or page address (normalised: `places.rs`).
    pub name: String,
    /// A country's English name, when the code is known.
    pub label: Option<String>,
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

/// Conversations per resolution state.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StateRow {
    /// The state as the export gives it (upper case).
    pub state: String,
    /// Conversations in it.
    pub conversations: u64,
    /// It says a person took over ([`is_hand_off`]).
    pub hand_off: bool,
}

/// The figures of one language.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LanguageRow {
    /// ISO 639-1 code (`und`: no text to tell).
    pub code: String,
    /// Its English name.
    pub name: String,
    /// Its headline figures.
    pub headline: Headline,
}

/// Every figure of the report.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// When the report was made.
    pub generated_at: DateTime<Utc>,
    /// The period asked for: from (inclusive), if given.
    pub since: Option<DateTime<Utc>>,
    /// The period asked for: until (inclusive), if given.
    pub until: Option<DateTime<Utc>>,
    /// How the period was chosen ("the last 30 days"), if said.
    pub period_note: Option<String>,
    /// The chatbots counted, largest first (up to 5; `chatbots` says how
    /// many there are).
    pub chatbot_ids: Vec<String>,
    /// Chatlogs of other chatbots than the one asked for, not counted.
    pub other_chatbots: u64,
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
    /// Volume, satisfaction and resolution over time (per `granularity`).
    pub series: Vec<Point>,
    /// The same per week (Monday to Sunday), weeks cut by the period
    /// marked partial.
    pub weeks: Vec<Point>,
    /// Ten buckets of average confidence.
    pub confidence: Vec<Bucket>,
    /// Conversations per resolution state, largest first.
    pub states: Vec<StateRow>,
    /// Countries by volume (top 20).
    pub countries: Vec<Place>,
    /// Entry pages by volume (top 20), normalised.
    pub pages: Vec<Place>,
    /// Languages by volume.
    pub languages: Vec<LanguageRow>,
    /// What users ask about: every topic by volume, failed or not (top 20).
    pub topics: Vec<Topic>,
    /// The knowledge gaps: topics by failed conversations (top 20).
    pub knowledge_gaps: Vec<Topic>,
    /// Failed conversations in no topic (no subject, or words too rare).
    pub failed_ungrouped: u64,
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

impl PlaceCounts {
    fn merge(&mut self, tally: &Tally) {
        self.rated = self.rated.saturating_add(tally.rated);
        self.bad = self.bad.saturating_add(tally.bad);
        self.known = self.known.saturating_add(tally.known_state);
        self.unresolved = self.unresolved.saturating_add(tally.unresolved);
    }
}

/// Requests for a person of a period: asked for one, and of those not
/// handed off (escalated = handed off + these). Kept apart from the days,
/// whose tallies an engine counts without the users' words.
#[derive(Debug, Clone, Copy, Default)]
struct Escalation {
    asked: u64,
    asked_not_handed_off: u64,
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
    seen_chatbots: foldhash::HashSet<String>,
    topics: Topics,
    page_names: PageNames,
    languages: BTreeMap<&'static str, Tally>,
    states: BTreeMap<String, u64>,
    outside: u64,
    other_chatbots: u64,
    /// The period's and the previous period's requests for a person.
    escalation: [Escalation; 2],
    /// Chatbots an engine counted (the aggregates path), beyond `seen_chatbots`.
    chatbots_counted: u64,
    /// The conversations evals made, left out.
    eval: crate::ledger::EvalLedger,
    /// Chatlogs it recognised.
    eval_left_out: u64,
}

/// Distinct resolution states counted (beyond: under `OTHER`).
const STATES_COUNTED: usize = 32;

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
            seen_chatbots: foldhash::HashSet::default(),
            topics: Topics::new(),
            page_names: PageNames::default(),
            languages: BTreeMap::new(),
            states: BTreeMap::new(),
            outside: 0,
            other_chatbots: 0,
            escalation: Default::default(),
            chatbots_counted: 0,
            eval: crate::ledger::EvalLedger::default(),
            eval_left_out: 0,
        })
    }

    /// Leaves out the conversations `ledger` recognises as an eval's
    /// (counted in the report's `input.evalLeftOut`).
    pub fn leave_out_evals(&mut self, ledger: crate::ledger::EvalLedger) {
        self.eval = ledger;
    }

    /// Counts one chatlog.
    pub fn add(&mut self, chatlog: &Chatlog) {
        self.add_record(&Record::from(chatlog));
    }

    /// Counts one chatlog's [`Record`] (as [`format::read`](crate::format::read) gives it).
    pub fn add_record(&mut self, chatlog: &Record<'_>) {
        if self
            .options
            .chatbot
            .as_ref()
            .is_some_and(|only| *only != chatlog.chatbot_id)
        {
            self.other_chatbots += 1;
            return;
        }
        if !self.eval.is_empty() {
            let first = chatlog.messages.get(0).and_then(|(question, _)| question);
            if self
                .eval
                .recognises(chatlog.chatbot_id, first, chatlog.created_at)
            {
                self.eval_left_out += 1;
                return;
            }
        }
        let at = chatlog.created_at;
        let failed = chatlog
            .user_feedback
            .is_some_and(|r| r.eq_ignore_ascii_case("BAD"))
            || chatlog
                .ai_resolution_state
                .is_some_and(|s| s.eq_ignore_ascii_case("UNRESOLVED"))
            || confidence(chatlog).is_some_and(|c| c < self.options.low_confidence);
        if self.options.until.is_some_and(|u| at > u) {
            self.outside += 1;
            return;
        }
        let previous = self.options.since.is_some_and(|s| at < s);
        if previous && self.previous_from.is_none_or(|from| at < from) {
            self.outside += 1;
            return;
        }
        let page = chatlog.initial_page_url.map(|p| self.page_names.name(p));
        // The conversation's own tally, made once and added where it counts
        // (its requests for a person once the topics have read its words).
        let mut one = Tally::of(chatlog, failed);
        let day = i128::from(day_number(at));
        let seen = self.topics.count_group(
            chatlog,
            &one.weight(at, day, day * day, None),
            page.as_deref(),
            failed,
            previous,
        );
        one.asked_for_person = u64::from(seen.escalation);
        one.escalated |= u64::from(seen.escalation);
        let escalation = &mut self.escalation[usize::from(previous)];
        escalation.asked += one.asked_for_person;
        escalation.asked_not_handed_off += one.escalated - one.handed_off;
        if previous {
            self.previous.merge(&one);
            let day = at.date_naive();
            let (first, last) = &mut self.previous_days;
            *first = Some(first.map_or(day, |f| f.min(day)));
            *last = Some(last.map_or(day, |l| l.max(day)));
            return;
        }
        self.days.entry(at.date_naive()).or_default().merge(&one);
        if let Some(c) = confidence(chatlog) {
            let bucket = ((c * 10.0) as usize).min(9);
            self.buckets[bucket].merge(&one);
        }
        self.languages.entry(seen.language).or_default().merge(&one);
        if let Some(state) = chatlog.ai_resolution_state {
            self.count_state(state, 1);
        }
        self.countries
            .add(chatlog.country_code.unwrap_or("(unknown)"))
            .payload
            .merge(&one);
        self.pages
            .add(page.as_deref().unwrap_or("(none)"))
            .payload
            .merge(&one);
        self.chatbots.add(chatlog.chatbot_id).payload.merge(&one);
        if self.seen_chatbots.len() < CHATBOTS_COUNTED
            && !self.seen_chatbots.contains(chatlog.chatbot_id)
        {
            self.seen_chatbots.insert(chatlog.chatbot_id.to_owned());
        }
    }

    /// The aggregates path: a day's tally as an engine counted it (without
    /// requests for a person: [`absorb_questions`](Self::absorb_questions)).
    pub(crate) fn absorb_day(&mut self, previous: bool, day: NaiveDate, tally: &Tally) {
        if previous {
            self.previous.merge(tally);
            let (first, last) = &mut self.previous_days;
            *first = Some(first.map_or(day, |f| f.min(day)));
            *last = Some(last.map_or(day, |l| l.max(day)));
        } else {
            self.days.entry(day).or_default().merge(tally);
        }
    }

    /// The aggregates path: a confidence bucket's tally (0 to 9).
    pub(crate) fn absorb_bucket(&mut self, bucket: usize, tally: &Tally) {
        self.buckets[bucket.min(9)].merge(tally);
    }

    /// The aggregates path: conversations in a resolution state as sent.
    pub(crate) fn absorb_state(&mut self, state: &str, n: u64) {
        self.count_state(state, n);
    }

    /// The aggregates path: a country's tally.
    pub(crate) fn absorb_country(&mut self, code: Option<&str>, tally: &Tally) {
        let key = code.unwrap_or("(unknown)");
        self.countries
            .add_n(key, tally.conversations)
            .payload
            .merge(tally);
    }

    /// The aggregates path: an entry page's tally (the engine stripped it:
    /// normalised here, so pages it kept apart may join).
    pub(crate) fn absorb_page(&mut self, page: Option<&str>, tally: &Tally) {
        let page = page.map(|p| self.page_names.name(p));
        self.pages
            .add_n(page.as_deref().unwrap_or("(none)"), tally.conversations)
            .payload
            .merge(tally);
    }

    /// The aggregates path: conversations that share their questions
    /// (`chatlog`: the questions, and for failed ones the answers, page and
    /// country), their chatbot, period and failure; `tally`: their counts.
    /// The questions are analysed here as a file's are: the requests for a
    /// person, the language and the topics.
    pub(crate) fn absorb_questions(
        &mut self,
        chatlog: &Record<'_>,
        weight: &Weight<'_>,
        mut tally: Tally,
        failed: bool,
        previous: bool,
    ) {
        let page = chatlog.initial_page_url.map(|p| self.page_names.name(p));
        let seen = self
            .topics
            .count_group(chatlog, weight, page.as_deref(), failed, previous);
        let n = tally.conversations;
        let not_handed_off = n.saturating_sub(tally.handed_off);
        let asked_not_handed_off = if seen.escalation { not_handed_off } else { 0 };
        tally.asked_for_person = if seen.escalation { n } else { 0 };
        tally.escalated = tally.handed_off.saturating_add(asked_not_handed_off);
        let escalation = &mut self.escalation[usize::from(previous)];
        escalation.asked = escalation.asked.saturating_add(tally.asked_for_person);
        escalation.asked_not_handed_off = escalation
            .asked_not_handed_off
            .saturating_add(asked_not_handed_off);
        if previous {
            return;
        }
        self.languages
            .entry(seen.language)
            .or_default()
            .merge(&tally);
        if seen.escalation
            && let Some(entry) = self.chatbots.get_mut(chatlog.chatbot_id)
        {
            entry.payload.asked_for_person = entry.payload.asked_for_person.saturating_add(n);
            entry.payload.escalated = entry.payload.escalated.saturating_add(not_handed_off);
        }
    }

    /// The aggregates path: a chatbot's tally (before its groups of
    /// questions add their requests for a person).
    pub(crate) fn absorb_chatbot(&mut self, id: &str, mut tally: Tally) {
        tally.escalated = tally.handed_off;
        self.chatbots
            .add_n(id, tally.conversations)
            .payload
            .merge(&tally);
    }

    /// The aggregates path: chatlogs of other chatbots, outside the
    /// period, and the chatbots of the period.
    pub(crate) fn absorb_totals(&mut self, other_chatbots: u64, outside: u64, chatbots: u64) {
        self.other_chatbots = self.other_chatbots.saturating_add(other_chatbots);
        self.outside = self.outside.saturating_add(outside);
        self.chatbots_counted = self.chatbots_counted.saturating_add(chatbots);
    }

    /// Counts `n` conversations in resolution state `state` (upper case;
    /// the first [`STATES_COUNTED`] states apart, later ones as `OTHER`).
    fn count_state(&mut self, state: &str, n: u64) {
        let upper;
        let state = if state.bytes().any(|b| b.is_ascii_lowercase()) {
            upper = state.to_ascii_uppercase();
            upper.as_str()
        } else {
            state
        };
        if let Some(count) = self.states.get_mut(state) {
            *count = count.saturating_add(n);
        } else if self.states.len() < STATES_COUNTED {
            self.states.insert(state.to_owned(), n);
        } else {
            let other = self.states.entry("OTHER".to_owned()).or_default();
            *other = other.saturating_add(n);
        }
    }

    /// Every figure.
    pub fn finish(mut self, mut input: ReadStats) -> Report {
        input.eval_left_out = input.eval_left_out.saturating_add(self.eval_left_out);
        let mut total = Tally::default();
        for tally in self.days.values() {
            total.merge(tally);
        }
        for (tally, escalation) in [&mut total, &mut self.previous]
            .into_iter()
            .zip(self.escalation)
        {
            tally.asked_for_person = escalation.asked;
            tally.escalated = tally
                .handed_off
                .saturating_add(escalation.asked_not_handed_off);
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
                failed_change: change(
                    Rate::wilson(total.failed, total.conversations),
                    Rate::wilson(self.previous.failed, self.previous.conversations),
                ),
                escalation_change: change(
                    Rate::wilson(total.escalated, total.conversations),
                    Rate::wilson(self.previous.escalated, self.previous.conversations),
                ),
                previous,
            }
        });
        let weekly = match (first, last) {
            (Some(f), Some(l)) => (l - f).num_days() > 90,
            _ => false,
        };
        // The period's days: as asked for, else as found.
        let span = (
            self.options.since.map(|s| s.date_naive()).or(first),
            self.options.until.map(|u| u.date_naive()).or(last),
        );
        let series = points(&self.days, weekly, span);
        let weeks = points(&self.days, true, span);
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
                    label: None,
                    conversations: e.count,
                    error: e.error,
                    bad_share: share(e.payload.bad, e.payload.rated),
                    unresolved_share: share(e.payload.unresolved, e.payload.known),
                })
                .collect()
        };
        let chatbot_count =
            (self.seen_chatbots.len() as u64 + self.chatbots_counted).min(CHATBOTS_COUNTED as u64);
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
        let mut countries = places(&self.countries);
        for place in &mut countries {
            place.label = country_name(&place.name);
        }
        let mut languages: Vec<LanguageRow> = self
            .languages
            .iter()
            .map(|(code, tally)| LanguageRow {
                code: (*code).to_owned(),
                name: language_name(code).to_owned(),
                headline: Headline::of(tally, None, None),
            })
            .collect();
        languages.sort_by(|a, b| {
            b.headline
                .conversations
                .cmp(&a.headline.conversations)
                .then(a.code.cmp(&b.code))
        });
        let mut states: Vec<StateRow> = self
            .states
            .iter()
            .map(|(state, n)| StateRow {
                state: state.clone(),
                conversations: *n,
                hand_off: is_hand_off(state),
            })
            .collect();
        states.sort_by(|a, b| {
            b.conversations
                .cmp(&a.conversations)
                .then(a.state.cmp(&b.state))
        });
        let found = self.topics.finish(20);
        let chatbot_ids = self
            .chatbots
            .top()
            .into_iter()
            .take(5)
            .map(|(id, _)| id.to_owned())
            .collect();
        Report {
            generated_at: self.options.now,
            since: self.options.since,
            until: self.options.until,
            period_note: self.options.period_note.clone(),
            chatbot_ids,
            other_chatbots: self.other_chatbots,
            low_confidence: self.options.low_confidence,
            headline,
            chatbots: chatbot_count,
            comparison,
            granularity: if weekly { "week" } else { "day" },
            series,
            weeks,
            confidence,
            states,
            countries,
            pages: places(&self.pages),
            languages,
            topics: found.topics,
            knowledge_gaps: found.gaps,
            failed_ungrouped: found.failed_ungrouped,
            per_chatbot,
            input,
            outside_period: self.outside,
        }
    }
}

/// The days grouped into points (weeks from Monday when `weekly`); a week
/// that the period `span` (first and last day) cuts is partial.
fn points(
    days: &BTreeMap<NaiveDate, Tally>,
    weekly: bool,
    span: (Option<NaiveDate>, Option<NaiveDate>),
) -> Vec<Point> {
    let mut grouped: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
    for (day, tally) in days {
        let start = if weekly { monday(*day) } else { *day };
        grouped.entry(start).or_default().merge(tally);
    }
    grouped
        .into_iter()
        .map(|(start, t)| {
            let covered = if weekly {
                let end = start
                    .checked_add_days(chrono::Days::new(6))
                    .unwrap_or(NaiveDate::MAX);
                let from = span.0.map_or(start, |f| f.max(start));
                let to = span.1.map_or(end, |l| l.min(end));
                u32::try_from((to - from).num_days() + 1)
                    .unwrap_or(7)
                    .clamp(1, 7)
            } else {
                1
            };
            Point {
                start,
                days: covered,
                partial: weekly && covered < 7,
                conversations: t.conversations,
                failed: t.failed,
                satisfaction: t.satisfaction(),
                resolution: t.resolution(),
            }
        })
        .collect()
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

//! What users ask about, and the knowledge gaps: the subjects of failed
//! conversations, grouped into topics.
//!
//! **Each conversation has one subject**, the question that carried it:
//! the first user message that names one (two words or more after stop
//! words and filler), else the first that has one word. Follow-up
//! complaints ("that's not what I asked", "useless") are never a subject;
//! requests for a person ("talk to a human", "Mitarbeiter") are counted as
//! escalation demand and are not a subject either (a message that asks for
//! a person *about* something keeps its other words). Each question's
//! language is detected and its own stop words and stemmer used
//! (`text.rs`); the phrase lists are in `lexicon.rs`.
//!
//! **Phrasings** (a subject's language and sorted content words) are
//! counted in a space-saving sketch of 20,000 entries with their outcomes,
//! an example and where they were asked: memory is bounded whatever the
//! input; a phrasing's counts are over by at most its `error` (0 while
//! there are fewer distinct phrasings than entries), reported per topic.
//! At the end they are grouped into topics (`cluster.rs`): typos fixed,
//! synonyms and translations joined, rare words dropped, TF-IDF vectors
//! agglomerated by cosine. Each conversation is in at most one topic, so
//! the gaps' shares add up to at most 100%.
//!
//! **Nothing depends on the order of the conversations** (an engine sends
//! them grouped, in any order: `pushdown`): a message's analysis is a
//! function of its text; of equal candidates for a title or an example the
//! earliest, then the first in text order, is kept; a phrasing's pages and
//! chatbots are its first four by a fixed hash; sums are integers.
//!
//! A topic is named by its most representative real question (the most
//! frequent phrasing nearest its centroid) and its key words; its
//! examples are three distinct questions of failed conversations with the
//! bot's answers, their dates, countries and pages. Its trend is against
//! the previous period when there is one (its share of conversations, a
//! two-proportion test at 95%), else within the period (whether its
//! conversations came later than the others', a test of the mean date at
//! 95%).

mod cluster;
mod lexicon;
mod text;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
#[cfg(test)]
use wonderchat::Chatlog;

use crate::memo::Memo;
use crate::places::normalize_page;
use crate::record::Record;
use crate::sketch::SpaceSaving;
use crate::stats::{Rate, differs};

pub use text::language_name;

/// Phrasings kept (the sketch's entries).
const PHRASINGS: usize = 20_000;
/// Words of follow-up messages kept.
const FOLLOWUP_WORDS: usize = 4_096;
/// Pairs of phrasings asked in one failed conversation kept.
const REPHRASINGS: usize = 20_000;
/// User messages of a conversation read for its subject and escalation.
pub(crate) const MESSAGES_READ: usize = 6;
/// Content words of a phrasing kept (the first ones).
const MAX_WORDS: usize = 12;
/// Messages analysed and remembered by their text (cleared when full).
const CACHE: usize = 8_192;
/// Bytes of a message read for its subject (a question names it early;
/// this bounds the work and the cache whatever a message's length).
pub(crate) const MESSAGE_BYTES: usize = 1_000;
/// Characters of a question or answer kept in an example.
const EXAMPLE_CHARS: usize = 300;

/// One question of a failed conversation, where to find it, and the bot's
/// answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    /// What the user asked.
    pub question: String,
    /// What the bot answered, if anything.
    pub answer: Option<String>,
    /// When the conversation started.
    pub at: DateTime<Utc>,
    /// The user's country (ISO 3166-1 alpha-2), if known.
    pub country: Option<String>,
    /// The entry page (normalised), if known.
    pub page: Option<String>,
}

/// Which way a topic moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    /// More than chance says.
    Rising,
    /// Absent from the previous period.
    New,
    /// Less than chance says.
    Falling,
    /// Within chance.
    Steady,
}

/// A topic's trend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    /// Which way.
    pub direction: Direction,
    /// `previousPeriod` (its share of conversations now and then) or
    /// `withinPeriod` (whether it came later than the rest of the period).
    pub basis: &'static str,
    /// With `previousPeriod`: its share of conversations then.
    pub previous_share: Option<f64>,
}

/// How a topic's failures look: what to do about them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Diagnosis {
    /// Most failed answers cited no page: the knowledge base lacks one.
    MissingPage,
    /// Most failed answers cited a page: that page does not answer it.
    PageToFix,
}

/// A share of a topic's conversations in one language.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LanguageShare {
    /// ISO 639-1 code.
    pub code: String,
    /// Conversations in it.
    pub conversations: u64,
}

/// One topic: what users ask about, how well it goes, what to do.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    /// Its most representative real question.
    pub title: String,
    /// Its key words (stems shown as words; synonyms by their concept).
    pub words: Vec<String>,
    /// Its languages, largest first.
    pub languages: Vec<LanguageShare>,
    /// Conversations in the period whose subject it is.
    pub conversations: u64,
    /// Of those, failed.
    pub failed: u64,
    /// Its failed conversations' share of all failed conversations.
    pub share: f64,
    /// Its conversations' share of all conversations with a subject.
    pub volume_share: f64,
    /// GOOD of rated.
    pub satisfaction: Option<Rate>,
    /// RESOLVED of those with a state.
    pub resolution: Option<Rate>,
    /// Its conversations where the user asked for a person.
    pub escalations: u64,
    /// At most how much the counts are over (the sketch's error).
    pub error: u64,
    /// Its trend.
    pub trend: Option<Trend>,
    /// Failed conversations whose answer to it cited a page (a link).
    pub cited: u64,
    /// What its failures say.
    pub diagnosis: Option<Diagnosis>,
    /// Up to three distinct questions of failed conversations.
    pub examples: Vec<Example>,
    /// The entry pages where it failed, most frequent first (up to three).
    pub pages: Vec<String>,
    /// The pages failed answers cited, most frequent first (up to three).
    pub cited_pages: Vec<String>,
    /// The chatbot it failed with most.
    pub chatbot: Option<String>,
    /// What to do: ready commands.
    pub actions: Vec<String>,
    /// Real questions to put in an eval set (up to five, distinct).
    pub eval_questions: Vec<String>,
}

/// Counts of a phrasing or topic in the period.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    conversations: u64,
    failed: u64,
    rated: u64,
    good: u64,
    known: u64,
    resolved: u64,
    escalated: u64,
    cited: u64,
}

impl Counts {
    fn merge(&mut self, o: &Counts) {
        add(&mut self.conversations, o.conversations);
        add(&mut self.failed, o.failed);
        add(&mut self.rated, o.rated);
        add(&mut self.good, o.good);
        add(&mut self.known, o.known);
        add(&mut self.resolved, o.resolved);
        add(&mut self.escalated, o.escalated);
        add(&mut self.cited, o.cited);
    }
}

/// What a phrasing keeps.
#[derive(Debug, Default, Clone)]
struct Phrasing {
    now: Counts,
    previous: u64,
    /// Sum of the days (since 1970) of its conversations in the period.
    day_sum: i128,
    /// A real question with it.
    question: Option<Box<str>>,
    /// How well `question` reads as a title ([`written`]).
    written: u8,
    /// The first failed conversation with it.
    example: Option<Box<Example>>,
    pages: BTreeMap<String, u64>,
    cited_pages: BTreeMap<String, u64>,
    chatbots: BTreeMap<String, u64>,
}

/// One user message, analysed.
#[derive(Debug)]
pub(crate) struct Analysis {
    language: &'static str,
    complaint: bool,
    escalation: bool,
    /// Content words in order, each once.
    words: Vec<String>,
    /// Its phrasing: language and sorted words ([`phrasing`]).
    key: Box<str>,
    /// How well it reads as a title ([`written`]).
    written: u8,
}

/// What [`Topics::add`] found in a conversation.
pub(crate) struct Seen {
    /// Its language (ISO 639-1), `und` when it has no text.
    pub(crate) language: &'static str,
    /// The user asked for a person.
    pub(crate) escalation: bool,
    /// Its subject, if it has one.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) subject: Option<Arc<Analysis>>,
}

/// Counts of conversations.
#[derive(Debug, Clone, Copy, Default)]
struct Totals {
    conversations: u64,
    failed: u64,
}

/// The topics, counted as conversations come.
pub(crate) struct Topics {
    stems: text::Stems,
    cache: Memo<Analysis>,
    phrasings: SpaceSaving<Phrasing>,
    followups: SpaceSaving<()>,
    rephrasings: SpaceSaving<()>,
    with_subject: Totals,
    with_subject_previous: u64,
    without_subject: Totals,
    failed_all: u64,
    /// Mean-date test: sum and sum of squares of days, n (integers: exact
    /// whatever the order).
    days: (i128, i128, u64),
}

/// What the topics say at the end.
pub(crate) struct Found {
    /// Every topic, by volume.
    pub(crate) topics: Vec<Topic>,
    /// The knowledge gaps: topics by failed conversations.
    pub(crate) gaps: Vec<Topic>,
    /// Failed conversations with no subject (a greeting only, a request for
    /// a person only) or whose words are too rare to group.
    pub(crate) failed_ungrouped: u64,
    /// Each phrasing's gap (its index in `gaps`), for tests.
    #[cfg(test)]
    pub(crate) gap_of: HashMap<String, usize>,
}

/// `a += b`, saturating (an engine's groups may say any number).
fn add(a: &mut u64, b: u64) {
    *a = a.saturating_add(b);
}

/// The days since 1970-01-01 of `at`'s (UTC) day.
pub(crate) fn day_number(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(86_400)
}

/// Conversations counted at once by [`Topics::count_group`]: one (read from
/// a file or the API), or a group an engine counted that shares its
/// questions, its chatbot and whether it failed (and, failed, its answers,
/// entry page and country).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Weight<'a> {
    /// Conversations.
    pub(crate) n: u64,
    /// Rated.
    pub(crate) rated: u64,
    /// Rated GOOD.
    pub(crate) good: u64,
    /// With a resolution state.
    pub(crate) known: u64,
    /// RESOLVED.
    pub(crate) resolved: u64,
    /// Sum of their [`day_number`]s.
    pub(crate) day_sum: i128,
    /// Sum of their squares.
    pub(crate) day_squares: i128,
    /// The earliest start (a failed group's example is dated by it).
    pub(crate) first_at: DateTime<Utc>,
    /// The answers' links as an engine cut them (each answer from its
    /// first link on, [`LINK_CHARS`] characters), when the answers are
    /// cut shorter; `None`: read from the answers.
    pub(crate) links: Option<&'a [Option<String>]>,
}

#[cfg(test)]
impl Weight<'_> {
    /// One conversation (the aggregator makes it from the conversation's
    /// tally: `Tally::weight`).
    pub(crate) fn one(chatlog: &Record<'_>) -> Self {
        let day = i128::from(day_number(chatlog.created_at));
        let rating = chatlog.user_feedback;
        let state = chatlog.ai_resolution_state;
        Self {
            n: 1,
            rated: u64::from(rating.is_some()),
            good: u64::from(rating.is_some_and(|r| r.eq_ignore_ascii_case("GOOD"))),
            known: u64::from(state.is_some()),
            resolved: u64::from(state.is_some_and(|s| s.eq_ignore_ascii_case("RESOLVED"))),
            day_sum: day,
            day_squares: day * day,
            first_at: chatlog.created_at,
            links: None,
        }
    }
}

/// Whether example `a` comes before `b`: the earlier, then by its text (a
/// total order: the same example whatever the order of the input).
fn earlier(a: &Example, b: &Example) -> bool {
    (a.at, &a.question, &a.answer, &a.country, &a.page)
        < (b.at, &b.question, &b.answer, &b.country, &b.page)
}

/// A message's phrasing: its language and its sorted words.
fn phrasing(language: &str, words: &[String]) -> Box<str> {
    let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
    words.sort_unstable();
    format!("{language}\t{}", words.join(" ")).into()
}

/// Counts `key` in a small map of at most `cap` keys: those of the
/// smallest hashes seen (bottom-k). A key that is kept at the end was kept
/// from its first count, so the keys and their counts are the same
/// whatever the order of the calls; below `cap` keys every key is kept.
fn bump(map: &mut BTreeMap<String, u64>, key: &str, by: u64, cap: usize) {
    if let Some(n) = map.get_mut(key) {
        add(n, by);
        return;
    }
    if map.len() < cap {
        map.insert(key.to_owned(), by);
        return;
    }
    let rank = |k: &str| std::hash::BuildHasher::hash_one(&KEY_HASH, k);
    let Some(last) = map.keys().map(|k| (rank(k), k.as_str())).max() else {
        return;
    };
    if (rank(key), key) < last {
        let last = last.1.to_owned();
        map.remove(&last);
        map.insert(key.to_owned(), by);
    }
}

/// The hash that ranks keys in [`bump`]: fixed, so a run ranks as the next.
const KEY_HASH: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x5eed);

/// The `n` most counted keys (ties: by key).
fn most(map: &BTreeMap<String, u64>, n: usize) -> Vec<String> {
    let mut all: Vec<(&String, &u64)> = map.iter().collect();
    all.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    all.into_iter().take(n).map(|(k, _)| k.clone()).collect()
}

/// How `cut(text)` compares with `kept` (a cut text), without making it.
fn cut_cmp(text: &str, kept: &str) -> std::cmp::Ordering {
    if text == kept {
        return std::cmp::Ordering::Equal;
    }
    let (mut a, mut b) = (text.chars(), kept.chars());
    for _ in 0..EXAMPLE_CHARS {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => return x.cmp(&y),
        }
    }
    // The first characters are equal: a longer text is cut with "…".
    a.next().map(|_| '…').into_iter().cmp(b)
}

fn cut(text: &str) -> String {
    let mut out: String = text.chars().take(EXAMPLE_CHARS).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// How well a question reads as a title, 0 to 4: it does not open with a
/// greeting, is not all capitals, starts with a capital, ends with "?".
fn written(question: &str, tokens: &[String]) -> u8 {
    let question = question.trim();
    let greets = tokens
        .first()
        .is_some_and(|t| lexicon::filler().contains(t));
    let letters: Vec<char> = question.chars().filter(|c| c.is_alphabetic()).collect();
    let shouting = letters.len() > 3 && letters.iter().all(|c| c.is_uppercase());
    u8::from(!greets)
        + u8::from(!shouting)
        + u8::from(question.chars().next().is_some_and(char::is_uppercase))
        + u8::from(question.ends_with('?'))
}

/// Characters of a cited link read (an engine sends as many).
pub(crate) const LINK_CHARS: usize = 2_048;

/// The first link in `text` (an `https://` one, else an `http://` one), if
/// any, of at most [`LINK_CHARS`] characters.
pub(crate) fn link(text: &str) -> Option<&str> {
    let at = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\''))
        .unwrap_or(rest.len());
    let url = &rest[..end];
    let url = url
        .char_indices()
        .nth(LINK_CHARS)
        .map_or(url, |(cut, _)| &url[..cut]);
    Some(url.trim_end_matches(['.', ',', ';', ':', '!', '?']))
}

/// One user message (masked, cut), analysed.
fn analysis(message: &str) -> Analysis {
    let folded = text::fold(message);
    let tokens = text::tokens_of(&folded);
    let language = text::detect(message, &folded);
    let complaint = lexicon::complaint(&tokens);
    let mut escalation = lexicon::escalation(&tokens);
    if !escalation.is_empty() {
        // What a request for a person says about reaching them is part
        // of the request.
        escalation.extend(lexicon::contact(&tokens));
    }
    let mut seen = HashSet::new();
    let words: Vec<String> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            !complaint.contains(i) && !escalation.contains(i) && !text::is_stop(t, language)
        })
        .map(|(_, t)| t.clone())
        .filter(|t| seen.insert(t.clone()))
        .take(MAX_WORDS)
        .collect();
    Analysis {
        language,
        complaint: !complaint.is_empty(),
        escalation: !escalation.is_empty(),
        key: phrasing(language, &words),
        written: written(message, &tokens),
        words,
    }
}

impl Topics {
    pub(crate) fn new() -> Self {
        Self {
            stems: text::Stems::new(),
            cache: Memo::new(CACHE),
            phrasings: SpaceSaving::new(PHRASINGS),
            followups: SpaceSaving::new(FOLLOWUP_WORDS),
            rephrasings: SpaceSaving::new(REPHRASINGS),
            with_subject: Totals::default(),
            with_subject_previous: 0,
            without_subject: Totals::default(),
            failed_all: 0,
            days: (0, 0, 0),
        }
    }

    /// One user message, analysed (remembered by its text, numbers
    /// masked: [`text::mask_numbers`]).
    fn analyse(&mut self, message: &str) -> Arc<Analysis> {
        let mut end = message.len().min(MESSAGE_BYTES);
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        self.cache
            .get_or(&text::mask_numbers(&message[..end]), |message| {
                Arc::new(analysis(message))
            })
    }

    /// [`Topics::count`] with the entry page normalised here.
    #[cfg(test)]
    pub(crate) fn add(&mut self, chatlog: &Chatlog, failed: bool, previous: bool) -> Seen {
        let page = chatlog.initial_page_url.as_deref().map(normalize_page);
        self.count(&Record::from(chatlog), page.as_deref(), failed, previous)
    }

    /// Counts one conversation of the period (`previous`: of the period
    /// before), `failed` as the report counts it; `page`: its entry page,
    /// normalised.
    #[cfg(test)]
    pub(crate) fn count(
        &mut self,
        chatlog: &Record<'_>,
        page: Option<&str>,
        failed: bool,
        previous: bool,
    ) -> Seen {
        self.count_group(chatlog, &Weight::one(chatlog), page, failed, previous)
    }

    /// Counts `weight.n` conversations that share `chatlog`'s questions,
    /// chatbot and failure (and, failed, its answers, page and country).
    /// Nothing counted depends on the order of the calls: ties are broken
    /// by content, every sum is an integer.
    pub(crate) fn count_group(
        &mut self,
        chatlog: &Record<'_>,
        weight: &Weight<'_>,
        page: Option<&str>,
        failed: bool,
        previous: bool,
    ) -> Seen {
        let n = weight.n;
        let mut analysed: Vec<(usize, Arc<Analysis>)> = Vec::new();
        for (i, (question, _)) in chatlog.messages.iter().enumerate() {
            if analysed.len() >= MESSAGES_READ {
                break;
            }
            if let Some(q) = question.filter(|q| !q.trim().is_empty()) {
                analysed.push((i, self.analyse(q)));
            }
        }
        let escalation = analysed.iter().any(|(_, a)| a.escalation);
        let usable = |a: &Analysis| !(a.complaint || (a.escalation && a.words.len() < 2));
        let chosen = analysed
            .iter()
            .position(|(_, a)| usable(a) && a.words.len() >= 2)
            .or_else(|| {
                analysed
                    .iter()
                    .position(|(_, a)| usable(a) && !a.words.is_empty())
            });
        let language = chosen
            .or(if analysed.is_empty() { None } else { Some(0) })
            .map_or("und", |i| analysed[i].1.language);
        if !previous && failed {
            add(&mut self.failed_all, n);
        }
        let Some(chosen) = chosen else {
            if !previous {
                add(&mut self.without_subject.conversations, n);
                add(&mut self.without_subject.failed, if failed { n } else { 0 });
            }
            return Seen {
                language,
                escalation,
                subject: None,
            };
        };
        let (at, subject) = (analysed[chosen].0, Arc::clone(&analysed[chosen].1));
        let key = &subject.key;
        for (_, later) in &analysed[chosen + 1..] {
            for w in &later.words {
                self.followups.add_n(w, n);
            }
            // Asked again in other words after a failed answer: a
            // rephrasing of the same subject, more often than not.
            if failed && !previous && usable(later) && !later.words.is_empty() {
                let other = &later.key;
                if other != key {
                    let (a, b) = if key < other {
                        (key, other)
                    } else {
                        (other, key)
                    };
                    self.rephrasings.add_n(&format!("{a}\u{1f}{b}"), n);
                }
            }
        }
        let (question, answer) = chatlog.messages.get(at).unwrap_or_default();
        let entry = &mut self.phrasings.add_n(key, n).payload;
        // The phrasing's question: the best written seen (no greeting
        // before it, not all capitals, a capital first, a question mark),
        // of equals the first in text order.
        if let Some(q) = question {
            let better = match &entry.question {
                None => true,
                Some(kept) => {
                    subject.written > entry.written
                        || (subject.written == entry.written && cut_cmp(q, kept).is_lt())
                }
            };
            if better {
                entry.question = Some(cut(q).into());
                entry.written = subject.written;
            }
        }
        if previous {
            add(&mut entry.previous, n);
            add(&mut self.with_subject_previous, n);
            return Seen {
                language,
                escalation,
                subject: Some(subject),
            };
        }
        self.days.0 = self.days.0.saturating_add(weight.day_sum);
        self.days.1 = self.days.1.saturating_add(weight.day_squares);
        add(&mut self.days.2, n);
        add(&mut self.with_subject.conversations, n);
        let failures = if failed { n } else { 0 };
        add(&mut self.with_subject.failed, failures);
        entry.now.merge(&Counts {
            conversations: n,
            failed: failures,
            rated: weight.rated,
            good: weight.good,
            known: weight.known,
            resolved: weight.resolved,
            escalated: if escalation { n } else { 0 },
            cited: 0,
        });
        entry.day_sum = entry.day_sum.saturating_add(weight.day_sum);
        bump(&mut entry.chatbots, chatlog.chatbot_id, n, 4);
        if failed {
            let cited = match weight.links {
                Some(links) => links.get(at).and_then(Option::as_deref).and_then(link),
                None => answer.and_then(link),
            };
            if let Some(url) = cited {
                add(&mut entry.now.cited, n);
                bump(&mut entry.cited_pages, &normalize_page(url), n, 4);
            }
            if let Some(page) = page {
                bump(&mut entry.pages, page, n, 4);
            }
            // Made only when it may come first: the first failed one, or
            // one no later than the kept example.
            if let Some(question) = question
                && entry
                    .example
                    .as_deref()
                    .is_none_or(|e| weight.first_at <= e.at)
            {
                let example = Example {
                    question: cut(question),
                    answer: answer.map(cut),
                    at: weight.first_at,
                    country: chatlog.country_code.map(str::to_owned),
                    page: page.map(str::to_owned),
                };
                if entry
                    .example
                    .as_deref()
                    .is_none_or(|e| earlier(&example, e))
                {
                    entry.example = Some(Box::new(example));
                }
            }
        }
        Seen {
            language,
            escalation,
            subject: Some(subject),
        }
    }

    /// The topics and the gaps, at most `limit` of each.
    pub(crate) fn finish(&self, limit: usize) -> Found {
        let top = self.phrasings.top();
        let parsed: Vec<(&str, Vec<&str>)> = top
            .iter()
            .map(|(key, _)| {
                let (language, words) = key.split_once('\t').unwrap_or(("und", key));
                (
                    language,
                    words.split(' ').filter(|w| !w.is_empty()).collect(),
                )
            })
            .collect();
        let items: Vec<cluster::Item<'_>> = parsed
            .iter()
            .zip(&top)
            .map(|((language, words), (_, e))| cluster::Item {
                language,
                words: words.clone(),
                weight: e.payload.now.conversations + e.payload.previous,
                failed: e.payload.now.failed,
            })
            .collect();
        let followups: HashMap<String, u64> = self
            .followups
            .top()
            .into_iter()
            .map(|(w, e)| (w.to_owned(), e.count))
            .collect();
        let index: HashMap<&str, usize> = top
            .iter()
            .enumerate()
            .map(|(i, (key, _))| (*key, i))
            .collect();
        let links: Vec<(usize, usize, u64)> = self
            .rephrasings
            .top()
            .into_iter()
            .filter_map(|(pair, e)| {
                let (a, b) = pair.split_once('\u{1f}')?;
                Some((*index.get(a)?, *index.get(b)?, e.count))
            })
            .collect();
        let (groups, ungrouped) = cluster::group(&items, &followups, &links, &self.stems);
        let failed_ungrouped = self.without_subject.failed
            + ungrouped
                .iter()
                .map(|&i| top[i].1.payload.now.failed)
                .sum::<u64>();
        let comparing = self.with_subject_previous > 0;
        let (n, sum, squares) = (self.days.2 as f64, self.days.0 as f64, self.days.1 as f64);
        let mean = if n > 0.0 { sum / n } else { 0.0 };
        let spread = if n > 1.0 {
            ((squares - n * mean * mean) / (n - 1.0)).max(0.0).sqrt()
        } else {
            0.0
        };
        let mut topics: Vec<(Topic, &cluster::Group)> = groups
            .iter()
            .map(|group| {
                let mut counts = Counts::default();
                let (mut previous, mut day_sum, mut error) = (0u64, 0i128, 0u64);
                let mut pages = BTreeMap::new();
                let mut cited_pages = BTreeMap::new();
                let mut chatbots = BTreeMap::new();
                let mut languages: BTreeMap<&str, u64> = BTreeMap::new();
                for &(m, _) in &group.members {
                    let (_, e) = &top[m];
                    let p = &e.payload;
                    counts.merge(&p.now);
                    add(&mut previous, p.previous);
                    day_sum = day_sum.saturating_add(p.day_sum);
                    add(&mut error, e.error);
                    for (k, v) in &p.pages {
                        bump(&mut pages, k, *v, 64);
                    }
                    for (k, v) in &p.cited_pages {
                        bump(&mut cited_pages, k, *v, 64);
                    }
                    for (k, v) in &p.chatbots {
                        bump(&mut chatbots, k, *v, 64);
                    }
                    add(
                        languages.entry(parsed[m].0).or_default(),
                        p.now.conversations,
                    );
                }
                // The representative: weight times closeness to the centre,
                // in the topic's main language.
                let main = languages
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(l, _)| *l);
                let title = group
                    .members
                    .iter()
                    .filter(|(m, _)| Some(parsed[*m].0) == main)
                    .max_by(|a, b| {
                        let score = |(m, cos): &(usize, f64)| items[*m].weight as f64 * cos;
                        score(a).total_cmp(&score(b)).then(b.0.cmp(&a.0))
                    })
                    .and_then(|(m, _)| top[*m].1.payload.question.as_deref())
                    .unwrap_or_default()
                    .to_owned();
                let mut by_weight: Vec<usize> = group.members.iter().map(|(m, _)| *m).collect();
                by_weight.sort_by(|a, b| {
                    top[*b]
                        .1
                        .payload
                        .now
                        .failed
                        .cmp(&top[*a].1.payload.now.failed)
                        .then(a.cmp(b))
                });
                let mut seen = HashSet::new();
                let distinct = |q: &str, seen: &mut HashSet<String>| {
                    seen.insert(
                        q.split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                            .to_lowercase(),
                    )
                };
                let examples: Vec<Example> = by_weight
                    .iter()
                    .filter_map(|m| top[*m].1.payload.example.as_deref())
                    .filter(|e| distinct(&e.question, &mut seen))
                    .take(3)
                    .cloned()
                    .collect();
                let mut seen_eval = HashSet::new();
                let eval_questions: Vec<String> = by_weight
                    .iter()
                    .filter(|m| top[**m].1.payload.now.failed > 0)
                    .filter_map(|m| {
                        let p = &top[*m].1.payload;
                        p.example
                            .as_ref()
                            .map(|e| e.question.clone())
                            .or_else(|| p.question.as_deref().map(str::to_owned))
                    })
                    .filter(|q| distinct(q, &mut seen_eval))
                    .take(5)
                    .collect();
                let mut languages: Vec<LanguageShare> = languages
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(code, conversations)| LanguageShare {
                        code: code.to_owned(),
                        conversations,
                    })
                    .collect();
                languages.sort_by(|a, b| {
                    b.conversations
                        .cmp(&a.conversations)
                        .then(a.code.cmp(&b.code))
                });
                let trend = if comparing {
                    let now = Rate::wilson(counts.conversations, self.with_subject.conversations);
                    let then = Rate::wilson(previous, self.with_subject_previous);
                    match (now, then) {
                        (Some(now), Some(then)) => {
                            let direction =
                                if previous == 0 && counts.conversations >= cluster::MIN_SUPPORT {
                                    Direction::New
                                } else if differs(&now, &then) {
                                    if now.value > then.value {
                                        Direction::Rising
                                    } else {
                                        Direction::Falling
                                    }
                                } else {
                                    Direction::Steady
                                };
                            Some(Trend {
                                direction,
                                basis: "previousPeriod",
                                previous_share: Some(then.value),
                            })
                        }
                        _ => None,
                    }
                } else if spread > 0.0 && counts.conversations >= cluster::MIN_SUPPORT {
                    let k = counts.conversations as f64;
                    let z = (day_sum as f64 / k - mean) / (spread / k.sqrt());
                    let direction = if z > 1.96 {
                        Direction::Rising
                    } else if z < -1.96 {
                        Direction::Falling
                    } else {
                        Direction::Steady
                    };
                    Some(Trend {
                        direction,
                        basis: "withinPeriod",
                        previous_share: None,
                    })
                } else {
                    None
                };
                let diagnosis = (counts.failed > 0).then(|| {
                    if counts.cited * 2 > counts.failed {
                        Diagnosis::PageToFix
                    } else {
                        Diagnosis::MissingPage
                    }
                });
                let chatbot = most(&chatbots, 1).into_iter().next();
                let pages = most(&pages, 3);
                let cited_pages = most(&cited_pages, 3);
                let actions = PageAction::of(
                    diagnosis,
                    chatbot.as_deref(),
                    pages.first(),
                    cited_pages.first(),
                )
                .iter()
                .map(PageAction::command)
                .collect();
                let topic = Topic {
                    title,
                    words: group.keywords.clone(),
                    languages,
                    conversations: counts.conversations,
                    failed: counts.failed,
                    share: counts.failed as f64 / self.failed_all.max(1) as f64,
                    volume_share: counts.conversations as f64
                        / self.with_subject.conversations.max(1) as f64,
                    satisfaction: Rate::wilson(counts.good, counts.rated),
                    resolution: Rate::wilson(counts.resolved, counts.known),
                    escalations: counts.escalated,
                    error,
                    trend,
                    cited: counts.cited,
                    diagnosis,
                    examples,
                    pages,
                    cited_pages,
                    chatbot,
                    actions,
                    eval_questions,
                };
                (topic, group)
            })
            .filter(|(t, _)| t.conversations >= cluster::MIN_SUPPORT)
            .collect();
        topics.sort_by(|(a, _), (b, _)| {
            b.conversations
                .cmp(&a.conversations)
                .then(b.failed.cmp(&a.failed))
                .then(a.title.cmp(&b.title))
        });
        let mut gaps: Vec<&(Topic, &cluster::Group)> = topics
            .iter()
            .filter(|(t, _)| t.failed >= cluster::MIN_SUPPORT)
            .collect();
        gaps.sort_by(|(a, _), (b, _)| {
            b.failed
                .cmp(&a.failed)
                .then(b.conversations.cmp(&a.conversations))
                .then(a.title.cmp(&b.title))
        });
        gaps.truncate(limit);
        #[cfg(test)]
        let gap_of = {
            let top = &top;
            gaps.iter()
                .enumerate()
                .flat_map(|(g, (_, group))| {
                    group
                        .members
                        .iter()
                        .map(move |(m, _)| (top[*m].0.to_owned(), g))
                })
                .collect()
        };
        let gaps: Vec<Topic> = gaps.into_iter().map(|(t, _)| t.clone()).collect();
        Found {
            topics: topics.into_iter().take(limit).map(|(t, _)| t).collect(),
            gaps,
            failed_ungrouped,
            #[cfg(test)]
            gap_of,
        }
    }
}

/// Ready commands for a topic's failures.
/// What a gap asks of its chatbot's pages: the one decision behind the
/// report's ready commands and the MCP server's tool calls.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageAction {
    /// Add a page that answers it: the entry page where it failed when
    /// that is an address, else one still to be found (`None`).
    Add {
        /// The chatbot.
        chatbot: String,
        /// The page to add, when the data names one.
        url: Option<String>,
    },
    /// Give the cited page again (delete, then add: the API has no update).
    Refresh {
        /// The chatbot.
        chatbot: String,
        /// The page its failed answers cited.
        url: String,
    },
}

impl PageAction {
    /// The action for a gap of `diagnosis`, failing most with `chatbot`,
    /// whose failures started on `page` and cited `cited` most.
    fn of(
        diagnosis: Option<Diagnosis>,
        chatbot: Option<&str>,
        page: Option<&String>,
        cited: Option<&String>,
    ) -> Option<Self> {
        let chatbot = chatbot?.to_owned();
        match diagnosis? {
            Diagnosis::PageToFix => cited.map(|url| Self::Refresh {
                chatbot,
                url: url.clone(),
            }),
            Diagnosis::MissingPage => Some(Self::Add {
                chatbot,
                url: page.filter(|p| p.starts_with("http")).cloned(),
            }),
        }
    }

    /// The ready command, as the report prints it.
    pub fn command(&self) -> String {
        match self {
            Self::Refresh { chatbot, url } => format!(
                "wonderchat pages delete {chatbot} {url} && wonderchat pages add {chatbot} {url}"
            ),
            Self::Add { chatbot, url } => format!(
                "wonderchat pages add {chatbot} {}",
                url.as_deref().unwrap_or("<URL of a page that answers it>")
            ),
        }
    }
}

impl Topic {
    /// What this gap asks of its chatbot's pages, if the data says.
    pub fn page_action(&self) -> Option<PageAction> {
        PageAction::of(
            self.diagnosis,
            self.chatbot.as_deref(),
            self.pages.first(),
            self.cited_pages.first(),
        )
    }
}

#[cfg(test)]
pub(crate) mod tests;

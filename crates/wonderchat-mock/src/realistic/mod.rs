//! Realistic conversations with the truth planted in them: what the mock
//! seeds (`--seed-chatlogs`), and what tests of an analysis compare it
//! with.
//!
//! Users ask about a set of subjects in seven languages, in several
//! phrasings each (synonyms such as "refund" and "money back"), with typos,
//! greetings before the question, follow-up complaints ("that's not what I
//! asked") and requests for a person after poor answers; entry pages carry
//! tracking parameters and fragments. A few subjects are missing from the
//! knowledge base and fail most of the time; one of them rises in a wave
//! near the end of the period (after a price change). Every conversation
//! carries its [`Truth`]: the subject its first question was about, its
//! language, whether the user asked for a person.
//!
//! The same [`Scenario`] gives the same conversations. With
//! [`Scenario::vary`], the seed also picks which subjects are asked, which
//! the knowledge base lacks, the phrasings and the language mix, so an
//! analysis is not tested against one vocabulary.

mod phrases;

use chrono::{DateTime, Duration, Utc};

use self::phrases::{SUBJECTS, Subject};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The seed: the same seed, the same conversations.
    pub seed: u64,
    /// How many conversations.
    pub conversations: usize,
    /// Over how many days before `end` (at least 1).
    pub days: u32,
    /// When the period ends (the newest conversation).
    pub end: DateTime<Utc>,
    /// The chatbots (the first answers everything when there is one; with
    /// two, the second answers billing).
    pub chatbots: Vec<String>,
    /// Let the seed pick the subjects, the gaps, the phrasings and the
    /// language mix (otherwise the standard world: refunds are the largest
    /// gap and rise at the end).
    pub vary: bool,
}

impl Scenario {
    /// `conversations` over the 30 days before `end`, one chatbot, the
    /// standard world.
    pub fn new(seed: u64, conversations: usize, end: DateTime<Utc>) -> Self {
        Self {
            seed,
            conversations,
            days: 30,
            end,
            chatbots: vec![crate::DEMO_CHATBOT_ID.to_owned()],
            vary: false,
        }
    }

    /// The conversations, oldest first (made one at a time: a million are
    /// never held).
    pub fn generate(&self) -> impl Iterator<Item = Conversation> + use<> {
        Generator::new(self.clone())
    }

    /// The subjects of this scenario that the knowledge base lacks (they
    /// fail most of the time), largest first by expected failures.
    pub fn gaps(&self) -> Vec<&'static str> {
        World::new(self, &mut fastrand::Rng::with_seed(self.seed))
            .gaps
            .iter()
            .map(|&s| SUBJECTS[s].key)
            .collect()
    }
}

/// Every subject's key (what [`Truth::subject`] holds).
pub fn subject_keys() -> Vec<&'static str> {
    SUBJECTS.iter().map(|s| s.key).collect()
}

/// One generated conversation, as the export shows it, and its truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// When it started.
    pub created_at: DateTime<Utc>,
    /// Its chatbot.
    pub chatbot_id: String,
    /// The user's country (ISO 3166-1 alpha-2).
    pub country: &'static str,
    /// The page it started on (tracking parameters and all).
    pub page: String,
    /// `GOOD`, `BAD` or unrated.
    pub rating: Option<&'static str>,
    /// `RESOLVED`, `UNRESOLVED` or `HANDED_OFF`.
    pub resolution: &'static str,
    /// The chatbot's average confidence (two decimals).
    pub confidence: f64,
    /// The questions and answers, oldest first.
    pub exchanges: Vec<(String, String)>,
    /// What it was really about.
    pub truth: Truth,
}

impl Conversation {
    /// Failed as a report counts it: rated BAD, UNRESOLVED, or a confidence
    /// under `low_confidence`.
    pub fn failed(&self, low_confidence: f64) -> bool {
        self.rating == Some("BAD")
            || self.resolution == "UNRESOLVED"
            || self.confidence < low_confidence
    }
}

/// What a conversation was really about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    /// The subject of its first real question (`None`: only a greeting, or
    /// only a request for a person).
    pub subject: Option<&'static str>,
    /// Its language (ISO 639-1).
    pub language: &'static str,
    /// The user asked for a person.
    pub escalation: bool,
    /// The knowledge base lacks its subject.
    pub gap: bool,
}

/// The world a scenario draws from: subjects with weights and fail rates,
/// phrasings, languages.
struct World {
    /// Indices into `SUBJECTS` that are asked, with weight and fail rate.
    subjects: Vec<(usize, f64, f64)>,
    /// The gaps, largest first.
    gaps: Vec<usize>,
    /// The subject whose volume rises at the end.
    wave: usize,
    /// Kept phrasings per subject index.
    phrasings: Vec<Vec<(&'static str, &'static str)>>,
    /// Languages and weights.
    languages: Vec<(&'static str, u32)>,
}

impl World {
    fn new(scenario: &Scenario, rng: &mut fastrand::Rng) -> Self {
        let mut order: Vec<usize> = (0..SUBJECTS.len()).collect();
        let mut languages = phrases::LANGUAGES.to_vec();
        let mut phrasings: Vec<Vec<(&'static str, &'static str)>> =
            SUBJECTS.iter().map(|s| s.phrasings.to_vec()).collect();
        let (asked, gap_count) = if scenario.vary {
            rng.shuffle(&mut order);
            for (_, weight) in &mut languages {
                *weight = (*weight * rng.u32(60..=140) / 100).max(1);
            }
            // Each subject keeps some of its phrasings in each language
            // (English at least three, others at least one).
            for kept in &mut phrasings {
                let mut by_language: Vec<(&'static str, &'static str)> = Vec::new();
                for (language, _) in phrases::LANGUAGES {
                    let mut own: Vec<_> =
                        kept.iter().filter(|p| p.0 == language).copied().collect();
                    rng.shuffle(&mut own);
                    let least = if language == "en" { 3 } else { 1 };
                    let keep = rng.usize(least.min(own.len())..=own.len());
                    by_language.extend(own.into_iter().take(keep.max(1)));
                }
                *kept = by_language;
            }
            (rng.usize(10..=SUBJECTS.len()), rng.usize(3..=4))
        } else {
            // The standard world: refunds, exports, the API and discounts
            // are missing from the knowledge base.
            let gaps = ["refund", "export-data", "api", "discount"];
            order.sort_by_key(|&i| {
                gaps.iter()
                    .position(|g| *g == SUBJECTS[i].key)
                    .unwrap_or(gaps.len())
            });
            // The standard world asks about the first sixteen subjects.
            (16, gaps.len())
        };
        // Gaps: volumes and fail rates that keep their expected failures
        // well apart (each about 0.7 of the one before); the others share
        // the rest and fail rarely.
        let gap_volume = [0.10, 0.075, 0.055, 0.04];
        let gap_fail = [0.8, 0.78, 0.74, 0.7];
        let rest = asked - gap_count;
        let rest_volume = (1.0 - gap_volume[..gap_count].iter().sum::<f64>()) / rest as f64;
        let subjects = order[..asked]
            .iter()
            .enumerate()
            .map(|(rank, &i)| {
                if rank < gap_count {
                    (i, gap_volume[rank], gap_fail[rank])
                } else {
                    (i, rest_volume, 0.06 + 0.08 * rng.f64())
                }
            })
            .collect();
        let gaps = order[..gap_count].to_vec();
        Self {
            subjects,
            wave: gaps[0],
            gaps,
            phrasings,
            languages,
        }
    }

    /// A subject for a conversation at `progress` (0 = the start of the
    /// period, 1 = its end): the wave doubles its subject's weight in the
    /// last third.
    fn subject(&self, progress: f64, rng: &mut fastrand::Rng) -> (usize, f64) {
        let weight = |&(i, w, _): &(usize, f64, f64)| {
            if i == self.wave && progress > 0.66 {
                w * 2.5
            } else {
                w
            }
        };
        let total: f64 = self.subjects.iter().map(weight).sum();
        let mut pick = rng.f64() * total;
        for s in &self.subjects {
            pick -= weight(s);
            if pick <= 0.0 {
                return (s.0, s.2);
            }
        }
        let last = self.subjects[self.subjects.len() - 1];
        (last.0, last.2)
    }

    fn language(&self, rng: &mut fastrand::Rng) -> &'static str {
        pick_weighted(&self.languages, rng)
    }
}

/// Picks from `(value, weight)` pairs.
fn pick_weighted<T: Copy>(items: &[(T, u32)], rng: &mut fastrand::Rng) -> T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut pick = rng.u32(0..total.max(1));
    for (value, weight) in items {
        if pick < *weight {
            return *value;
        }
        pick -= weight;
    }
    items[0].0
}

/// Picks one of `items`.
fn pick<'a>(items: &[&'a str], rng: &mut fastrand::Rng) -> &'a str {
    items[rng.usize(..items.len())]
}

struct Generator {
    scenario: Scenario,
    rng: fastrand::Rng,
    world: World,
    next: usize,
}

impl Generator {
    fn new(scenario: Scenario) -> Self {
        let mut rng = fastrand::Rng::with_seed(scenario.seed);
        let world = World::new(&scenario, &mut rng);
        Self {
            rng: fastrand::Rng::with_seed(scenario.seed ^ 0x5eed_c4a7),
            scenario,
            world,
            next: 0,
        }
    }

    fn conversation(&mut self, index: usize) -> Conversation {
        let count = self.scenario.conversations.max(1);
        let span = Duration::days(i64::from(self.scenario.days.max(1)));
        let progress = index as f64 / count as f64;
        let offset =
            span.num_milliseconds() - span.num_milliseconds() * index as i64 / count as i64;
        let created_at = self.scenario.end - Duration::milliseconds(offset);
        let rng = &mut self.rng;
        let language = self.world.language(rng);
        let country = pick_weighted(phrases::countries(language), rng);
        let roll = rng.f64();
        let subject = (roll >= phrases::ESCALATION_ONLY + phrases::GREETING_ONLY)
            .then(|| self.world.subject(progress, rng));
        let mut exchanges = Vec::new();
        let mut escalation = false;
        let (failed, page) = match subject {
            None => {
                if roll < phrases::ESCALATION_ONLY {
                    escalation = true;
                    exchanges.push((
                        vary_case(pick(phrases::escalations(language), rng), rng),
                        phrases::fallback(language).to_owned(),
                    ));
                } else {
                    exchanges.push((
                        pick(phrases::greetings(language), rng).to_owned(),
                        "Hello! How can I help you today?".to_owned(),
                    ));
                    exchanges.push((
                        pick(phrases::thanks(language), rng).to_owned(),
                        "You're welcome!".to_owned(),
                    ));
                }
                (rng.f64() < 0.5, "/".to_owned())
            }
            Some((s, fail_rate)) => {
                let subject = &SUBJECTS[s];
                let failed = rng.f64() < fail_rate;
                if rng.f64() < 0.12 {
                    exchanges.push((
                        pick(phrases::greetings(language), rng).to_owned(),
                        "Hello! How can I help you today?".to_owned(),
                    ));
                }
                let mut question = self.question(s, language);
                let rng = &mut self.rng;
                if rng.f64() < 0.12 {
                    question = format!("{}, {question}", pick(phrases::greetings(language), rng));
                }
                exchanges.push((question, answer(subject, language, failed, rng)));
                if failed {
                    if rng.f64() < 0.2 {
                        let again = self.question(s, language);
                        let rng = &mut self.rng;
                        exchanges.push((again, answer(subject, language, true, rng)));
                    }
                    let rng = &mut self.rng;
                    if rng.f64() < 0.5 {
                        exchanges.push((
                            vary_case(pick(phrases::complaints(language), rng), rng),
                            phrases::fallback(language).to_owned(),
                        ));
                    }
                    if rng.f64() < 0.3 {
                        escalation = true;
                        exchanges.push((
                            vary_case(pick(phrases::escalations(language), rng), rng),
                            "You can reach our team at support@example.com.".to_owned(),
                        ));
                    }
                } else if rng.f64() < 0.25 {
                    // Another question, about something else, after a
                    // good answer.
                    let (other, _) = self.world.subject(progress, rng);
                    let next = self.question(other, language);
                    let rng = &mut self.rng;
                    exchanges.push((next, answer(&SUBJECTS[other], language, false, rng)));
                } else if rng.f64() < 0.4 {
                    exchanges.push((
                        pick(phrases::thanks(language), rng).to_owned(),
                        "You're welcome!".to_owned(),
                    ));
                }
                (failed, subject.page.to_owned())
            }
        };
        let rng = &mut self.rng;
        let rating = match rng.u32(0..100) {
            0..=39 => Some(if failed { "BAD" } else { "GOOD" }),
            40..=44 => Some(if failed { "GOOD" } else { "BAD" }),
            _ => None,
        };
        let resolution = match (failed, escalation) {
            (false, _) => "RESOLVED",
            (true, true) if rng.bool() => "HANDED_OFF",
            (true, _) => "UNRESOLVED",
        };
        let confidence = if failed {
            0.12 + 0.36 * rng.f64()
        } else {
            0.55 + 0.43 * rng.f64()
        };
        let chatbot_id = match (&self.scenario.chatbots[..], subject) {
            ([one], _) | ([one, ..], None) => one.clone(),
            ([support, sales, ..], Some((s, _))) => {
                let billing = matches!(
                    SUBJECTS[s].key,
                    "refund" | "cancel" | "invoice" | "upgrade" | "discount" | "payment-failed"
                );
                if billing != (rng.f64() < 0.1) {
                    sales.clone()
                } else {
                    support.clone()
                }
            }
            ([], _) => crate::DEMO_CHATBOT_ID.to_owned(),
        };
        Conversation {
            created_at,
            chatbot_id,
            country,
            page: decorate(&page, rng),
            rating,
            resolution,
            confidence: (confidence * 100.0).round() / 100.0,
            exchanges,
            truth: Truth {
                subject: subject.map(|(s, _)| SUBJECTS[s].key),
                language,
                escalation,
                gap: subject.is_some_and(|(s, _)| self.world.gaps.contains(&s)),
            },
        }
    }

    /// A phrasing of subject `s` in `language` (English when it has none),
    /// with its alternatives chosen, typos and the case people type in.
    fn question(&mut self, s: usize, language: &str) -> String {
        let kept = &self.world.phrasings[s];
        let own: Vec<&str> = kept
            .iter()
            .filter(|p| p.0 == language)
            .map(|p| p.1)
            .collect();
        let template = if own.is_empty() {
            kept.iter().find(|p| p.0 == "en").map_or("help", |p| p.1)
        } else {
            pick(&own, &mut self.rng)
        };
        let rng = &mut self.rng;
        let text = fill(template, rng);
        let text = typos(&text, rng);
        let text = if rng.f64() < 0.3 {
            text.trim_end_matches(['?', '.', ' ']).to_owned()
        } else {
            text
        };
        vary_case(&text, rng)
    }
}

impl Iterator for Generator {
    type Item = Conversation;

    fn next(&mut self) -> Option<Conversation> {
        if self.next >= self.scenario.conversations {
            return None;
        }
        let conversation = self.conversation(self.next);
        self.next += 1;
        Some(conversation)
    }
}

/// The bot's answer: a link to the page when it knows; when it fails,
/// mostly "I don't know", sometimes a wrong page.
fn answer(subject: &Subject, language: &str, failed: bool, rng: &mut fastrand::Rng) -> String {
    if !failed {
        format!(
            "{} https://example.com/help{}",
            phrases::helpful(language),
            subject.page
        )
    } else if rng.f64() < 0.3 {
        format!(
            "{} https://example.com/help/faq",
            phrases::helpful(language)
        )
    } else {
        phrases::fallback(language).to_owned()
    }
}

/// `{a|b|c}` alternatives of a template, one chosen each.
fn fill(template: &str, rng: &mut fastrand::Rng) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let choices: Vec<&str> = rest[open + 1..open + close].split('|').collect();
        out.push_str(pick(&choices, rng));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Typos as people make them: now and then a word of five letters or more
/// gets two letters swapped, one dropped or one doubled.
fn typos(text: &str, rng: &mut fastrand::Rng) -> String {
    text.split(' ')
        .map(|word| {
            let letters: Vec<char> = word.chars().collect();
            if letters.len() < 5 || !letters.iter().all(|c| c.is_alphabetic()) || rng.f64() >= 0.05
            {
                return word.to_owned();
            }
            let mut letters = letters;
            let at = rng.usize(1..letters.len() - 1);
            match rng.u8(0..3) {
                0 => letters.swap(at, at + 1),
                1 => {
                    letters.remove(at);
                }
                _ => letters.insert(at, letters[at]),
            }
            letters.into_iter().collect()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The case people type in: mostly as written, often all lower case, now
/// and then all capitals.
fn vary_case(text: &str, rng: &mut fastrand::Rng) -> String {
    match rng.u32(0..100) {
        0..=19 => text.to_lowercase(),
        20..=22 => text.to_uppercase(),
        _ => text.to_owned(),
    }
}

/// The entry page as browsers report it: campaign parameters, click ids
/// and fragments now and then.
fn decorate(path: &str, rng: &mut fastrand::Rng) -> String {
    let base = format!("https://example.com{path}");
    match rng.u32(0..100) {
        0..=24 => format!("{base}?utm_source=newsletter&utm_medium=email&utm_campaign=spring"),
        25..=31 => format!("{base}#faq"),
        32..=35 => format!("{base}?gclid=Cj0KCQ{}", rng.u32(1000..9999)),
        36..=38 => format!("{base}?utm_source=google&ref=ad#top"),
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(seed: u64, vary: bool) -> Scenario {
        Scenario {
            vary,
            ..Scenario::new(
                seed,
                3000,
                DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap(),
            )
        }
    }

    #[test]
    fn the_same_scenario_gives_the_same_conversations() {
        let a: Vec<_> = scenario(4, true).generate().collect();
        let b: Vec<_> = scenario(4, true).generate().collect();
        assert_eq!(a, b);
        let c: Vec<_> = scenario(5, true).generate().collect();
        assert_ne!(a, c);
        assert!(a.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    }

    #[test]
    fn gaps_fail_most_and_the_first_rises_at_the_end() {
        for (seed, vary) in [(1, false), (2, true), (3, true)] {
            let s = scenario(seed, vary);
            let gaps = s.gaps();
            let all: Vec<_> = s.generate().collect();
            let failed = |key: &str, part: std::ops::Range<usize>| {
                all[part]
                    .iter()
                    .filter(|c| c.truth.subject == Some(key) && c.failed(0.5))
                    .count()
            };
            let counts: Vec<usize> = gaps.iter().map(|g| failed(g, 0..all.len())).collect();
            assert!(
                counts.windows(2).all(|w| w[0] > w[1]),
                "{gaps:?} {counts:?}"
            );
            // The wave: the last third has far more of the first gap than
            // the first third.
            let first = failed(gaps[0], 0..all.len() / 3);
            let last = failed(gaps[0], all.len() * 2 / 3..all.len());
            assert!(last * 2 > first * 3, "{first} then {last}");
            let languages: std::collections::BTreeSet<_> =
                all.iter().map(|c| c.truth.language).collect();
            assert_eq!(languages.len(), 7, "{languages:?}");
            assert!(
                all.iter()
                    .any(|c| c.truth.escalation && c.truth.subject.is_none())
            );
            assert!(all.iter().any(|c| c.page.contains("utm_")));
        }
        assert_eq!(scenario(1, false).gaps()[0], "refund");
    }

    #[test]
    fn templates_fill_and_typos_keep_words_apart() {
        let mut rng = fastrand::Rng::with_seed(1);
        let text = fill("a {b|c} d {e}", &mut rng);
        assert!(text == "a b d e" || text == "a c d e", "{text}");
        for _ in 0..200 {
            let t = typos("please refund my subscription", &mut rng);
            assert_eq!(t.split(' ').count(), 4, "{t}");
        }
    }
}

//! Knowledge gaps: what the users of failed conversations asked, grouped
//! into topics by their words.
//!
//! The grouping, deterministic for the same input in the same order:
//! 1. Each question is lower-cased and split into words; words of fewer than
//!    three letters, numbers and English stop words are dropped, and the
//!    rest stemmed (Snowball English: "resetting" and "reset" are one).
//! 2. A failed conversation counts once for each stem of its questions (at
//!    most 12) and once for each pair of them, in two space-saving sketches
//!    (512 stems, 2,048 pairs): memory is bounded whatever the input.
//! 3. Topics are made from the most frequent stem down: a stem starts a
//!    topic unless it was absorbed; it absorbs each rarer stem that occurs
//!    with it in at least 60% of that stem's conversations (up to three
//!    words name a topic). A topic's size is its first stem's count: how
//!    many failed conversations asked about it (an over-count of at most the
//!    sketch's error, reported).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::sketch::SpaceSaving;

/// English words too common to name a topic.
const STOP_WORDS: &[&str] = &[
    "about", "after", "again", "all", "also", "and", "any", "are", "because", "been", "before",
    "but", "can", "cannot", "could", "did", "does", "doing", "don", "for", "from", "get", "had",
    "has", "have", "hello", "help", "her", "here", "him", "his", "how", "into", "its", "just",
    "like", "may", "more", "most", "need", "not", "now", "off", "one", "only", "other", "our",
    "out", "over", "please", "same", "she", "should", "some", "such", "than", "thank", "thanks",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "too",
    "under", "until", "very", "want", "was", "way", "were", "what", "when", "where", "which",
    "while", "who", "why", "will", "with", "would", "you", "your", "yours",
    // What people say to a chatbot around the question itself.
    "able", "ask", "explain", "find", "give", "got", "know", "let", "make", "many", "mean", "much",
    "question", "say", "see", "show", "tell", "try", "use", "work",
];

/// Stems of one conversation at most (bounds the pairs it adds).
const MAX_STEMS: usize = 12;

/// Examples kept per stem.
const EXAMPLES: usize = 3;

/// What a stem's entry keeps: example exchanges, entry pages, chatbots.
#[derive(Debug, Clone, Default)]
pub(crate) struct StemInfo {
    /// The first word seen that has this stem (what the topic shows).
    word: String,
    examples: Vec<Example>,
    pages: BTreeMap<String, u64>,
    chatbots: BTreeMap<String, u64>,
}

/// One question of a failed conversation and the bot's answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    /// What the user asked.
    pub question: String,
    /// What the bot answered, if anything.
    pub answer: Option<String>,
}

/// One knowledge gap.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    /// The words that name it (a word for each stem), most frequent first.
    pub words: Vec<String>,
    /// Failed conversations that asked about it.
    pub conversations: u64,
    /// Of all failed conversations.
    pub share: f64,
    /// At most how much `conversations` over-counts (the sketch's error).
    pub error: u64,
    /// Up to three questions with the bot's answers.
    pub examples: Vec<Example>,
    /// The entry pages where it arose, most frequent first (up to three).
    pub pages: Vec<String>,
    /// The chatbot it arose with most.
    pub chatbot: Option<String>,
    /// What to do: commands that add the knowledge (an entry page as the hint).
    pub actions: Vec<String>,
}

/// The topics of failed conversations, counted as they come.
pub(crate) struct Topics {
    stemmer: rust_stemmers::Stemmer,
    stems: SpaceSaving<StemInfo>,
    pairs: SpaceSaving<()>,
    failed: u64,
}

impl Topics {
    pub(crate) fn new() -> Self {
        Self {
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
            stems: SpaceSaving::new(512),
            pairs: SpaceSaving::new(2048),
            failed: 0,
        }
    }

    /// The stems of a text (deduplicated, sorted), each with the first word
    /// that gave it.
    pub(crate) fn stems_and_words(&self, text: &str) -> Vec<(String, String)> {
        let mut stems: Vec<(String, String)> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_lowercase)
            .filter(|w| !STOP_WORDS.contains(&w.as_str()))
            .map(|w| (self.stemmer.stem(&w).into_owned(), w))
            .collect();
        stems.sort();
        stems.dedup_by(|a, b| a.0 == b.0);
        stems
    }

    /// The stems of a text (deduplicated, sorted).
    #[cfg(test)]
    pub(crate) fn stems(&self, text: &str) -> Vec<String> {
        self.stems_and_words(text)
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    /// Counts one failed conversation: its questions and answers, entry
    /// page and chatbot.
    pub(crate) fn add(
        &mut self,
        exchanges: &[(Option<&str>, Option<&str>)],
        page: Option<&str>,
        chatbot: &str,
    ) {
        self.failed += 1;
        // Each stem with the word and the exchange it first came from (a
        // set of the stems seen: linear in the words, whatever their number).
        let mut stems: Vec<(String, String, usize)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, (question, _)) in exchanges.iter().enumerate() {
            for (stem, word) in question
                .map(|q| self.stems_and_words(q))
                .unwrap_or_default()
            {
                if seen.insert(stem.clone()) {
                    stems.push((stem, word, i));
                }
            }
        }
        stems.sort();
        stems.truncate(MAX_STEMS);
        for (stem, word, at) in &stems {
            let info = &mut self.stems.add(stem).payload;
            if info.word.is_empty() {
                info.word = word.clone();
            }
            if info.examples.len() < EXAMPLES
                && let (Some(question), answer) = exchanges[*at]
                && !info.examples.iter().any(|e| e.question == question)
            {
                info.examples.push(Example {
                    question: question.chars().take(500).collect(),
                    answer: answer.map(|a| a.chars().take(500).collect()),
                });
            }
            if let Some(page) = page {
                bump(&mut info.pages, page);
            }
            bump(&mut info.chatbots, chatbot);
        }
        for (i, (a, _, _)) in stems.iter().enumerate() {
            for (b, _, _) in &stems[i + 1..] {
                self.pairs.add(&format!("{a} {b}"));
            }
        }
    }

    /// The topics, largest first (at most `limit`).
    pub(crate) fn finish(&self, limit: usize) -> Vec<Topic> {
        let top = self.stems.top();
        let mut absorbed = std::collections::HashSet::new();
        let mut topics = Vec::new();
        for (i, (stem, entry)) in top.iter().enumerate() {
            if absorbed.contains(stem) || topics.len() >= limit {
                continue;
            }
            let mut words = vec![(*stem).to_owned()];
            for (other, other_entry) in &top[i + 1..] {
                if absorbed.contains(other) {
                    continue;
                }
                let key = if stem < other {
                    format!("{stem} {other}")
                } else {
                    format!("{other} {stem}")
                };
                let together = self.pairs.get(&key).map_or(0, |e| e.count - e.error);
                if together * 10 >= other_entry.count * 6 {
                    absorbed.insert(*other);
                    if words.len() < 3 {
                        words.push((*other).to_owned());
                    }
                }
            }
            let info = &entry.payload;
            let shown = |stem: &str| {
                self.stems
                    .get(stem)
                    .map(|e| e.payload.word.clone())
                    .filter(|w| !w.is_empty())
                    .unwrap_or_else(|| stem.to_owned())
            };
            let words: Vec<String> = words.iter().map(|w| shown(w)).collect();
            let pages = most(&info.pages, 3);
            let chatbot = most(&info.chatbots, 1).into_iter().next();
            let actions = match (&chatbot, pages.first()) {
                (Some(bot), Some(page)) => vec![format!(
                    "wonderchat pages add {bot} <URL of a page that answers \"{}\"> (they asked on {page})",
                    words.join(" ")
                )],
                (Some(bot), None) => vec![format!(
                    "wonderchat pages add {bot} <URL of a page that answers \"{}\">",
                    words.join(" ")
                )],
                _ => Vec::new(),
            };
            topics.push(Topic {
                words,
                conversations: entry.count,
                share: entry.count as f64 / self.failed.max(1) as f64,
                error: entry.error,
                examples: info.examples.clone(),
                pages,
                chatbot,
                actions,
            });
        }
        topics
    }
}

/// Counts `key` in a small map (bounded: at most 16 keys are kept).
fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    if let Some(n) = map.get_mut(key) {
        *n += 1;
    } else if map.len() < 16 {
        map.insert(key.to_owned(), 1);
    }
}

/// The `n` most counted keys (ties: by key).
fn most(map: &BTreeMap<String, u64>, n: usize) -> Vec<String> {
    let mut all: Vec<(&String, &u64)> = map.iter().collect();
    all.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    all.into_iter().take(n).map(|(k, _)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_become_stems_without_stop_words() {
        let topics = Topics::new();
        assert_eq!(
            topics.stems("How do I reset my passwords? Resetting the password!"),
            vec!["password", "reset"]
        );
    }

    #[test]
    fn a_conversation_of_300k_distinct_words_is_counted_in_linear_time() {
        // Quadratic in the distinct words before: 100k words took 20 s, and
        // 300k would take minutes; now a second or two in a debug build.
        let mut question = String::with_capacity(3 << 20);
        for i in 0..300_000u32 {
            // Letters only (numbers are not words): base-26 names.
            let mut n = i;
            question.push_str(" w");
            while n > 0 || question.ends_with('w') {
                question.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
            }
        }
        let mut topics = Topics::new();
        topics.add(&[(Some(&question), None)], None, "bot");
        let found = topics.finish(20);
        // Twelve of its stems make one topic of one conversation.
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].words.len(), 3);
        assert_eq!(found[0].conversations, 1);
    }

    #[test]
    fn planted_failing_topics_come_out_on_top() {
        // A seeded mix: three planted topics of different sizes among
        // questions that each appear rarely.
        let mut topics = Topics::new();
        let mut rng = 0x2545_f491_u64;
        let mut next = |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        let planted = [
            ("How do I get a refund for my subscription?", 300),
            ("Where can I download my invoice?", 200),
            ("Can I delete my account permanently?", 120),
        ];
        let noise = [
            "weather", "shipping", "colour", "banana", "keyboard", "printer", "holiday", "garden",
            "music", "camera", "ticket", "parking", "coffee", "lamp", "chair", "window",
        ];
        let mut all = Vec::new();
        for (question, n) in planted {
            for _ in 0..n {
                all.push(question.to_owned());
            }
        }
        for _ in 0..600 {
            let a = noise[next(noise.len() as u64) as usize];
            let b = noise[next(noise.len() as u64) as usize];
            all.push(format!("Tell me about {a} and {b}"));
        }
        // Shuffle deterministically.
        for i in (1..all.len()).rev() {
            all.swap(i, next(i as u64 + 1) as usize);
        }
        for question in &all {
            topics.add(
                &[(Some(question), Some("I do not know"))],
                Some("https://x/help"),
                "bot",
            );
        }
        let found = topics.finish(5);
        let names: Vec<String> = found.iter().map(|t| t.words.join(" ")).collect();
        assert!(
            names[0].contains("refund") && names[0].contains("subscript"),
            "{names:?}"
        );
        assert!(
            names[1].contains("invoic") && names[1].contains("download"),
            "{names:?}"
        );
        assert!(
            names[2].contains("delet") && names[2].contains("account"),
            "{names:?}"
        );
        assert_eq!(found[0].conversations, 300);
        // Examples are different questions (each planted topic has one).
        assert_eq!(found[0].examples.len(), 1);
        assert_eq!(found[0].pages, vec!["https://x/help"]);
        assert!(found[0].actions[0].starts_with("wonderchat pages add bot "));
    }
}

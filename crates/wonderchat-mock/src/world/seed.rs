//! The seeded world: a month of realistic conversations of the demo
//! chatbot, the same for the same seed.

use chrono::{DateTime, Utc};

use super::answer::answer;
use std::collections::BTreeSet;

use super::{Chatlog, DEMO_CHATBOT_ID, Message, Outcome, Pages};

/// What users of the seeded world ask: a question, where they ask it, and
/// how often the chatbot fails it (the knowledge base lacks the first few).
const SEEDED_TOPICS: [(&str, &str, f64); 12] = [
    (
        "How do I get a refund for my annual plan?",
        "https://example.com/pricing",
        0.8,
    ),
    (
        "Can I get my money back after cancelling the subscription?",
        "https://example.com/pricing",
        0.75,
    ),
    (
        "How do I export my chat history to Excel?",
        "https://example.com/docs/getting-started",
        0.7,
    ),
    (
        "Does the API have a rate limit for webhooks?",
        "https://example.com/docs/getting-started",
        0.65,
    ),
    (
        "Is there a discount for nonprofit organisations?",
        "https://example.com/pricing",
        0.6,
    ),
    (
        "How do I reset my password?",
        "https://example.com/support/reset-password",
        0.08,
    ),
    (
        "What does the pro plan cost?",
        "https://example.com/pricing",
        0.1,
    ),
    (
        "How do I get started with my first chatbot?",
        "https://example.com/docs/getting-started",
        0.1,
    ),
    (
        "Can I add pages to the knowledge base?",
        "https://example.com/docs/getting-started",
        0.12,
    ),
    ("Who are you?", "https://example.com/", 0.05),
    (
        "Where can I change my email address?",
        "https://example.com/support/reset-password",
        0.15,
    ),
    ("How do I invite my team?", "https://example.com/about", 0.2),
];

/// Where the seeded users are, with their weights.
const COUNTRIES: [(&str, u32); 8] = [
    ("US", 35),
    ("DE", 15),
    ("GB", 12),
    ("FR", 10),
    ("IN", 10),
    ("BR", 8),
    ("CA", 6),
    ("AU", 4),
];

/// `count` realistic chatlogs of the demo chatbot, the same for the same
/// seed: spread over the 30 days before `now` (oldest first), one to four
/// exchanges each, from several countries and entry pages; a few topics the
/// knowledge base lacks fail often (BAD, UNRESOLVED, low confidence), the
/// rest rarely, and confidence follows the outcome.
pub(super) fn seeded_chatlogs(
    seed: u64,
    count: usize,
    now: DateTime<Utc>,
) -> Vec<(String, Chatlog)> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5eed_c4a7);
    let pages = Pages::demo();
    let span_ms = 30 * 24 * 3600 * 1000i64;
    let total_weight: u32 = COUNTRIES.iter().map(|c| c.1).sum();
    (0..count)
        .map(|i| {
            let offset = span_ms - span_ms * i as i64 / count.max(1) as i64;
            let created_at = now - chrono::Duration::milliseconds(offset);
            let (first, page, fail_rate) = SEEDED_TOPICS[rng.usize(..SEEDED_TOPICS.len())];
            // Over the month the bot gets a little better at everything.
            let fail_rate = fail_rate * (1.1 - 0.2 * i as f64 / count.max(1) as f64);
            let failed = rng.f64() < fail_rate;
            let mut messages = Vec::new();
            for turn in 0..rng.usize(1..=4) {
                let question = if turn == 0 {
                    first
                } else {
                    SEEDED_TOPICS[rng.usize(..SEEDED_TOPICS.len())].0
                };
                let (answer, _) = answer(DEMO_CHATBOT_ID, question, &pages);
                let at = created_at + chrono::Duration::seconds(30 * turn as i64);
                messages.push(Message {
                    kind: "user",
                    content: question.to_owned(),
                    created_at: at,
                    id: None,
                });
                messages.push(Message {
                    kind: "bot",
                    content: answer,
                    created_at: at,
                    id: Some(format!("seeded-{i}-{turn}")),
                });
            }
            let confidence = if failed {
                0.15 + 0.45 * rng.f64()
            } else {
                0.55 + 0.43 * rng.f64()
            };
            let rating = match rng.u32(0..10) {
                0..=3 => Some(if failed { "BAD" } else { "GOOD" }),
                // Some rate against the outcome.
                4 => Some(if failed { "GOOD" } else { "BAD" }),
                _ => None,
            };
            let mut pick = rng.u32(0..total_weight);
            let country = COUNTRIES
                .iter()
                .find(|(_, w)| {
                    let hit = pick < *w;
                    pick = pick.saturating_sub(*w);
                    hit
                })
                .map_or("US", |c| c.0);
            let chatlog = Chatlog {
                chatbot_id: DEMO_CHATBOT_ID.to_owned(),
                created_at,
                messages,
                tags: BTreeSet::new(),
                initial_page_url: Some(page.to_owned()),
                outcome: Some(Outcome {
                    rating,
                    resolution: if failed { "UNRESOLVED" } else { "RESOLVED" },
                    confidence: (confidence * 100.0).round() / 100.0,
                    country,
                }),
            };
            (format!("seeded-{i:06}"), chatlog)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::world::{Chatlog, Setup, World};

    #[test]
    fn seeded_chatlogs_are_deterministic_and_bounded() {
        let setup = Setup {
            seed: 3,
            seed_chatlogs: 10,
            max_chatlogs: 8,
            ..Setup::default()
        };
        let (a, b) = (World::new(setup.clone()), World::new(setup));
        let (a, b) = (a.chatlogs(None, None, None), b.chatlogs(None, None, None));
        assert_eq!(a.len(), 8, "the oldest were evicted");
        let texts = |w: &[Chatlog]| w.iter().map(|c| c.messages.len()).collect::<Vec<_>>();
        assert_eq!(texts(&a), texts(&b));
        assert!(a.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    }
}

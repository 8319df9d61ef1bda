//! The seeded world: realistic conversations of the demo chatbot from
//! [`crate::realistic`] (seven languages, typos, follow-up complaints,
//! requests for a person, a few subjects the knowledge base lacks and a
//! wave of refund questions near the end), the same for the same seed.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::{Chatlog, DEMO_CHATBOT_ID, Message, Outcome};
use crate::realistic::Scenario;

/// `count` chatlogs of the demo chatbot over the `days` before `now`,
/// oldest first, the same for the same seed.
pub(super) fn seeded_chatlogs(
    seed: u64,
    count: usize,
    days: u32,
    now: DateTime<Utc>,
) -> Vec<(String, Chatlog)> {
    Scenario {
        days,
        ..Scenario::new(seed, count, now)
    }
    .generate()
    .enumerate()
    .map(|(i, c)| {
        let mut messages = Vec::with_capacity(c.exchanges.len() * 2);
        for (turn, (question, answer)) in c.exchanges.into_iter().enumerate() {
            let at = c.created_at + chrono::Duration::seconds(30 * turn as i64);
            messages.push(Message {
                kind: "user",
                content: question,
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
        let chatlog = Chatlog {
            chatbot_id: DEMO_CHATBOT_ID.to_owned(),
            created_at: c.created_at,
            messages,
            tags: BTreeSet::new(),
            initial_page_url: Some(c.page),
            outcome: Some(Outcome {
                rating: c.rating,
                resolution: c.resolution,
                confidence: c.confidence,
                country: c.country,
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

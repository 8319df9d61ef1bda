//! What the mock answers: deterministic, drawn from the chatbot's pages.

use super::pages::{Pages, Pairs, Source};

/// The mock's answer to a question: deterministic (same chatbot, question
/// and pages, same answer). Its sources are the pages it is drawn from, as
/// the spec defines them: at most 5 of the chatbot's pages whose address
/// holds a word of the question, most such words first. A question no page
/// matches gets no sources, and an answer that says so.
pub(crate) fn answer(chatbot_id: &str, question: &str, pages: &Pages) -> (String, Vec<Source>) {
    let topic = topic(question);
    let words: Vec<(&str, Pairs)> = topic
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| (w, Pairs::of(w.as_bytes())))
        .collect();
    let mut scored: Vec<(usize, &Source)> = pages
        .0
        .values()
        .filter_map(|page| {
            let hits = words
                .iter()
                .filter(|(word, pairs)| pairs.within(page.pairs) && page.lower.contains(word))
                .count();
            (hits > 0).then_some((hits, &page.source))
        })
        .collect();
    // Stable: equally relevant pages keep their address order.
    scored.sort_by_key(|(hits, _)| std::cmp::Reverse(*hits));
    let sources: Vec<Source> = scored.iter().take(5).map(|(_, s)| (*s).clone()).collect();
    let topic = if topic.is_empty() { "that" } else { &topic };
    let text = match sources.first().map(|s| &s.url) {
        Some(best) => format!(
            "Thanks for asking about {topic}. {chatbot_id} found the answer on {best}: \
             everything you need is explained there, step by step."
        ),
        // What a bot that does not know says (the fallback `eval`'s
        // `answered` check recognises).
        None if pages.0.is_empty() => format!(
            "Thanks for asking about {topic}. I'm sorry, I don't know: {chatbot_id} has no \
             pages yet, so it cannot answer from its knowledge base."
        ),
        None => format!(
            "Thanks for asking about {topic}. I'm sorry, I don't know: {chatbot_id} has no \
             page about it yet, and a page on it in the knowledge base would let it answer."
        ),
    };
    (text, sources)
}

/// The words of a question an answer matches pages with, in lower case and
/// one space apart: the runs of letters and digits longer than two bytes.
/// Each word is lower-cased on its own (as `str::to_lowercase` does it, a
/// final sigma included); a word that is ASCII is done in place.
fn topic(question: &str) -> String {
    let mut topic = String::with_capacity(question.len());
    let mut add = |word: &str| {
        if word.len() <= 2 {
            return;
        }
        if !topic.is_empty() {
            topic.push(' ');
        }
        if word.is_ascii() {
            let at = topic.len();
            topic.push_str(word);
            topic[at..].make_ascii_lowercase();
        } else {
            topic.push_str(&word.to_lowercase());
        }
    };
    question
        .split(|c: char| !c.is_alphanumeric())
        .for_each(&mut add);
    topic
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::{Change, DEMO_CHATBOT_ID, Setup, World};

    #[test]
    fn answers_are_deterministic_and_cite_the_most_relevant_pages() {
        let pages = Pages::demo();
        let (a, sources) = answer("bot", "How do I reset my password?", &pages);
        let (b, _) = answer("bot", "How do I reset my password?", &pages);
        assert_eq!(a, b);
        assert_eq!(sources[0].url, "https://example.com/support/reset-password");
        assert_eq!(sources[0].title, "Reset Password");
        // No other page has a word of the question, so none is cited.
        assert_eq!(sources.len(), 1);
        // Pages that share words with it are cited, most words first; equally
        // relevant ones in address order, at most five.
        let mut pages = Pages::default();
        let urls: Vec<String> = (0..7)
            .map(|i| format!("https://example.com/{}password-{i}", ["reset-", ""][i % 2]))
            .collect();
        pages.change(Change::Add, &urls);
        let (_, sources) = answer("bot", "How do I reset my password?", &pages);
        let cited: Vec<&str> = sources.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            cited,
            [
                "https://example.com/reset-password-0",
                "https://example.com/reset-password-2",
                "https://example.com/reset-password-4",
                "https://example.com/reset-password-6",
                "https://example.com/password-1",
            ]
        );
    }

    #[test]
    fn a_question_no_page_matches_cites_nothing_and_says_so() {
        let (text, sources) = answer("bot", "Hello there!", &Pages::demo());
        assert!(sources.is_empty());
        assert_eq!(
            text,
            "Thanks for asking about hello there. I'm sorry, I don't know: bot has no page \
             about it yet, and a page on it in the knowledge base would let it answer."
        );
        let (text, sources) = answer("bot", "Hello there!", &Pages::default());
        assert!(sources.is_empty());
        assert!(text.contains("has no pages yet"), "{text}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, failure_persistence: None, ..Default::default() })]
        /// The pairs check never rules out a page that holds the word.
        #[test]
        fn a_word_in_an_address_is_never_ruled_out(address in "(?s).{0,60}", at in 0..60_usize, len in 3..12_usize) {
            let bytes = address.as_bytes();
            let start = at.min(bytes.len());
            let word = &bytes[start..(start + len).min(bytes.len())];
            proptest::prop_assert!(Pairs::of(word).within(Pairs::of(bytes)));
        }

        /// The topic is the question's words as they were first defined:
        /// split on what is not a letter or digit, longer than two bytes,
        /// each lower-cased on its own, joined by a space.
        #[test]
        fn the_topic_is_the_lower_cased_words(question in "[aZ9ΣσİÄßǅ ?.-]{0,16}|(?s).{0,40}") {
            let words: Vec<String> = question
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2)
                .map(str::to_lowercase)
                .collect();
            proptest::prop_assert_eq!(topic(&question), words.join(" "));
        }
    }

    #[test]
    fn answers_follow_the_pages_as_they_change() {
        let world = World::new(Setup::default());
        let new_page = "https://example.com/Billing-FAQ".to_owned();
        // Changes the demo chatbot's pages, then asks about the new one.
        let change_then_ask = |change: Change| {
            let page = std::slice::from_ref(&new_page);
            world.pages(DEMO_CHATBOT_ID, page, change).unwrap();
            let question = "Where is the billing FAQ?";
            world.chat(DEMO_CHATBOT_ID, None, question, None).unwrap()
        };
        let asked = change_then_ask(Change::Add);
        let first = &asked.sources[0];
        assert_eq!(first.url, new_page, "matched in lower case");
        assert_eq!(first.title, "Billing FAQ");
        let asked = change_then_ask(Change::Delete);
        assert!(asked.sources.iter().all(|s| s.url != new_page));
        // No demo page holds a word of the question.
        assert!(asked.sources.is_empty());
    }
}

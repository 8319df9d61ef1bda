//! A chatbot's pages as answers use them: each page's address in lower
//! case, its byte pairs (which rule most pages out for a question's word
//! before any search) and its title, worked out when the page is added.

use std::collections::BTreeMap;

use super::{Change, DEMO_PAGES};

/// A page an answer cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    pub(crate) url: String,
    /// Made up from the address (the mock does not fetch pages).
    pub(crate) title: String,
}

/// A chatbot's pages by address, each with what every answer needs of it
/// (the address in lower case and its byte pairs, the title) worked out
/// when it is added, not per chat; and how many add requests named each
/// address (what a sync that adds a page twice shows in `/mock/state`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Pages(pub(super) BTreeMap<String, Indexed>, BTreeMap<String, u32>);

/// A page as answers use it.
#[derive(Debug, Clone)]
pub(super) struct Indexed {
    pub(super) lower: String,
    /// The byte pairs of `lower`, to rule the page out for most words.
    pub(super) pairs: Pairs,
    pub(super) source: Source,
}

impl Pages {
    /// The demo chatbot's.
    pub(super) fn demo() -> Self {
        let mut pages = Pages::default();
        let urls: Vec<String> = DEMO_PAGES.iter().map(|p| (*p).to_owned()).collect();
        pages.change(Change::Add, &urls);
        pages
    }

    /// Adds or removes `urls` (a set: repeating either changes nothing).
    pub(super) fn change(&mut self, change: Change, urls: &[String]) {
        for url in urls {
            match change {
                Change::Add => {
                    let adds = self.1.entry(url.clone()).or_default();
                    *adds = adds.saturating_add(1);
                    self.0.entry(url.clone()).or_insert_with(|| {
                        let lower = url.to_lowercase();
                        Indexed {
                            pairs: Pairs::of(lower.as_bytes()),
                            lower,
                            source: Source {
                                url: url.clone(),
                                title: page_title(url),
                            },
                        }
                    });
                }
                Change::Delete => {
                    self.0.remove(url);
                }
            }
        }
    }

    /// The addresses, in order.
    pub(super) fn urls(&self) -> Vec<&String> {
        self.0.keys().collect()
    }

    /// How many add requests named each address (present or not).
    pub(super) fn adds(&self) -> &BTreeMap<String, u32> {
        &self.1
    }
}

/// A page's title, made up from its address.
fn page_title(url: &str) -> String {
    let last = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if last.contains('.') || last.is_empty() {
        "Home".to_owned()
    } else {
        let words: Vec<String> = last
            .split('-')
            .map(|w| {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            })
            .collect();
        words.join(" ")
    }
}

/// The byte pairs that occur in a text, hashed into 256 bits. A word with
/// a pair its page's address lacks cannot occur in it: most pages are ruled
/// out for most words this way, before the substring search (whose set-up
/// alone costs more than this whole check).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Pairs([u64; 4]);

impl Pairs {
    pub(super) fn of(text: &[u8]) -> Self {
        let mut bits = [0_u64; 4];
        for pair in text.windows(2) {
            let slot = (usize::from(pair[0]).wrapping_mul(31) ^ usize::from(pair[1])) & 255;
            bits[slot >> 6] |= 1 << (slot & 63);
        }
        Pairs(bits)
    }

    /// Whether every pair of `self` may be in `text`'s (no false "no").
    pub(super) fn within(self, text: Pairs) -> bool {
        self.0
            .iter()
            .zip(text.0)
            .all(|(ours, theirs)| ours & !theirs == 0)
    }
}

//! The mock's world beyond feedback: chatbots and their pages, chatlogs
//! with their messages and tags. The chatlogs are sharded (a chat locks one
//! shard), their creation order a chunked queue with O(1) eviction, so the
//! tail holds when hundreds of thousands pile up.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use chrono::{DateTime, Utc};

use crate::queue::ChunkedQueue;
use crate::state::{IdGenerator, now_millis};

/// The chatbot every mock starts with.
pub const DEMO_CHATBOT_ID: &str = "demo-chatbot";
/// The conversation every mock starts with, whose answers carry the message
/// ids of the README and the spec's examples.
pub const DEMO_CHATLOG_ID: &str = "demo-chatlog";
/// The answer message ids of the demo chatlog.
pub const DEMO_MESSAGE_IDS: [&str; 3] = ["msg_123", "msg_456", "msg_789"];

/// The demo chatbot's pages.
const DEMO_PAGES: [&str; 5] = [
    "https://example.com/",
    "https://example.com/pricing",
    "https://example.com/docs/getting-started",
    "https://example.com/support/reset-password",
    "https://example.com/about",
];

/// One message of a chatlog.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    /// `user` or `bot`.
    pub(crate) kind: &'static str,
    pub(crate) content: String,
    pub(crate) created_at: DateTime<Utc>,
    /// Answer messages have ids (feedback takes them).
    pub(crate) id: Option<String>,
}

/// One conversation.
#[derive(Debug, Clone)]
pub(crate) struct Chatlog {
    pub(crate) chatbot_id: String,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) messages: Vec<Message>,
    pub(crate) tags: BTreeSet<String>,
    pub(crate) initial_page_url: Option<String>,
    /// A seeded chatlog's outcome (chats get theirs from feedback).
    pub(crate) outcome: Option<Outcome>,
}

/// How a seeded conversation went, as the export shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Outcome {
    /// `GOOD`, `BAD`, or unrated.
    pub(crate) rating: Option<&'static str>,
    /// `RESOLVED` or `UNRESOLVED`.
    pub(crate) resolution: &'static str,
    /// The chatbot's average confidence.
    pub(crate) confidence: f64,
    /// ISO 3166-1 alpha-2.
    pub(crate) country: &'static str,
}

/// How many shards hold the chatlogs: a chat locks one (a map that grows
/// blocks 1/32 of the requests, for 1/32 of the time).
const SHARDS: usize = 32;

/// What went wrong, naming the field.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Missing {
    Chatbot,
    Chatlog,
}

/// One shard of the chatlogs, by id. foldhash, not SipHash: ids are hashed
/// several times per chat, and a per-process seed still keeps a client from
/// choosing colliding ids.
type Shard = HashMap<String, Chatlog, foldhash::fast::RandomState>;

/// Chatbots and chatlogs. The chatlogs are sharded by a hash of their id;
/// their creation order is one chunked queue (it never copies what it
/// holds) whose lock is held for a push (and the pop of the oldest beyond
/// the cap: O(1) eviction).
pub(crate) struct World {
    /// Chatbot id → its pages: read by every chat, written by pages.
    chatbots: RwLock<BTreeMap<String, Pages>>,
    shards: Box<[Mutex<Shard>]>,
    /// Picks a chatlog's shard (seeded per process, like the shards' own).
    shard_of: foldhash::fast::RandomState,
    /// Chatlog ids in creation order (the oldest is evicted first).
    order: Mutex<ChunkedQueue<String>>,
    evicted: AtomicU64,
    ids: Mutex<IdGenerator>,
    /// Settings the world is seeded (and reset) with.
    setup: Setup,
}

/// What a world starts with, and its bounds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Setup {
    pub(crate) seed: u64,
    pub(crate) extra_chatbots: Vec<String>,
    pub(crate) seed_chatlogs: usize,
    pub(crate) max_chatlogs: usize,
}

/// A new exchange, as `/chat` answers it.
pub(crate) struct Exchange {
    pub(crate) message_id: String,
    pub(crate) chatlog_id: String,
    pub(crate) answer: String,
    pub(crate) sources: Vec<Source>,
}

/// A page an answer cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    pub(crate) url: String,
    /// Made up from the address (the mock does not fetch pages).
    pub(crate) title: String,
}

/// A chatbot's pages by address, each with what every answer needs of it
/// (the address in lower case and its byte pairs, the title) worked out
/// when it is added, not per chat.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pages(BTreeMap<String, Indexed>);

/// A page as answers use it.
#[derive(Debug, Clone)]
struct Indexed {
    lower: String,
    /// The byte pairs of `lower`, to rule the page out for most words.
    pairs: Pairs,
    source: Source,
}

impl Pages {
    /// The demo chatbot's.
    fn demo() -> Self {
        let mut pages = Pages::default();
        let urls: Vec<String> = DEMO_PAGES.iter().map(|p| (*p).to_owned()).collect();
        pages.change(Change::Add, &urls);
        pages
    }

    /// Adds or removes `urls` (a set: repeating either changes nothing).
    fn change(&mut self, change: Change, urls: &[String]) {
        for url in urls {
            match change {
                Change::Add => {
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
    fn urls(&self) -> Vec<&String> {
        self.0.keys().collect()
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

impl World {
    /// The seeded world: the demo chatbot (and `extra_chatbots`, with the same
    /// pages) and the demo chatlog.
    pub(crate) fn new(setup: Setup) -> Self {
        let world = Self {
            chatbots: RwLock::new(BTreeMap::new()),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            shard_of: foldhash::fast::RandomState::default(),
            order: Mutex::new(ChunkedQueue::default()),
            evicted: AtomicU64::new(0),
            ids: Mutex::new(IdGenerator::new(setup.seed ^ 0x0c4a_7106)),
            setup,
        };
        world.seed();
        world
    }

    fn seed(&self) {
        let pages = Pages::demo();
        {
            let mut chatbots = self.chatbots.write().unwrap_or_else(|e| e.into_inner());
            chatbots.clear();
            chatbots.insert(DEMO_CHATBOT_ID.to_owned(), pages.clone());
            for id in &self.setup.extra_chatbots {
                chatbots.insert(id.clone(), pages.clone());
            }
        }
        for shard in self.shards.iter() {
            crate::locks::lock(shard).clear();
        }
        crate::locks::lock(&self.order).clear();
        self.evicted.store(0, Ordering::Relaxed);
        let now = now_millis();
        let questions = [
            "Hello there!",
            "How do I reset my password?",
            "What does it cost?",
        ];
        let mut messages = Vec::new();
        for (question, id) in questions.iter().zip(DEMO_MESSAGE_IDS) {
            let (answer, _) = answer(DEMO_CHATBOT_ID, question, &pages);
            messages.push(Message {
                kind: "user",
                content: (*question).to_owned(),
                created_at: now,
                id: None,
            });
            messages.push(Message {
                kind: "bot",
                content: answer,
                created_at: now,
                id: Some(id.to_owned()),
            });
        }
        let seeded = seeded_chatlogs(self.setup.seed, self.setup.seed_chatlogs, now);
        for (id, chatlog) in seeded {
            self.insert_chatlog(id, chatlog);
        }
        let demo = Chatlog {
            chatbot_id: DEMO_CHATBOT_ID.to_owned(),
            created_at: now,
            messages,
            tags: BTreeSet::new(),
            initial_page_url: Some(DEMO_PAGES[0].to_owned()),
            outcome: None,
        };
        self.insert_chatlog(DEMO_CHATLOG_ID.to_owned(), demo);
    }

    /// Back to the seeded world.
    pub(crate) fn reset(&self) {
        self.seed();
    }

    /// The shard that holds chatlog `id`.
    fn shard(&self, id: &str) -> std::sync::MutexGuard<'_, Shard> {
        use std::hash::BuildHasher;
        let hash = self.shard_of.hash_one(id);
        crate::locks::lock(&self.shards[(hash % SHARDS as u64) as usize])
    }

    fn chatbots(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<String, Pages>> {
        self.chatbots.read().unwrap_or_else(|e| e.into_inner())
    }

    fn next_id(&self, now: DateTime<Utc>) -> String {
        crate::locks::lock(&self.ids).next(now)
    }

    /// Adds a chatlog, evicting the oldest beyond the cap (0: no cap).
    fn insert_chatlog(&self, id: String, chatlog: Chatlog) {
        let max = self.setup.max_chatlogs;
        let oldest = {
            let mut order = crate::locks::lock(&self.order);
            order.push_back(id.clone());
            if max > 0 && order.len() > max {
                order.pop_front()
            } else {
                None
            }
        };
        self.shard(&id).insert(id, chatlog);
        if let Some(oldest) = oldest {
            self.shard(&oldest).remove(&oldest);
            self.evicted.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Asks a chatbot: appends the question and the answer to the chatlog
    /// (a new one without `chatlog_id`).
    pub(crate) fn chat(
        &self,
        chatbot_id: &str,
        chatlog_id: Option<&str>,
        question: &str,
        context_url: Option<&str>,
    ) -> Result<Exchange, Missing> {
        let (text, sources) = {
            let chatbots = self.chatbots();
            let pages = chatbots.get(chatbot_id).ok_or(Missing::Chatbot)?;
            answer(chatbot_id, question, pages)
        };
        let now = now_millis();
        let message_id = self.next_id(now);
        let exchange = [
            Message {
                kind: "user",
                content: question.to_owned(),
                created_at: now,
                id: None,
            },
            Message {
                kind: "bot",
                content: text.clone(),
                created_at: now,
                id: Some(message_id.clone()),
            },
        ];
        let chatlog_id = match chatlog_id {
            Some(id) => {
                let mut shard = self.shard(id);
                let chatlog = shard.get_mut(id).ok_or(Missing::Chatlog)?;
                if chatlog.chatbot_id != chatbot_id {
                    return Err(Missing::Chatlog);
                }
                chatlog.messages.extend(exchange);
                id.to_owned()
            }
            None => {
                let id = self.next_id(now);
                let chatlog = Chatlog {
                    chatbot_id: chatbot_id.to_owned(),
                    created_at: now,
                    messages: exchange.into(),
                    tags: BTreeSet::new(),
                    initial_page_url: context_url.map(str::to_owned),
                    outcome: None,
                };
                self.insert_chatlog(id.clone(), chatlog);
                id
            }
        };
        Ok(Exchange {
            message_id,
            chatlog_id,
            answer: text,
            sources,
        })
    }

    /// Adds or removes pages of a chatbot.
    pub(crate) fn pages(
        &self,
        chatbot_id: &str,
        urls: &[String],
        change: Change,
    ) -> Result<(), Missing> {
        let mut chatbots = self.chatbots.write().unwrap_or_else(|e| e.into_inner());
        let pages = chatbots.get_mut(chatbot_id).ok_or(Missing::Chatbot)?;
        pages.change(change, urls);
        Ok(())
    }

    /// Adds or removes tags of a chatlog.
    pub(crate) fn tags(
        &self,
        chatlog_id: &str,
        tags: &[String],
        change: Change,
    ) -> Result<(), Missing> {
        let mut shard = self.shard(chatlog_id);
        let chatlog = shard.get_mut(chatlog_id).ok_or(Missing::Chatlog)?;
        change.apply(&mut chatlog.tags, tags);
        Ok(())
    }

    /// A chatlog's messages.
    pub(crate) fn messages(&self, chatlog_id: &str) -> Result<Vec<Message>, Missing> {
        let shard = self.shard(chatlog_id);
        let chatlog = shard.get(chatlog_id).ok_or(Missing::Chatlog)?;
        Ok(chatlog.messages.clone())
    }

    /// Whether the chatbot exists.
    pub(crate) fn has_chatbot(&self, chatbot_id: &str) -> bool {
        self.chatbots().contains_key(chatbot_id)
    }

    /// The ids of the chatlogs (of one chatbot, or all) created within the
    /// bounds, in creation order: an export reads them one at a time.
    pub(crate) fn chatlog_ids(
        &self,
        chatbot_id: Option<&str>,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
    ) -> Vec<String> {
        let order: Vec<String> = crate::locks::lock(&self.order).iter().cloned().collect();
        order
            .into_iter()
            .filter(|id| {
                self.shard(id).get(id.as_str()).is_some_and(|c| {
                    chatbot_id.is_none_or(|b| c.chatbot_id == b)
                        && start.is_none_or(|s| c.created_at >= s)
                        && end.is_none_or(|e| c.created_at <= e)
                })
            })
            .collect()
    }

    /// One chatlog, if it still exists.
    pub(crate) fn chatlog(&self, id: &str) -> Option<Chatlog> {
        self.shard(id).get(id).cloned()
    }

    /// The chatlogs within the bounds (tests).
    #[cfg(test)]
    pub(crate) fn chatlogs(
        &self,
        chatbot_id: Option<&str>,
        start: Option<DateTime<Utc>>,
        end: Option<DateTime<Utc>>,
    ) -> Vec<Chatlog> {
        self.chatlog_ids(chatbot_id, start, end)
            .iter()
            .filter_map(|id| self.chatlog(id))
            .collect()
    }

    /// Everything, for `GET /mock/state`.
    /// `page`: which chatlogs, oldest first (`offset`, at most `limit`).
    pub(crate) fn snapshot(&self, page: Page) -> serde_json::Value {
        let (ids, total): (Vec<String>, usize) = {
            let order = crate::locks::lock(&self.order);
            let ids = order
                .iter()
                .skip(page.offset)
                .take(page.limit)
                .cloned()
                .collect();
            (ids, order.len())
        };
        let chatlogs: Vec<serde_json::Value> = ids
            .iter()
            .filter_map(|id| self.chatlog(id).map(|c| (id, c)))
            .map(|(id, c)| {
                serde_json::json!({
                    "id": id,
                    "chatbotId": c.chatbot_id,
                    "createdAt": c.created_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    "tags": c.tags,
                    "messages": c.messages.len(),
                    "answerIds": c.messages.iter().filter_map(|m| m.id.clone()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let chatbots = self.chatbots();
        serde_json::json!({
            "chatbots": chatbots.iter().map(|(id, pages)| serde_json::json!({"id": id, "pages": pages.urls()})).collect::<Vec<_>>(),
            "chatlogs": chatlogs,
            "totalChatlogs": total,
            "evictedChatlogs": self.evicted.load(Ordering::Relaxed),
        })
    }
}

/// What a twin operation (pages, tags) does to its set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Add,
    Delete,
}

impl Change {
    /// Adds or removes `items` (a set: repeating either changes nothing).
    fn apply(self, set: &mut BTreeSet<String>, items: &[String]) {
        for item in items {
            match self {
                Change::Add => set.insert(item.clone()),
                Change::Delete => set.remove(item),
            };
        }
    }
}

/// A part of a long list: skip `offset` entries, show at most `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Page {
    pub(crate) offset: usize,
    pub(crate) limit: usize,
}

impl Page {
    /// Everything (for the in-process inspection API).
    pub(crate) const ALL: Page = Page {
        offset: 0,
        limit: usize::MAX,
    };
}

impl Default for Page {
    /// What `GET /mock/state` shows without parameters: the first 1,000
    /// chatlogs and feedback entries (a busy mock holds hundreds of
    /// thousands; `?offset=&limit=` pages through them).
    fn default() -> Self {
        Page {
            offset: 0,
            limit: 1000,
        }
    }
}

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
fn seeded_chatlogs(seed: u64, count: usize, now: DateTime<Utc>) -> Vec<(String, Chatlog)> {
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
        None if pages.0.is_empty() => format!(
            "Thanks for asking about {topic}. {chatbot_id} has no pages yet, so it cannot \
             answer from its knowledge base."
        ),
        None => format!(
            "Thanks for asking about {topic}. {chatbot_id} has no page about it yet: a page \
             on it in the knowledge base would let it answer."
        ),
    };
    (text, sources)
}

/// The byte pairs that occur in a text, hashed into 256 bits. A word with
/// a pair its page's address lacks cannot occur in it: most pages are ruled
/// out for most words this way, before the substring search (whose set-up
/// alone costs more than this whole check).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Pairs([u64; 4]);

impl Pairs {
    fn of(text: &[u8]) -> Self {
        let mut bits = [0_u64; 4];
        for pair in text.windows(2) {
            let slot = (usize::from(pair[0]).wrapping_mul(31) ^ usize::from(pair[1])) & 255;
            bits[slot >> 6] |= 1 << (slot & 63);
        }
        Pairs(bits)
    }

    /// Whether every pair of `self` may be in `text`'s (no false "no").
    fn within(self, text: Pairs) -> bool {
        self.0
            .iter()
            .zip(text.0)
            .all(|(ours, theirs)| ours & !theirs == 0)
    }
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

/// The chatlog's rating from its answers' feedback: the latest feedback on
/// any answer, `HELPFUL` as `GOOD` and `NOT_HELPFUL` as `BAD`.
pub(crate) fn chatlog_rating(
    chatlog: &Chatlog,
    feedback: &HashMap<String, (DateTime<Utc>, bool)>,
) -> Option<&'static str> {
    chatlog
        .messages
        .iter()
        .filter_map(|m| m.id.as_ref().and_then(|id| feedback.get(id)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, helpful)| if *helpful { "GOOD" } else { "BAD" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_chats_keep_the_cap_and_the_oldest_go_first() {
        let world = World::new(Setup {
            max_chatlogs: 500,
            ..Setup::default()
        });
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..1_000 {
                        world.chat(DEMO_CHATBOT_ID, None, "Hi", None).unwrap();
                    }
                });
            }
        });
        let kept = world.chatlog_ids(None, None, None);
        assert_eq!(kept.len(), 500);
        assert_eq!(world.evicted.load(Ordering::Relaxed), 4_001 - 500);
        // Every id in the order queue is still held, in its shard.
        assert!(kept.iter().all(|id| world.chatlog(id).is_some()));
        assert!(
            world.chatlog(DEMO_CHATLOG_ID).is_none(),
            "the oldest went first"
        );
    }

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
            "Thanks for asking about hello there. bot has no page about it yet: a page on it \
             in the knowledge base would let it answer."
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

    #[test]
    fn chat_creates_then_continues_a_chatlog() {
        let world = World::new(Setup::default());
        let first = world.chat(DEMO_CHATBOT_ID, None, "Hello", None).unwrap();
        let second = world
            .chat(DEMO_CHATBOT_ID, Some(&first.chatlog_id), "More", None)
            .unwrap();
        assert_eq!(first.chatlog_id, second.chatlog_id);
        assert_ne!(first.message_id, second.message_id);
        assert_eq!(world.messages(&first.chatlog_id).unwrap().len(), 4);
        assert_eq!(
            world.chat("nope", None, "x", None).err(),
            Some(Missing::Chatbot)
        );
        assert_eq!(
            world.chat(DEMO_CHATBOT_ID, Some("nope"), "x", None).err(),
            Some(Missing::Chatlog)
        );
    }
}

//! The mock's world beyond feedback: chatbots and their pages, chatlogs
//! with their messages and tags. The store is here: chatlogs sharded (a chat
//! locks one shard), their creation order a chunked queue with O(1)
//! eviction, so the tail holds when hundreds of thousands pile up. What an
//! answer says is `answer.rs`, a chatbot's pages as answers use them
//! `pages.rs`, the seeded month of conversations `seed.rs`.

mod answer;
mod pages;
mod seed;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

use chrono::{DateTime, Utc};

use crate::queue::ChunkedQueue;
use crate::state::{IdGenerator, now_millis};

use self::answer::answer;
pub(crate) use self::pages::{Pages, Source};
use self::seed::seeded_chatlogs;

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
    pub(crate) seed_days: u32,
    pub(crate) max_chatlogs: usize,
}

/// A new exchange, as `/chat` answers it.
pub(crate) struct Exchange {
    pub(crate) message_id: String,
    pub(crate) chatlog_id: String,
    pub(crate) answer: String,
    pub(crate) sources: Vec<Source>,
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
        let seeded = seeded_chatlogs(
            self.setup.seed,
            self.setup.seed_chatlogs,
            self.setup.seed_days,
            now,
        );
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
            "chatbots": chatbots.iter().map(|(id, pages)| serde_json::json!({"id": id, "pages": pages.urls(), "pageAdds": pages.adds()})).collect::<Vec<_>>(),
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

//! What the report reads of one chatlog: [`Record`], a view that borrows
//! its text, made from an SDK [`Chatlog`] (the API, a CSV export) or
//! straight from a line of a JSON Lines export (`format`'s lean parse: these
//! fields only, a string copied only when it holds escapes, the timestamp in
//! its usual form parsed by hand).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use wonderchat::{ChatExchange, Chatlog};

/// The fields of one chatlog the report reads.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// When the conversation started.
    pub created_at: DateTime<Utc>,
    /// Its chatbot.
    pub chatbot_id: &'a str,
    /// `GOOD`, `BAD` or another rating, if rated.
    pub user_feedback: Option<&'a str>,
    /// `RESOLVED`, `UNRESOLVED` or another state, if known.
    pub ai_resolution_state: Option<&'a str>,
    /// The bot's average confidence, if sent.
    pub average_confidence: Option<f64>,
    /// The user's country, if known.
    pub country_code: Option<&'a str>,
    /// The page the conversation started on, if known.
    pub initial_page_url: Option<&'a str>,
    /// Its exchanges.
    pub messages: Messages<'a>,
}

/// Where a string of a parsed line is: in the batch's text, or (when it
/// held escapes) in the batch's unescaped strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) unescaped: bool,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    /// The string, from the batch's `text` or its `unescaped` strings.
    pub(crate) fn get<'a>(self, text: &'a str, unescaped: &'a str) -> &'a str {
        let from = if self.unescaped { unescaped } else { text };
        from.get(self.start..self.end).unwrap_or_default()
    }
}

/// A chatlog's exchanges: each a question and an answer, either optional.
#[derive(Debug, Clone, Copy)]
pub struct Messages<'a>(Exchanges<'a>);

#[derive(Debug, Clone, Copy)]
enum Exchanges<'a> {
    Sdk(&'a [ChatExchange]),
    Spans {
        spans: &'a [[Option<Span>; 2]],
        total: usize,
        text: &'a str,
        unescaped: &'a str,
    },
}

impl<'a> Messages<'a> {
    /// The first exchanges of a parsed line (`spans`) of its `total`.
    pub(crate) fn spans(
        spans: &'a [[Option<Span>; 2]],
        total: usize,
        text: &'a str,
        unescaped: &'a str,
    ) -> Self {
        Self(Exchanges::Spans {
            spans,
            total,
            text,
            unescaped,
        })
    }

    /// How many.
    pub fn len(&self) -> usize {
        match self.0 {
            Exchanges::Sdk(all) => all.len(),
            Exchanges::Spans { total, .. } => total,
        }
    }

    /// How many are read: all, or the first 64 of a longer list parsed
    /// from an export (the others are counted, not kept).
    pub fn read(&self) -> usize {
        match self.0 {
            Exchanges::Sdk(all) => all.len(),
            Exchanges::Spans { spans, .. } => spans.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th exchange's question and answer (`None` past those
    /// [`read`](Self::read)).
    pub fn get(&self, i: usize) -> Option<(Option<&'a str>, Option<&'a str>)> {
        match self.0 {
            Exchanges::Sdk(all) => all
                .get(i)
                .map(|e| (e.user_message.as_deref(), e.bot_message.as_deref())),
            Exchanges::Spans {
                spans,
                text,
                unescaped,
                ..
            } => spans.get(i).map(|[q, a]| {
                (
                    q.map(|s| s.get(text, unescaped)),
                    a.map(|s| s.get(text, unescaped)),
                )
            }),
        }
    }

    /// Every exchange read, its question and answer, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Option<&'a str>, Option<&'a str>)> + '_ {
        (0..self.read()).filter_map(|i| self.get(i))
    }
}

impl<'a> From<&'a Chatlog> for Record<'a> {
    fn from(c: &'a Chatlog) -> Self {
        Self {
            created_at: c.created_at,
            chatbot_id: &c.chatbot_id,
            user_feedback: c.user_feedback.as_deref(),
            ai_resolution_state: c.ai_resolution_state.as_deref(),
            average_confidence: c.average_confidence,
            country_code: c.country_code.as_deref(),
            initial_page_url: c.initial_page_url.as_deref(),
            messages: Messages(Exchanges::Sdk(&c.messages)),
        }
    }
}

/// A timestamp as the SDK's `Chatlog` reads it (chrono's RFC 3339, relaxed),
/// its usual form (`2026-12-03T10:00:00.000Z`) parsed by hand.
pub(crate) fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    usual_timestamp(text).or_else(|| {
        text.parse::<DateTime<FixedOffset>>()
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// `YYYY-MM-DDTHH:MM:SS[.f…]Z` (1 to 9 digits of fraction, no leap
/// second); anything else is left to chrono.
fn usual_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let mut at = 19;
    let mut nanos = 0;
    if b[at] == b'.' {
        let start = at + 1;
        at = start;
        while at < b.len() && b[at].is_ascii_digit() {
            at += 1;
        }
        let digits = at - start;
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = number(start, at)? * 10u32.pow((9 - digits) as u32);
    }
    if at + 1 != b.len() || b[at] != b'Z' || second >= 60 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono(text: &str) -> Option<DateTime<Utc>> {
        text.parse::<DateTime<FixedOffset>>()
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn timestamps_are_read_as_chrono_reads_them() {
        for text in [
            "2026-12-03T10:00:00Z",
            "2026-12-03T10:00:00.5Z",
            "2026-12-03T10:00:00.123Z",
            "2026-12-03T10:00:00.123456789Z",
            "2026-12-03T10:00:00.1234567891Z",
            "2026-12-03T10:00:00+02:00",
            "2026-12-03 10:00:00Z",
            "2026-12-03t10:00:00z",
            "2024-02-29T23:59:59.999Z",
            "2023-02-29T00:00:00Z",
            "2026-12-03T24:00:00Z",
            "2026-12-03T10:00:60Z",
            "2026-13-03T10:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2026-12-03T10:00:00.Z",
            "2026-12-03T10:00:00",
            "2026-12-03T1a:00:00Z",
            "",
        ] {
            assert_eq!(timestamp(text), chrono(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_usual_timestamp_is_read_as_chrono_reads_it(
            y in 0u32..10_000, mo in 0u32..14, d in 0u32..33, h in 0u32..26, mi in 0u32..61,
            s in 0u32..62, frac in proptest::option::of((0u32..1_000_000_000, 1usize..10)),
        ) {
            let fraction = frac.map_or(String::new(), |(n, digits)| {
                format!(".{}", &format!("{n:09}")[..digits])
            });
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}Z");
            proptest::prop_assert_eq!(timestamp(&text), chrono(&text), "{}", text);
        }
    }
}

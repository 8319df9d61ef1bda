//! Space-saving top-k (Metwally, Agrawal, El Abbadi 2005): the `k` most
//! frequent keys of a stream in `k` entries. A key's count is at most its
//! true count plus its entry's `error` (the count of the key it replaced);
//! any key seen more than `n / k` times of `n` is kept.
//!
//! The rarest entry is found in a lazy min-heap when a new key makes room
//! (a scan of the `k` entries took milliseconds per chatlog on varied
//! wording): a count going up leaves its heap item as it was, so counting
//! a kept key is one hash lookup; the heap's first item is checked against
//! its entry when a key must go, and pushed back with the entry's count if
//! it is behind. Counts only grow, so the first item that is not behind is
//! the rarest entry (ties: the greatest key), as a scan would find it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use foldhash::HashMap;
use std::sync::Arc;

/// One kept key: its (over-)count, the count it inherited, and its payload.
#[derive(Debug, Clone)]
pub(crate) struct Entry<P> {
    /// How often it was seen (at most `error` more than the truth).
    pub count: u64,
    /// What it inherited when it replaced a rarer key.
    pub error: u64,
    /// What the caller keeps with it (reset when the entry is replaced).
    pub payload: P,
}

/// The sketch.
#[derive(Debug, Clone)]
pub(crate) struct SpaceSaving<P> {
    k: usize,
    entries: HashMap<Arc<str>, Entry<P>>,
    /// One item per entry: a count it had (at most its count now) and its
    /// key, rarest first (ties: the greatest key first, which is the one
    /// that makes room).
    heap: BinaryHeap<Reverse<(u64, Reverse<Arc<str>>)>>,
}

impl<P: Default> SpaceSaving<P> {
    /// A sketch of `k` entries (at least 1).
    pub(crate) fn new(k: usize) -> Self {
        Self {
            k: k.max(1),
            entries: HashMap::default(),
            heap: BinaryHeap::new(),
        }
    }

    /// Counts `key` once; returns its entry (for the payload).
    pub(crate) fn add(&mut self, key: &str) -> &mut Entry<P> {
        self.add_n(key, 1)
    }

    /// Counts `key` `n` times at once (a group of conversations counted by
    /// an engine); returns its entry. Below `k` keys the counts are exact
    /// whatever the order; beyond, a new key inherits the rarest count.
    pub(crate) fn add_n(&mut self, key: &str, n: u64) -> &mut Entry<P> {
        if self.entries.contains_key(key) {
            let entry = self.entries.get_mut(key).expect("just found");
            entry.count = entry.count.saturating_add(n);
            return entry;
        }
        let mut error = 0;
        if self.entries.len() >= self.k {
            error = self.evict_rarest();
        }
        let key: Arc<str> = Arc::from(key);
        let count = error.saturating_add(n);
        self.heap.push(Reverse((count, Reverse(Arc::clone(&key)))));
        self.entries.entry(key).or_insert(Entry {
            count,
            error,
            payload: P::default(),
        })
    }

    /// `key`'s entry, if kept (its payload to change; its count as it is).
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Entry<P>> {
        self.entries.get_mut(key)
    }

    /// Removes the rarest entry; returns its count.
    fn evict_rarest(&mut self) -> u64 {
        while let Some(Reverse((count, Reverse(key)))) = self.heap.pop() {
            match self.entries.get(&key) {
                Some(entry) if entry.count > count => {
                    self.heap.push(Reverse((entry.count, Reverse(key))));
                }
                Some(_) => {
                    self.entries.remove(&key);
                    return count;
                }
                // Every entry has one item; none is left behind.
                None => {}
            }
        }
        0
    }

    /// The kept keys, most frequent first (ties: by key).
    pub(crate) fn top(&self) -> Vec<(&str, &Entry<P>)> {
        let mut all: Vec<(&str, &Entry<P>)> = self.entries.iter().map(|(k, e)| (&**k, e)).collect();
        all.sort_unstable_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_keys_are_kept_with_bounded_error() {
        let mut sketch: SpaceSaving<()> = SpaceSaving::new(10);
        let mut n = 0u64;
        for i in 0..10_000u32 {
            // "a" a third of the time, "b" a sixth, the rest all different.
            let key = match i % 6 {
                0 | 1 => "a".to_owned(),
                2 => "b".to_owned(),
                _ => format!("noise-{i}"),
            };
            sketch.add(&key);
            n += 1;
        }
        let top = sketch.top();
        assert_eq!((top[0].0, top[1].0), ("a", "b"));
        let a = top[0].1;
        assert!(a.count >= 3_334 && a.count - a.error <= 3_334, "{a:?}");
        assert!(top.iter().all(|(_, e)| e.error <= n / 10));
        assert!(top.len() <= 10);
    }

    proptest::proptest! {
        /// The index agrees with a scan of the entries (the original
        /// definition): the same keys, counts and errors, in the same order.
        #[test]
        fn the_index_evicts_what_a_scan_would(keys in proptest::collection::vec(0u8..40, 0..400), k in 1usize..12) {
            let mut sketch: SpaceSaving<()> = SpaceSaving::new(k);
            let mut scan: Vec<(String, u64, u64)> = Vec::new();
            for key in keys {
                let key = format!("k{key}");
                sketch.add(&key);
                if let Some(at) = scan.iter().position(|(s, _, _)| *s == key) {
                    scan[at].1 += 1;
                    continue;
                }
                let mut error = 0;
                if scan.len() >= k {
                    let rarest = (0..scan.len())
                        .min_by(|&a, &b| scan[a].1.cmp(&scan[b].1).then(scan[b].0.cmp(&scan[a].0)))
                        .unwrap();
                    error = scan.remove(rarest).1;
                }
                scan.push((key, error + 1, error));
            }
            scan.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let top: Vec<(String, u64, u64)> = sketch
                .top()
                .into_iter()
                .map(|(key, e)| (key.to_owned(), e.count, e.error))
                .collect();
            proptest::prop_assert_eq!(top, scan);
        }
    }
}

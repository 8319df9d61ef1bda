//! Space-saving top-k (Metwally, Agrawal, El Abbadi 2005): the `k` most
//! frequent keys of a stream in `k` entries. A key's count is at most its
//! true count plus its entry's `error` (the count of the key it replaced);
//! any key seen more than `n / k` times of `n` is kept.
//!
//! Each count is also in an ordered index, so the rarest entry is found in
//! O(log k) when a new key makes room (a scan of the `k` entries took
//! milliseconds per chatlog on varied wording).

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
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
    /// Every entry's count and key, rarest first (ties: the greatest key
    /// first, which is the one that makes room).
    order: BTreeSet<(u64, Reverse<Arc<str>>)>,
}

impl<P: Default> SpaceSaving<P> {
    /// A sketch of `k` entries (at least 1).
    pub(crate) fn new(k: usize) -> Self {
        Self {
            k: k.max(1),
            entries: HashMap::new(),
            order: BTreeSet::new(),
        }
    }

    /// Counts `key` once; returns its entry (for the payload).
    pub(crate) fn add(&mut self, key: &str) -> &mut Entry<P> {
        let key: Arc<str> = match self.entries.get_key_value(key) {
            Some((kept, entry)) => {
                let kept = Arc::clone(kept);
                self.order
                    .remove(&(entry.count, Reverse(Arc::clone(&kept))));
                kept
            }
            None => {
                let mut error = 0;
                if self.entries.len() >= self.k
                    && let Some((count, Reverse(old))) = self.order.pop_first()
                {
                    self.entries.remove(&old);
                    error = count;
                }
                let key: Arc<str> = Arc::from(key);
                self.entries.insert(
                    Arc::clone(&key),
                    Entry {
                        count: error,
                        error,
                        payload: P::default(),
                    },
                );
                key
            }
        };
        let entry = self.entries.get_mut(&key).expect("kept or inserted above");
        entry.count += 1;
        self.order.insert((entry.count, Reverse(key)));
        entry
    }

    /// The entry of `key`, if kept.
    pub(crate) fn get(&self, key: &str) -> Option<&Entry<P>> {
        self.entries.get(key)
    }

    /// The kept keys, most frequent first (ties: by key).
    pub(crate) fn top(&self) -> Vec<(&str, &Entry<P>)> {
        self.order
            .iter()
            .rev()
            .filter_map(|(_, Reverse(key))| self.entries.get_key_value(key).map(|(k, e)| (&**k, e)))
            .collect()
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

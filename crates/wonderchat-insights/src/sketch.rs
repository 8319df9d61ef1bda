//! Space-saving top-k (Metwally, Agrawal, El Abbadi 2005): the `k` most
//! frequent keys of a stream in `k` entries. A key's count is at most its
//! true count plus its entry's `error` (the count of the key it replaced);
//! any key seen more than `n / k` times of `n` is kept.

use std::collections::HashMap;

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
    entries: HashMap<String, Entry<P>>,
}

impl<P: Default> SpaceSaving<P> {
    /// A sketch of `k` entries (at least 1).
    pub(crate) fn new(k: usize) -> Self {
        Self {
            k: k.max(1),
            entries: HashMap::new(),
        }
    }

    /// Counts `key` once; returns its entry (for the payload).
    pub(crate) fn add(&mut self, key: &str) -> &mut Entry<P> {
        if !self.entries.contains_key(key) {
            let mut error = 0;
            if self.entries.len() >= self.k {
                // The rarest entry (ties: the greatest key) makes room.
                let rarest = self
                    .entries
                    .iter()
                    .min_by(|a, b| a.1.count.cmp(&b.1.count).then(b.0.cmp(a.0)))
                    .map(|(k, e)| (k.clone(), e.count));
                if let Some((old, count)) = rarest {
                    self.entries.remove(&old);
                    error = count;
                }
            }
            self.entries.insert(
                key.to_owned(),
                Entry {
                    count: error,
                    error,
                    payload: P::default(),
                },
            );
        }
        let entry = self.entries.get_mut(key).expect("inserted above");
        entry.count += 1;
        entry
    }

    /// The entry of `key`, if kept.
    pub(crate) fn get(&self, key: &str) -> Option<&Entry<P>> {
        self.entries.get(key)
    }

    /// The kept keys, most frequent first (ties: by key).
    pub(crate) fn top(&self) -> Vec<(&str, &Entry<P>)> {
        let mut all: Vec<(&str, &Entry<P>)> =
            self.entries.iter().map(|(k, e)| (k.as_str(), e)).collect();
        all.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
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
}

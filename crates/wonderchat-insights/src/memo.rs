//! What a pure function gave for a text, remembered for the next time the
//! same text comes: at most `cap` texts, all forgotten at once when full, so
//! memory is bounded whatever the input (analysed messages, normalised
//! pages).

use std::sync::Arc;

use foldhash::HashMap;

/// Results by text, at most `cap` of them.
pub(crate) struct Memo<V: ?Sized> {
    cap: usize,
    kept: HashMap<Box<str>, Arc<V>>,
}

impl<V: ?Sized> Memo<V> {
    /// Remembers up to `cap` texts.
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            cap,
            kept: HashMap::default(),
        }
    }

    /// What `make` gives for `text`, made once while remembered.
    pub(crate) fn get_or(&mut self, text: &str, make: impl FnOnce(&str) -> Arc<V>) -> Arc<V> {
        if let Some(kept) = self.kept.get(text) {
            return Arc::clone(kept);
        }
        let made = make(text);
        if self.kept.len() >= self.cap {
            self.kept.clear();
        }
        self.kept.insert(text.into(), Arc::clone(&made));
        made
    }
}

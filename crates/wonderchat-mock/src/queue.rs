//! A first-in first-out queue kept in chunks of 4,096: pushing never
//! copies what is already queued (a `VecDeque` that grows copies all of it,
//! under whatever lock guards it: at millions of ids, a stall every request
//! waits for).

use std::collections::VecDeque;

/// Entries per chunk.
const CHUNK: usize = 4096;

/// The queue.
#[derive(Debug)]
pub(crate) struct ChunkedQueue<T> {
    chunks: VecDeque<VecDeque<T>>,
    len: usize,
}

impl<T> Default for ChunkedQueue<T> {
    fn default() -> Self {
        Self {
            chunks: VecDeque::new(),
            len: 0,
        }
    }
}

impl<T> ChunkedQueue<T> {
    /// Adds at the back.
    pub(crate) fn push_back(&mut self, item: T) {
        if self.chunks.back().is_none_or(|c| c.len() == CHUNK) {
            self.chunks.push_back(VecDeque::with_capacity(CHUNK));
        }
        if let Some(back) = self.chunks.back_mut() {
            back.push_back(item);
            self.len += 1;
        }
    }

    /// Takes from the front.
    pub(crate) fn pop_front(&mut self) -> Option<T> {
        let front = self.chunks.front_mut()?;
        let item = front.pop_front();
        if front.is_empty() {
            self.chunks.pop_front();
        }
        if item.is_some() {
            self.len -= 1;
        }
        item
    }

    /// How many are queued.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Empties it.
    pub(crate) fn clear(&mut self) {
        self.chunks.clear();
        self.len = 0;
    }

    /// Front to back.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_in_first_out_across_chunks() {
        let mut queue = ChunkedQueue::default();
        for i in 0..10_000 {
            queue.push_back(i);
        }
        assert_eq!(queue.len(), 10_000);
        for i in 0..5_000 {
            assert_eq!(queue.pop_front(), Some(i));
        }
        queue.push_back(10_000);
        assert_eq!(queue.iter().copied().next(), Some(5_000));
        assert_eq!(queue.iter().count(), 5_001);
        assert!(queue.chunks.len() <= 3);
        queue.clear();
        assert_eq!((queue.len(), queue.pop_front()), (0, None));
    }
}

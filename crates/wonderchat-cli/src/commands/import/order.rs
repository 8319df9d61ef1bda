//! Keeps the updates of one message in file order while different messages
//! are sent concurrently: a ticket lock per stripe of message ids.
//!
//! Tickets are taken in file order (by the single task that pulls rows); a
//! row's request starts only when its stripe is serving its ticket. So the
//! last row of a message in the file is also the last one the server
//! receives, whatever the concurrency.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::watch;

/// Stripes of message ids; more stripes, fewer unrelated waits.
const STRIPES: usize = 4096;

/// Hands out tickets and turns.
pub(super) struct Sequencer {
    serving: Vec<watch::Sender<u64>>,
    issued: Vec<AtomicU64>,
}

/// A place in line for one message's stripe.
pub(super) struct Ticket {
    stripe: usize,
    number: u64,
}

/// Holds the turn; the next ticket of the stripe is served when it drops.
pub(super) struct Turn<'a> {
    serving: &'a watch::Sender<u64>,
}

impl Default for Sequencer {
    fn default() -> Self {
        Self {
            serving: (0..STRIPES).map(|_| watch::Sender::new(0)).collect(),
            issued: (0..STRIPES).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

impl Sequencer {
    /// The stripe of `message_id`.
    fn stripe(&self, message_id: &str) -> usize {
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(message_id);
        (hash % STRIPES as u64) as usize
    }

    /// The next ticket for `message_id`'s stripe; call in file order.
    pub(super) fn ticket(&self, message_id: &str) -> Ticket {
        let stripe = self.stripe(message_id);
        let number = self.issued[stripe].fetch_add(1, Ordering::Relaxed);
        Ticket { stripe, number }
    }

    /// Waits until `ticket` is served.
    pub(super) async fn turn(&self, ticket: Ticket) -> Turn<'_> {
        let serving = &self.serving[ticket.stripe];
        let mut watch = serving.subscribe();
        // The sender lives in `self`, so the wait cannot fail.
        let _ = watch.wait_for(|&now| now == ticket.number).await;
        Turn { serving }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.serving.send_modify(|now| *now += 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;

    #[tokio::test]
    async fn turns_of_one_message_follow_ticket_order() {
        let sequencer = Sequencer::default();
        let tickets: Vec<Ticket> = (0..5).map(|_| sequencer.ticket("m")).collect();
        let order = Mutex::new(Vec::new());
        let sequencer = &sequencer;
        let order_ref = &order;
        // Start them in reverse, with the earliest sleeping longest.
        let futures = tickets
            .into_iter()
            .enumerate()
            .rev()
            .map(|(i, ticket)| async move {
                let _turn = sequencer.turn(ticket).await;
                tokio::time::sleep(Duration::from_millis(5 * (5 - i as u64))).await;
                order_ref.lock().unwrap().push(i);
            });
        futures_util::future::join_all(futures).await;
        assert_eq!(*order.lock().unwrap(), [0, 1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn different_messages_do_not_wait_for_each_other() {
        let sequencer = Sequencer::default();
        // Ids known to fall in different stripes (the hash is fixed).
        let a = sequencer.ticket("a");
        let other = (0..)
            .map(|i| format!("m{i}"))
            .find(|id| sequencer.stripe(id) != a.stripe)
            .unwrap_or_default();
        let b = sequencer.ticket(&other);
        assert_ne!(a.stripe, b.stripe);
        let _hold_a = sequencer.turn(a).await;
        // b's turn comes at once although a's is still held.
        tokio::time::timeout(Duration::from_secs(1), sequencer.turn(b))
            .await
            .unwrap();
    }
}

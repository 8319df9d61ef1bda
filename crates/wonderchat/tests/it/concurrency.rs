//! Many concurrent updates through one client against the mock: no lost
//! update, exactly one first submission per message.

use std::collections::HashMap;

use wonderchat::Feedback;
use wonderchat_mock::MockServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_updates_over_fifty_messages() {
    let mock = MockServer::start().await;
    let client = crate::common::client(&mock);
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let id = format!("msg_{}", i % 50);
                let feedback = if i % 3 == 0 {
                    Feedback::NotHelpful
                } else {
                    Feedback::Helpful
                };
                let update = client.update_message_feedback(&id, feedback).await.unwrap();
                (id, update)
            })
        })
        .collect();
    let mut firsts: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, String> = HashMap::new();
    for task in tasks {
        let (message, update) = task.await.unwrap();
        if !update.was_updated {
            *firsts.entry(message.clone()).or_default() += 1;
        }
        let id = ids
            .entry(message)
            .or_insert_with(|| update.feedback_id.clone());
        assert_eq!(*id, update.feedback_id, "one feedback id per message");
    }
    assert_eq!(firsts.len(), 50);
    assert!(firsts.values().all(|&n| n == 1), "{firsts:?}");
    assert_eq!(mock.request_count(), 1000);
    let stored = mock.all_feedback();
    assert_eq!(stored.len(), 50);
    for (message, feedback) in stored {
        assert_eq!(feedback.submissions, 20, "{message}");
        assert_eq!(ids[&message], feedback.id);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_queued_for_a_turn_before_the_rate_was_set_are_paced_by_it() {
    // Calls waiting for one of the client's turns had passed the rate's
    // gate while no rate was set (there was nothing to wait for), and went
    // out unpaced as turns came free after the first 429s set one: nearly
    // every one of them refused, where a few dozen should be.
    let mock = MockServer::builder().rate_limit(200).start().await.unwrap();
    let client = crate::common::builder(&mock)
        .max_in_flight(4)
        .retry(
            wonderchat::RetryPolicy::default()
                .with_max_attempts(10)
                .with_adaptive(true),
        )
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..300)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .update_message_feedback(format!("msg_{}", i % 50), Feedback::Helpful)
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let refused = mock
        .requests_received()
        .iter()
        .filter(|r| r.status == Some(429))
        .count();
    assert!(refused <= 75, "{refused} of 300 calls refused at first");
}

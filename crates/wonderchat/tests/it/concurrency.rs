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

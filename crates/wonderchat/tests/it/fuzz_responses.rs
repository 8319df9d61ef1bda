//! Property test: whatever status, headers and body a server answers with,
//! the client returns an update or an `Error` (never panics), and an error
//! that comes from an answer carries that answer's status.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use wonderchat::{Client, Feedback, RetryPolicy};
use wonderchat_mock::{Fault, MockServer};

fn body() -> impl Strategy<Value = String> {
    let message = ".{0,40}";
    prop_oneof![
        ".{0,200}",
        message.prop_map(|m| serde_json::json!({"status": "error", "message": m}).to_string()),
        (any::<bool>(), "[A-Z_]{0,12}", ".{0,20}", any::<i64>()).prop_map(|(updated, feedback, id, n)| {
            serde_json::json!({
                "status": "success",
                "feedback": feedback,
                "wasUpdated": updated,
                "messageFeedback": {"id": id, "feedbackType": feedback, "submittedAt": n.to_string()}
            })
            .to_string()
        }),
        Just(r#"{"status":"success","feedback":"HELPFUL","wasUpdated":true,"messageFeedback":{"id":"x","feedbackType":"HELPFUL","submittedAt":"2023-12-01T06:35:45.123Z"}}"#.to_owned()),
        "[\\[\\]{}\":,0-9a-z ]{0,60}",
    ]
}

#[test]
fn any_answer_is_an_update_or_an_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = runtime.block_on(MockServer::start());
    let client = Client::builder()
        .api_key(mock.api_key())
        .base_url(mock.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let strategy = (
        200u16..600,
        body(),
        proptest::option::of("[ -~]{0,30}"),
        proptest::option::of("[ -~]{0,30}"),
        proptest::option::of(prop_oneof![
            Just("application/json".to_owned()),
            Just("text/html".to_owned()),
            "[ -~]{0,20}"
        ]),
    );
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &strategy,
            |(status, body, retry_after, location, content_type)| {
                let mut headers = Vec::new();
                for (name, value) in [("retry-after", retry_after), ("location", location)] {
                    if let Some(value) = value {
                        headers.push((name.to_owned(), value));
                    }
                }
                if let Some(ct) = content_type {
                    headers.push(("content-type".to_owned(), ct));
                }
                mock.push_faults([Fault::Respond {
                    status,
                    headers,
                    body,
                }]);
                let result = runtime.block_on(
                    client
                        .update_message_feedback("m", Feedback::Helpful)
                        .send(),
                );
                match result {
                    Ok(update) => prop_assert_eq!(status, 200, "{:?}", update),
                    Err(err) => {
                        prop_assert!(!err.to_string().is_empty());
                        if let Some(reported) = err.status() {
                            prop_assert_eq!(reported, status, "{}", err);
                        }
                    }
                }
                Ok(())
            },
        )
        .unwrap();
}

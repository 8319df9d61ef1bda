//! The wrapper against the mock server over real HTTP on loopback: success,
//! state, and every row of the error table.

use std::time::Duration;

use crate::common::{builder, client, error_json, respond};
use wonderchat::{Error, Feedback, RecordedFeedback, RetryPolicy};
use wonderchat_mock::{Fault, MockServer};

#[tokio::test]
async fn first_update_then_second_update_of_a_message() {
    let mock = MockServer::start().await;
    let client = client(&mock);

    let first = client
        .update_message_feedback("msg_123", Feedback::Helpful)
        .comment("This answer was very helpful!")
        .send()
        .await
        .unwrap();
    assert!(!first.was_updated);
    assert_eq!(first.feedback, Feedback::Helpful);
    assert_eq!(
        first.feedback_type,
        RecordedFeedback::Known(Feedback::Helpful)
    );
    assert_eq!(first.attempts, 1);

    let second = client
        .update_message_feedback("msg_123", Feedback::NotHelpful)
        .await
        .unwrap();
    assert!(second.was_updated);
    assert_eq!(second.feedback_id, first.feedback_id);
    assert!(second.submitted_at >= first.submitted_at);

    let stored = mock.feedback("msg_123").unwrap();
    assert_eq!(stored.id, first.feedback_id);
    assert_eq!(stored.feedback.to_string(), "NOT_HELPFUL");
    assert_eq!(stored.user_comment, None);
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized() {
    let mock = MockServer::start().await;
    let client = builder(&mock).api_key("not-the-key").build().unwrap();
    let err = client
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Unauthorized { status: 401, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("apiKey: invalid API key"), "{err}");
    assert_eq!(mock.request_count(), 1, "401 is never retried");
}

#[tokio::test]
async fn an_unknown_message_in_strict_mode_is_not_found() {
    let mock = MockServer::builder()
        .strict_messages(true)
        .messages(["known"])
        .start()
        .await
        .unwrap();
    let client = client(&mock);
    let err = client
        .update_message_feedback("unknown", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("\"unknown\""), "{err}");
    assert!(
        client
            .update_message_feedback("known", Feedback::Helpful)
            .await
            .is_ok()
    );
    assert_eq!(mock.request_count(), 2, "404 is never retried");
}

#[tokio::test]
async fn a_blank_message_id_is_refused_before_any_request() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    for id in ["", "   "] {
        let err = client
            .update_message_feedback(id, Feedback::Helpful)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    field: "messageId",
                    ..
                }
            ),
            "{err:?}"
        );
    }
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test]
async fn a_blank_api_key_is_refused_when_building() {
    let err = wonderchat::Client::builder()
        .api_key("  ")
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "apiKey",
                ..
            }
        ),
        "{err:?}"
    );
    // Without a key the client builds (chat needs none); the operations
    // that need one refuse before sending anything.
    let keyless = wonderchat::Client::builder().build().unwrap();
    let err = keyless
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("WONDERCHAT_API_KEY"), "{err}");
}

/// Sends one request after scripting the mock's answer; no retries.
async fn answer_to(fault: Fault) -> Error {
    let mock = MockServer::start().await;
    mock.push_faults([fault]);
    let client = builder(&mock)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert_eq!(mock.request_count(), 1);
    err
}

#[tokio::test]
async fn every_documented_error_status_maps_to_its_variant() {
    let err = answer_to(error_json(
        400,
        "feedback: must be one of HELPFUL, NOT_HELPFUL",
    ))
    .await;
    assert!(
        matches!(&err, Error::BadRequest { message, .. } if message.starts_with("feedback:")),
        "{err:?}"
    );

    let err = answer_to(error_json(403, "key revoked")).await;
    assert!(
        matches!(&err, Error::Unauthorized { status: 403, message, .. } if message == "key revoked"),
        "{err:?}"
    );

    let err = answer_to(error_json(404, "no such message")).await;
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");

    let err = answer_to(error_json(500, "boom")).await;
    assert!(
        matches!(&err, Error::Server { status: 500, message, attempts: 1, .. } if message == "boom"),
        "{err:?}"
    );

    let err = answer_to(Fault::RateLimited {
        retry_after_secs: Some(7),
    })
    .await;
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(7)),
        "{err:?}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn an_undocumented_status_is_unexpected() {
    let err = answer_to(respond(418, "text/plain", "I'm a teapot")).await;
    assert!(
        matches!(&err, Error::UnexpectedStatus { status: 418, body, .. } if body == "I'm a teapot"),
        "{err:?}"
    );
    let err = answer_to(respond(201, "application/json", "{}")).await;
    assert!(
        matches!(err, Error::UnexpectedStatus { status: 201, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn html_error_pages_keep_their_status() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    // 5xx: the status says it all; the page is the message, and it is retryable.
    let err = answer_to(respond(502, "text/html", html)).await;
    assert!(
        matches!(&err, Error::Server { status: 502, message, .. } if message.contains("Bad Gateway")),
        "{err:?}"
    );
    assert!(err.is_retryable());
    let err = answer_to(respond(500, "text/html", html)).await;
    assert!(matches!(err, Error::Server { status: 500, .. }), "{err:?}");
    // 4xx with a page is most likely a wrong base URL: a decode error that keeps the status.
    let err = answer_to(respond(404, "text/html", "<html>Not Found</html>")).await;
    assert!(
        matches!(&err, Error::Decode { status: 404, snippet, .. } if snippet == "<html>Not Found</html>"),
        "{err:?}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn json_error_bodies_of_other_shapes_still_give_the_message() {
    let err = answer_to(respond(
        400,
        "application/json",
        r#"{"error":{"message":"bad feedback"}}"#,
    ))
    .await;
    assert!(
        matches!(&err, Error::BadRequest { message, .. } if message == "bad feedback"),
        "{err:?}"
    );
    let err = answer_to(respond(401, "application/json", r#"{"detail":"expired"}"#)).await;
    assert!(
        matches!(&err, Error::Unauthorized { message, .. } if message == "expired"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_200_that_reports_an_error_is_an_api_error() {
    let err = answer_to(respond(
        200,
        "application/json",
        r#"{"status":"error","message":"message locked"}"#,
    ))
    .await;
    assert!(
        matches!(&err, Error::Api { message, .. } if message == "message locked"),
        "{err:?}"
    );
}

#[tokio::test]
async fn truncated_or_foreign_200_bodies_are_decode_errors() {
    let err = answer_to(respond(
        200,
        "application/json",
        r#"{"status":"success","feedb"#,
    ))
    .await;
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    let err = answer_to(respond(200, "text/html", "<html>login</html>")).await;
    assert!(
        matches!(&err, Error::Decode { status: 200, snippet, .. } if snippet == "<html>login</html>"),
        "{err:?}"
    );
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn new_feedback_values_and_fields_in_answers_still_decode() {
    let body = serde_json::json!({
        "status": "success",
        "feedback": "NEUTRAL",
        "wasUpdated": true,
        "sentiment": 0.5,
        "messageFeedback": {
            "id": "c1",
            "feedbackType": "NEUTRAL",
            "submittedAt": "2023-12-01T06:35:45.123Z",
            "channel": "web"
        }
    });
    let mock = MockServer::start().await;
    mock.push_faults([respond(200, "application/json", &body.to_string())]);
    let update = client(&mock)
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap();
    assert_eq!(update.feedback, RecordedFeedback::Other("NEUTRAL".into()));
    assert_eq!(update.feedback_type.known(), None);
    assert!(update.was_updated);
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_the_target_receives_nothing() {
    let target = MockServer::start().await;
    let location = format!("{}/api/v1/update-message-feedback", target.base_url());
    let origin = MockServer::start().await;
    origin.push_faults([Fault::Respond {
        status: 307,
        headers: vec![("location".into(), location.clone())],
        body: String::new(),
    }]);
    let err = client(&origin)
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Redirect { status: 307, location: l, .. } if *l == location),
        "{err:?}"
    );
    assert_eq!(target.request_count(), 0);
    assert_eq!(origin.request_count(), 1);
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error_after_the_retries() {
    let mock = MockServer::start().await;
    let (url, key) = (mock.base_url(), mock.api_key().to_owned());
    mock.shutdown().await;
    let client = wonderchat::Client::builder()
        .api_key(key)
        .base_url(url)
        .retry(RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let err = client
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { attempts: 3, .. }), "{err:?}");
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::DropConnection]);
    let update = client(&mock)
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap();
    assert_eq!(update.attempts, 2);
    assert_eq!(mock.fault_counts().dropped, 1);
}

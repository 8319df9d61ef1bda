//! Retries against the mock's fault injection: what is retried, how often,
//! and how `Retry-After` is honoured. On tokio's paused clock: waits and
//! timeouts are exact and take no real time.

use std::time::Duration;

use crate::common::{builder, client, error_json, respond_with_headers};
use wonderchat::{Error, Feedback, RetryPolicy};
use wonderchat_mock::{Fault, MockServer};

#[tokio::test(start_paused = true)]
async fn unavailable_then_success_takes_two_attempts() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::Unavailable]);
    let update = client(&mock)
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap();
    assert_eq!(update.attempts, 2);
    assert_eq!(mock.request_count(), 2);
    assert!(!update.was_updated, "the failed attempt stored nothing");
}

#[tokio::test(start_paused = true)]
async fn every_retryable_status_is_retried() {
    for status in [429, 500, 502, 503, 504] {
        let mock = MockServer::start().await;
        mock.push_faults([error_json(status, "try again")]);
        let update = client(&mock)
            .update_message_feedback("m", Feedback::Helpful)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(update.attempts, 2, "{status}");
    }
}

#[tokio::test(start_paused = true)]
async fn max_attempts_is_respected_and_reported() {
    let mock = MockServer::start().await;
    mock.fail_next(10, Fault::Unavailable);
    let client = builder(&mock)
        .retry(
            RetryPolicy::default()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let err = client
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Server {
                status: 503,
                attempts: 4,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("after 4 attempts"), "{err}");
    assert_eq!(mock.request_count(), 4);
}

#[tokio::test(start_paused = true)]
async fn non_retryable_statuses_are_sent_once() {
    for status in [400, 401, 403, 404] {
        let mock = MockServer::start().await;
        mock.push_faults([error_json(status, "no")]);
        let err = client(&mock)
            .update_message_feedback("m", Feedback::Helpful)
            .await
            .unwrap_err();
        assert!(!err.is_retryable(), "{status}");
        assert_eq!(mock.request_count(), 1, "{status}");
    }
}

#[tokio::test(start_paused = true)]
async fn retries_can_be_turned_off() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::Unavailable]);
    let client = builder(&mock)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Server { attempts: 1, .. }), "{err:?}");
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_waited_for_on_429_and_503() {
    let unavailable = respond_with_headers(
        503,
        &[("retry-after", "1")],
        r#"{"status":"error","message":"maintenance"}"#,
    );
    let limited = Fault::RateLimited {
        retry_after_secs: Some(1),
    };
    for fault in [limited, unavailable] {
        let mock = MockServer::start().await;
        mock.push_faults([fault]);
        let update = client(&mock)
            .update_message_feedback("m", Feedback::Helpful)
            .await
            .unwrap();
        assert_eq!(update.attempts, 2);
        let requests = mock.requests_received();
        let gap = requests[1].received_at - requests[0].received_at;
        // Tokio's paused clock (the mock stamps requests with it): the second
        // request came exactly when the server said, not a moment earlier.
        assert_eq!(gap, Duration::from_secs(1));
    }
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_cap_returns_at_once() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::RateLimited {
        retry_after_secs: Some(3600),
    }]);
    let err = client(&mock)
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), attempts: 1, .. } if d == Duration::from_secs(3600)),
        "{err:?}"
    );
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_beyond_the_deadline_returns_at_once() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::RateLimited {
        retry_after_secs: Some(5),
    }]);
    let client = builder(&mock)
        .operation_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let err = client
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test(start_paused = true)]
async fn per_attempt_timeouts_are_retried() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::Delay(Duration::from_secs(60))]);
    let client = builder(&mock)
        .attempt_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let update = client
        .update_message_feedback("m", Feedback::Helpful)
        .await
        .unwrap();
    assert_eq!(update.attempts, 2);
}

/// The operation's deadline bounds a hung server: with a longer attempt
/// timeout the one attempt is cut at the deadline; with a shorter one the
/// second attempt only has what is left of it. Either way the error says
/// the deadline, and every request reached the mock.
#[tokio::test(start_paused = true)]
async fn the_deadline_bounds_every_attempt() {
    for (attempt, attempts) in [
        (Duration::from_secs(30), 1),
        (Duration::from_millis(200), 2),
    ] {
        let mock = MockServer::start().await;
        mock.fail_next(3, Fault::Delay(Duration::from_secs(60)));
        let client = builder(&mock)
            .attempt_timeout(attempt)
            .operation_timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let err = client
            .update_message_feedback("m", Feedback::Helpful)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Timeout { after, attempts: n, .. } if after == Duration::from_millis(300) && n == attempts),
            "{attempt:?}: {err:?}"
        );
        assert_eq!(mock.fault_counts().delayed, attempts as u64);
    }
}

#[tokio::test(start_paused = true)]
async fn a_calls_own_cap_is_held_while_it_is_sent_not_while_it_waits_to_retry() {
    let mock = MockServer::start().await;
    mock.push_faults([Fault::RateLimited {
        retry_after_secs: Some(1),
    }]);
    let client = client(&mock);
    let turn = std::sync::Arc::new(tokio::sync::Semaphore::new(1));
    let first = tokio::spawn({
        let (client, turn) = (client.clone(), std::sync::Arc::clone(&turn));
        async move {
            client
                .update_message_feedback("a", Feedback::Helpful)
                .in_flight(turn)
                .await
        }
    });
    // The first call is refused and waits out its `Retry-After`...
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(mock.request_count(), 1);
    assert_eq!(turn.available_permits(), 1, "no turn held while waiting");
    // ...while another call with the same one turn goes through.
    let second = client
        .update_message_feedback("b", Feedback::Helpful)
        .in_flight(std::sync::Arc::clone(&turn))
        .await
        .unwrap();
    assert_eq!(second.attempts, 1);
    assert_eq!(first.await.unwrap().unwrap().attempts, 2);
    assert_eq!(mock.request_count(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_call_that_never_gets_a_turn_times_out() {
    let mock = MockServer::start().await;
    let none = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
    let err = client(&mock)
        .update_message_feedback("a", Feedback::Helpful)
        .in_flight(none)
        .operation_timeout(Duration::from_secs(2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_call_waiting_for_its_own_turn_holds_none_of_the_clients() {
    // The client's turn was taken first: a call waiting for its own cap
    // held it, and every other call of the client waited behind it (an
    // eval's tags behind its questions: the run stalled for minutes).
    let mock = MockServer::start().await;
    let client = builder(&mock).max_in_flight(1).build().unwrap();
    let never = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
    let waiting = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .update_message_feedback("a", Feedback::Helpful)
                .in_flight(never)
                .operation_timeout(Duration::from_secs(30))
                .await
        }
    });
    tokio::time::sleep(Duration::from_millis(10)).await;
    let other = tokio::time::timeout(
        Duration::from_secs(1),
        client.update_message_feedback("b", Feedback::Helpful),
    )
    .await
    .expect("the other call waited for the client's only turn")
    .unwrap();
    assert_eq!(other.attempts, 1);
    waiting.abort();
}

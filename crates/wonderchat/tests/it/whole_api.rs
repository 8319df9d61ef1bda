//! Every operation of the spec through the SDK, against the bundled mock:
//! the real workflow (ask → feedback on the answer's id → messages → tags →
//! export), streaming, the retry class of each operation, and a guard that
//! fails when an operation of the spec has no method here.

use std::collections::BTreeSet;

use crate::common::*;
use futures_util::StreamExt;
use wonderchat::{ChatEvent, Client, Error, Feedback};
use wonderchat_mock::{DEMO_CHATBOT_ID, Fault, MockServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workflow_ask_feedback_messages_tags_export() {
    let mock = MockServer::start().await;
    let client = client(&mock);

    let mut conversation = client.conversation(DEMO_CHATBOT_ID);
    let first = conversation
        .ask("How do I reset my password?")
        .await
        .unwrap()
        .clone();
    assert!(first.text.contains("reset"), "{}", first.text);
    assert_eq!(
        first.sources[0].url,
        "https://example.com/support/reset-password"
    );
    assert!(first.sources.len() <= 5);
    let second = conversation.ask("And the pricing?").await.unwrap().clone();
    assert_eq!(second.chatlog_id, first.chatlog_id);

    let update = conversation
        .feedback(Feedback::Helpful)
        .unwrap()
        .comment("clear")
        .await
        .unwrap();
    assert!(!update.was_updated);
    assert_eq!(
        mock.feedback(&second.message_id)
            .unwrap()
            .user_comment
            .as_deref(),
        Some("clear")
    );

    let messages = client.messages(&first.chatlog_id).send().await.unwrap();
    let authors: Vec<String> = messages.iter().map(|m| m.author.to_string()).collect();
    assert_eq!(authors, ["user", "bot", "user", "bot"]);
    assert_eq!(messages[1].content, first.text);

    client
        .add_tags(&first.chatlog_id, ["Support", "Billing", "Support"])
        .send()
        .await
        .unwrap();
    client
        .delete_tags(&first.chatlog_id, ["Billing"])
        .send()
        .await
        .unwrap();
    let state = mock.state();
    let chatlog = state["chatlogs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == first.chatlog_id.as_str())
        .unwrap();
    assert_eq!(chatlog["tags"], serde_json::json!(["Support"]));

    let exported = client
        .export_chatlogs()
        .chatbot(DEMO_CHATBOT_ID)
        .since(chrono::Utc::now() - chrono::Duration::minutes(5))
        .collect()
        .await
        .unwrap();
    let ours = exported
        .iter()
        .find(|c| {
            c.messages
                .iter()
                .any(|m| m.bot_message.as_deref() == Some(second.text.as_str()))
        })
        .unwrap();
    assert_eq!(ours.user_feedback.as_deref(), Some("GOOD"));
    assert_eq!(ours.messages.len(), 2);
    assert_eq!(
        ours.messages[0].user_message.as_deref(),
        Some("How do I reset my password?")
    );
    let none = client
        .export_chatlogs()
        .until(chrono::Utc::now() - chrono::Duration::days(1))
        .collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_answer_equals_the_json_answer() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    let json = client
        .chat(DEMO_CHATBOT_ID, "What does it cost?")
        .send()
        .await
        .unwrap();
    let mut stream = client
        .chat(DEMO_CHATBOT_ID, "What does it cost?")
        .stream()
        .await
        .unwrap();
    let mut names = Vec::new();
    let mut text = String::new();
    while let Some(event) = stream.next().await {
        match event.unwrap() {
            ChatEvent::Start { .. } => names.push("start"),
            ChatEvent::Delta(piece) => {
                names.push("delta");
                text.push_str(&piece);
            }
            ChatEvent::Sources(_) => names.push("sources"),
            ChatEvent::Done(answer) => {
                names.push("done");
                assert_eq!(answer.text, json.text);
                assert_eq!(answer.sources, json.sources);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(text, json.text);
    assert_eq!(names.first(), Some(&"start"));
    assert_eq!(names.last(), Some(&"done"));
    let collected = client
        .chat(DEMO_CHATBOT_ID, "What does it cost?")
        .stream()
        .await
        .unwrap()
        .collect_answer()
        .await
        .unwrap();
    assert_eq!(collected.text, json.text);
    // The streamed answer's id is a message id feedback accepts.
    client
        .update_message_feedback(collected.message_id, Feedback::NotHelpful)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_stream_with_unknown_events_comments_multi_line_data_and_a_cut() {
    let mock = MockServer::start().await;
    let body = "event: start\ndata: {\"id\":\"m1\",\"chatlogId\":\"c1\"}\n\n\
                : a comment line\n\n\
                event: thinking\ndata: line one\ndata: line two\n\n\
                event: delta\ndata: {\"text\":\"Hello \"}\n\n\
                data: no name\n\n\
                event: delta\ndata: {\"text\":\"world\"}\n\n\
                event: delta\ndata: {\"text\":\"cut he";
    mock.push_faults([respond(200, "text/event-stream", body)]);
    let mut stream = client(&mock)
        .chat(DEMO_CHATBOT_ID, "hi")
        .stream()
        .await
        .unwrap();
    let mut events = Vec::new();
    while let Some(event) = stream.next().await {
        events.push(event.unwrap());
    }
    assert_eq!(
        events,
        [
            ChatEvent::Start {
                message_id: "m1".into(),
                chatlog_id: "c1".into()
            },
            ChatEvent::Other {
                event: "thinking".into(),
                data: "line one\nline two".into()
            },
            ChatEvent::Delta("Hello ".into()),
            ChatEvent::Other {
                event: "message".into(),
                data: "no name".into()
            },
            ChatEvent::Delta("world".into()),
        ]
    );
    mock.push_faults([respond(200, "text/event-stream", body)]);
    let answer = client(&mock)
        .chat(DEMO_CHATBOT_ID, "hi")
        .stream()
        .await
        .unwrap()
        .collect_answer()
        .await
        .unwrap();
    assert_eq!(
        (answer.message_id.as_str(), answer.text.as_str()),
        ("m1", "Hello world")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_is_not_retried_after_a_500_but_feedback_is() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    mock.fail_next(1, Fault::InternalError);
    let err = client.chat(DEMO_CHATBOT_ID, "hi").send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Server {
                status: 500,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    // A 429 proves nothing was processed: retried.
    mock.push_faults([Fault::RateLimited {
        retry_after_secs: Some(0),
    }]);
    let answer = client.chat(DEMO_CHATBOT_ID, "hi").send().await.unwrap();
    assert_eq!(answer.attempts, 2);
    mock.fail_next(1, Fault::InternalError);
    let update = client
        .update_message_feedback(answer.message_id, Feedback::Helpful)
        .await
        .unwrap();
    assert_eq!(update.attempts, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_needs_no_key_and_the_others_refuse_to_send_without_one() {
    let mock = MockServer::start().await;
    let keyless = Client::builder().base_url(mock.base_url()).build().unwrap();
    let answer = keyless.chat(DEMO_CHATBOT_ID, "hi").send().await.unwrap();
    let before = mock.request_count();
    let err = keyless
        .update_message_feedback(answer.message_id, Feedback::Helpful)
        .await
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
    assert!(keyless.messages("c").send().await.is_err());
    assert_eq!(mock.request_count(), before, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_change_the_knowledge_base_and_the_cookie_never_shows() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    const COOKIE: &str = "session=cookie-canary-9e1";
    let add = client
        .add_pages(DEMO_CHATBOT_ID, ["https://example.com/new-page"])
        .session_cookie(COOKIE);
    assert!(!format!("{add:?}").contains("cookie-canary"));
    add.send().await.unwrap();
    client
        .delete_pages(DEMO_CHATBOT_ID, ["https://example.com/pricing"])
        .send()
        .await
        .unwrap();
    let pages = mock.state()["chatbots"][0]["pages"].clone();
    let pages: BTreeSet<String> = serde_json::from_value(pages).unwrap();
    assert!(pages.contains("https://example.com/new-page"));
    assert!(!pages.contains("https://example.com/pricing"));

    // Bad input is refused before sending; an unknown chatbot is a 404.
    let err = client
        .add_pages(DEMO_CHATBOT_ID, ["not a url"])
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { field: "urls", .. }),
        "{err:?}"
    );
    let err = client
        .add_pages(DEMO_CHATBOT_ID, Vec::<String>::new())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput { field: "urls", .. }),
        "{err:?}"
    );
    let err = client
        .add_pages("ghost", ["https://example.com"])
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");

    // A server that echoes the cookie: scrubbed.
    mock.push_faults([error_json(400, &format!("cookie {COOKIE} refused"))]);
    let err = client
        .add_pages(DEMO_CHATBOT_ID, ["https://example.com/x"])
        .session_cookie(COOKIE)
        .send()
        .await
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains("cookie-canary"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undocumented_answers_of_any_shape_are_accepted() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    for body in ["", "OK", "[]", "{\"anything\":[1,2]}", "<html>done</html>"] {
        mock.push_faults([respond(200, "text/plain", body)]);
        client
            .add_tags(wonderchat_mock::DEMO_CHATLOG_ID, ["Support"])
            .send()
            .await
            .unwrap_or_else(|e| panic!("{body:?}: {e}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_tolerate_unknown_fields_values_and_nulls() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    mock.push_faults([respond(
        200,
        "application/json",
        r#"{"messages":[{"content":"hi","type":"agent","createdAt":"2023-12-01T06:34:38.903Z","extra":1}],"more":true}"#,
    )]);
    let messages = client.messages("c").send().await.unwrap();
    assert_eq!(
        messages[0].author,
        wonderchat::Author::Other("agent".into())
    );
    mock.push_faults([respond(
        200,
        "application/json",
        r#"{"chatlogs":[{"createdAt":"2023-12-01T06:34:38.903Z","chatbotId":"b","userEmail":null,"userFeedback":"MEH","aiResolutionState":"ESCALATED","averageConfidence":null,"messages":[{"userMessage":"q","botMessage":null,"createdAt":"2023-12-01T06:34:38.903Z"}],"new":{}}]}"#,
    )]);
    let chatlogs = client.export_chatlogs().collect().await.unwrap();
    assert_eq!(chatlogs[0].user_feedback.as_deref(), Some("MEH"));
    assert_eq!(
        chatlogs[0].ai_resolution_state.as_deref(),
        Some("ESCALATED")
    );
    assert_eq!(chatlogs[0].user_email, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_is_read_as_a_stream() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    for i in 0..50 {
        client
            .chat(DEMO_CHATBOT_ID, format!("question {i}"))
            .send()
            .await
            .unwrap();
    }
    let mut stream = client.export_chatlogs().stream().await.unwrap();
    let mut count = 0;
    while let Some(chatlog) = stream.next().await {
        chatlog.unwrap();
        count += 1;
    }
    assert_eq!(count, 51, "50 new chatlogs and the demo one");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_chatlogs_export_and_the_state_stays_bounded() {
    let mock = MockServer::builder()
        .seed(9)
        .seed_chatlogs(1_000)
        .max_chatlogs(600)
        .start()
        .await
        .unwrap();
    let client = client(&mock);
    let all = client.export_chatlogs().collect().await.unwrap();
    assert_eq!(all.len(), 600);
    assert!(all.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    assert_eq!(mock.state()["evictedChatlogs"], 401);
    let week = client
        .export_chatlogs()
        .since(chrono::Utc::now() - chrono::Duration::days(7))
        .collect()
        .await
        .unwrap();
    assert!(!week.is_empty() && week.len() < all.len());
}

/// A receiver on loopback that keeps what it is sent; answers 500 first
/// when asked to.
async fn receiver(
    fail_first: bool,
) -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<(String, String, Vec<u8>)>>>,
) {
    use axum::http::HeaderMap;
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&received);
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let seen = std::sync::Arc::clone(&seen);
            let calls = std::sync::Arc::clone(&calls);
            async move {
                let n = calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let header = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned()
                };
                seen.lock().unwrap().push((
                    header("x-wonderchat-signature"),
                    header("x-wonderchat-timestamp"),
                    body.to_vec(),
                ));
                if fail_first && n == 0 {
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    axum::http::StatusCode::OK
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_for_a_human_sends_a_signed_webhook_that_the_sdk_verifies() {
    let (url, received) = receiver(true).await;
    let mock = MockServer::builder()
        .webhook(&url, "whsec_mock")
        .start()
        .await
        .unwrap();
    let answer = client(&mock)
        .chat(DEMO_CHATBOT_ID, "Can I talk to a human, please?")
        .send()
        .await
        .unwrap();
    let mut deliveries = Vec::new();
    for _ in 0..100 {
        deliveries = received.lock().unwrap().clone();
        if deliveries.len() >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(deliveries.len(), 2, "the failed delivery is retried");
    let (signature, timestamp, body) = &deliveries[1];
    let event = wonderchat::webhook::Verifier::new("whsec_mock")
        .tolerance(std::time::Duration::from_secs(60))
        .verify(body, signature, Some(timestamp))
        .unwrap();
    let wonderchat::webhook::WebhookEvent::LiveChatInitiated(event) = event else {
        panic!("{event:?}")
    };
    assert_eq!(event.chatlog_id, answer.chatlog_id);
    assert!(
        wonderchat::webhook::Verifier::new("wrong")
            .verify(body, signature, None)
            .is_err()
    );
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    assert!(
        wonderchat::webhook::Verifier::new("whsec_mock")
            .verify(&tampered, signature, None)
            .is_err()
    );
}

/// The ids a `NotFound` is about, or a panic naming what came instead.
fn not_found<T: std::fmt::Debug>(result: Result<T, Error>) -> Vec<(wonderchat::Resource, String)> {
    match result {
        Err(Error::NotFound { ids, .. }) => ids.into_iter().map(|i| (i.resource, i.id)).collect(),
        other => panic!("expected a 404, got {other:?}"),
    }
}

/// Issue 21: every 404 was `MessageNotFound` ("check the message id").
/// Issue 30: what a 404 is about comes from the ids the request sent,
/// never from the server's words (the mock's "chatlogId: …" prefix is a
/// convention of ours, not of Wonderchat's).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operations_404_names_the_ids_its_request_sent() {
    use wonderchat::Resource::{Chatbot, Chatlog, Message};
    let mock = MockServer::builder()
        .strict_messages(true)
        .start()
        .await
        .unwrap();
    let client = client(&mock);
    let id = |resource, id: &str| (resource, id.to_owned());
    let feedback = client.update_message_feedback("nope", Feedback::Helpful);
    assert_eq!(not_found(feedback.await), [id(Message, "nope")]);
    assert_eq!(
        not_found(client.chat("no-bot", "q").send().await),
        [id(Chatbot, "no-bot")]
    );
    let chat = client.chat(DEMO_CHATBOT_ID, "q").chatlog("no-log");
    assert_eq!(
        not_found(chat.send().await),
        [id(Chatbot, DEMO_CHATBOT_ID), id(Chatlog, "no-log")]
    );
    assert_eq!(
        not_found(client.messages("no-log").send().await),
        [id(Chatlog, "no-log")]
    );
    assert_eq!(
        not_found(client.add_tags("no-log", ["t"]).send().await),
        [id(Chatlog, "no-log")]
    );
    assert_eq!(
        not_found(client.delete_tags("no-log", ["t"]).send().await),
        [id(Chatlog, "no-log")]
    );
    let pages = ["https://example.com/a"];
    assert_eq!(
        not_found(client.add_pages("no-bot", pages).send().await),
        [id(Chatbot, "no-bot")]
    );
    assert_eq!(
        not_found(client.delete_pages("no-bot", pages).send().await),
        [id(Chatbot, "no-bot")]
    );
    // A 404 whose message names a field other than the one sent (as the
    // real server may word it): still what the request sent.
    let misleading =
        || crate::common::respond(404, "application/json", r#"{"message":"messageId: gone"}"#);
    mock.push_faults([misleading()]);
    assert_eq!(
        not_found(client.messages("c").send().await),
        [id(Chatlog, "c")]
    );
    mock.push_faults([misleading()]);
    assert_eq!(
        not_found(client.export_chatlogs().chatbot("b").send().await),
        [id(Chatbot, "b")]
    );
    mock.push_faults([misleading()]);
    let err = client.export_chatlogs().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { ids, .. } if ids.is_empty()),
        "{err:?}"
    );
    assert_eq!(err.remedy(), wonderchat::Remedy::CheckIds);
}

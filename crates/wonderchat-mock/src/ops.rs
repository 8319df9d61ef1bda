//! The operations beyond feedback: chat (JSON and streamed), pages, tags,
//! messages, the chatlog export, and the mock-only `/mock/` endpoints.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use wonderchat_api::types;

use crate::handler::{Handled, Reject, authorize, missing, operation};
use crate::server::Shared;
use crate::world::{Chatlog, Exchange, chatlog_rating};

fn json(value: &impl serde::Serialize) -> Response {
    (StatusCode::OK, axum::Json(value)).into_response()
}

/// The answer of the four operations whose answer Wonderchat does not document.
fn done() -> Handled {
    Ok((None, json(&serde_json::json!({"status": "success"}))))
}

/// `POST /api/v1/chat`: with or without a key (a wrong one is refused).
pub(crate) async fn chat(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(
        shared,
        request,
        |shared, request: types::ChatRequest| async move {
            if let Some(key) = &request.api_key {
                authorize(&shared, key)?;
            }
            let exchange = shared
                .world
                .chat(
                    &request.chatbot_id,
                    request.chatlog_id.as_deref(),
                    &request.question.to_string(),
                    request.context_url.as_deref(),
                )
                .map_err(|what| {
                    let id = match what {
                        crate::world::Missing::Chatbot => &request.chatbot_id,
                        crate::world::Missing::Chatlog => {
                            request.chatlog_id.as_ref().unwrap_or(&request.chatbot_id)
                        }
                    };
                    missing(what, id)
                })?;
            shared.store.add_message(&exchange.message_id);
            if let Some(webhook) = &shared.webhook
                && crate::webhooks::asks_for_a_human(&request.question)
            {
                webhook.spawn(crate::webhooks::live_chat_initiated(
                    &exchange.chatlog_id,
                    &request.chatbot_id,
                    &request.question,
                ));
            }
            let response = if request.stream {
                stream(exchange, shared.stream_delay)
            } else {
                json(&chat_response(&exchange))
            };
            Ok((None, response))
        },
    )
    .await
}

fn chat_response(exchange: &Exchange) -> types::ChatResponse {
    types::ChatResponse {
        id: exchange.message_id.clone(),
        response: exchange.answer.clone(),
        chatlog_id: exchange.chatlog_id.clone(),
        sources: exchange
            .sources
            .iter()
            .map(|url| types::Source {
                url: url.clone(),
                title: Some(page_title(url)),
            })
            .collect(),
    }
}

/// A page's title, made up from its address.
fn page_title(url: &str) -> String {
    let last = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if last.contains('.') || last.is_empty() {
        "Home".to_owned()
    } else {
        let words: Vec<String> = last
            .split('-')
            .map(|w| {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            })
            .collect();
        words.join(" ")
    }
}

/// The assumed event catalogue of a streamed answer, in one place (the
/// spec's `chat` operation describes it): `start`, `delta` pieces,
/// `sources`, `done` with the whole answer; then the stream ends.
pub(crate) fn chat_events(exchange: &Exchange) -> Vec<(&'static str, String)> {
    let answer = chat_response(exchange);
    let mut events = vec![(
        "start",
        serde_json::json!({"id": answer.id, "chatlogId": answer.chatlog_id}).to_string(),
    )];
    let words: Vec<&str> = answer.response.split_inclusive(' ').collect();
    for piece in words.chunks(4) {
        events.push((
            "delta",
            serde_json::json!({"text": piece.concat()}).to_string(),
        ));
    }
    events.push((
        "sources",
        serde_json::json!({"sources": answer.sources}).to_string(),
    ));
    events.push(("done", serde_json::to_string(&answer).unwrap_or_default()));
    events
}

/// The answer as server-sent events, `delay` apart.
fn stream(exchange: Exchange, delay: Duration) -> Response {
    let events = chat_events(&exchange);
    let body = futures_util::stream::unfold(
        (events.into_iter(), true),
        move |(mut events, first)| async move {
            let (name, data) = events.next()?;
            if !first && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let frame = format!("event: {name}\ndata: {data}\n\n");
            Some((Ok::<_, std::convert::Infallible>(frame), (events, false)))
        },
    );
    let mut response = Response::new(Body::from_stream(body));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// Checks that every URL is an absolute http(s) address.
fn check_urls(urls: &[String]) -> Result<(), Reject> {
    if urls.is_empty() {
        return Err(Reject::new(
            StatusCode::BAD_REQUEST,
            "urls: must name at least one page",
        ));
    }
    for (i, url) in urls.iter().enumerate() {
        let ok = url::Url::parse(url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
        if !ok {
            return Err(Reject::new(
                StatusCode::BAD_REQUEST,
                format!("urls[{i}]: {url:?} is not an absolute http(s) URL"),
            ));
        }
    }
    Ok(())
}

/// Adds (or removes) pages after checking the key and the URLs.
fn pages(
    shared: &Shared,
    key: &wonderchat_api::ApiKey,
    chatbot_id: &str,
    urls: &[String],
    add: bool,
) -> Handled {
    authorize(shared, key)?;
    check_urls(urls)?;
    shared
        .world
        .pages(chatbot_id, urls, add)
        .map_err(|what| missing(what, chatbot_id))?;
    done()
}

/// `POST /api/v1/add-pages`.
pub(crate) async fn add_pages(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(
        shared,
        request,
        |shared, r: types::AddPagesRequest| async move {
            pages(&shared, &r.api_key, &r.chatbot_id, &r.urls, true)
        },
    )
    .await
}

/// `POST /api/v1/delete-pages`.
pub(crate) async fn delete_pages(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(
        shared,
        request,
        |shared, r: types::DeletePagesRequest| async move {
            pages(&shared, &r.api_key, &r.chatbot_id, &r.urls, false)
        },
    )
    .await
}

fn tags(shared: &Shared, request: types::ChatlogTagsRequest, add: bool) -> Handled {
    authorize(shared, &request.api_key)?;
    if request.tags.is_empty() {
        return Err(Reject::new(
            StatusCode::BAD_REQUEST,
            "tags: must name at least one tag",
        ));
    }
    shared
        .world
        .tags(&request.chatlog_id, &request.tags, add)
        .map_err(|what| missing(what, &request.chatlog_id))?;
    done()
}

/// `POST /api/v1/add-tags-to-chatlog`.
pub(crate) async fn add_tags(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(shared, request, |shared, request| async move {
        tags(&shared, request, true)
    })
    .await
}

/// `POST /api/v1/delete-tags-from-chatlog`.
pub(crate) async fn delete_tags(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(shared, request, |shared, request| async move {
        tags(&shared, request, false)
    })
    .await
}

/// `POST /api/v1/messages`.
pub(crate) async fn get_messages(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(
        shared,
        request,
        |shared, request: types::GetMessagesRequest| async move {
            authorize(&shared, &request.api_key)?;
            let messages = shared
                .world
                .messages(&request.chatlog_id)
                .map_err(|what| missing(what, &request.chatlog_id))?;
            let answer = types::GetMessagesResponse {
                messages: messages
                    .into_iter()
                    .map(|m| types::Message {
                        content: m.content,
                        type_: m.kind.to_owned(),
                        created_at: m.created_at,
                    })
                    .collect(),
            };
            Ok((None, json(&answer)))
        },
    )
    .await
}

/// `POST /api/v1/export-chatlogs`: written as a stream, one chatlog at a time.
pub(crate) async fn export_chatlogs(
    State(shared): State<Arc<Shared>>,
    request: Request,
) -> Response {
    operation(
        shared,
        request,
        |shared, request: types::ExportChatlogsRequest| async move {
            authorize(&shared, &request.api_key)?;
            if let Some(id) = &request.chatbot_id
                && !shared.world.has_chatbot(id)
            {
                return Err(missing(crate::world::Missing::Chatbot, id));
            }
            let ids = shared.world.chatlog_ids(
                request.chatbot_id.as_deref(),
                request.start_date,
                request.end_date,
            );
            let feedback: HashMap<String, (chrono::DateTime<chrono::Utc>, bool)> = shared
                .store
                .all_feedback()
                .into_iter()
                .map(|(id, f)| {
                    let helpful = f.feedback == types::Feedback::Helpful;
                    (id, (f.submitted_at, helpful))
                })
                .collect();
            // One chatlog read and written at a time: the answer is a stream.
            let source = Arc::clone(&shared);
            let chatlogs = ids
                .into_iter()
                .filter_map(move |id| source.world.chatlog(&id));
            let records = chatlogs.enumerate().map(move |(i, chatlog)| {
                let record = export_record(&chatlog, &feedback);
                let mut text = if i == 0 {
                    String::new()
                } else {
                    ",".to_owned()
                };
                text.push_str(&serde_json::to_string(&record).unwrap_or_default());
                Ok::<_, std::convert::Infallible>(text)
            });
            let body = futures_util::stream::iter(
                std::iter::once(Ok("{\"chatlogs\":[".to_owned()))
                    .chain(records)
                    .chain(std::iter::once(Ok("]}".to_owned()))),
            );
            let mut response = Response::new(Body::from_stream(body));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            Ok((None, response))
        },
    )
    .await
}

/// One chatlog as the export shows it: user/bot pairs, the rating from the
/// answers' feedback.
fn export_record(
    chatlog: &Chatlog,
    feedback: &HashMap<String, (chrono::DateTime<chrono::Utc>, bool)>,
) -> types::Chatlog {
    let mut pairs: Vec<types::ChatlogExchange> = Vec::new();
    for message in &chatlog.messages {
        match message.kind {
            "user" => pairs.push(types::ChatlogExchange {
                user_message: Some(message.content.clone()),
                bot_message: None,
                created_at: message.created_at,
            }),
            _ => match pairs.last_mut() {
                Some(last) if last.bot_message.is_none() => {
                    last.bot_message = Some(message.content.clone());
                }
                _ => pairs.push(types::ChatlogExchange {
                    user_message: None,
                    bot_message: Some(message.content.clone()),
                    created_at: message.created_at,
                }),
            },
        }
    }
    let rating = chatlog_rating(chatlog, feedback);
    types::Chatlog {
        created_at: chatlog.created_at,
        chatbot_id: chatlog.chatbot_id.clone(),
        user_email: None,
        user_phone_number: None,
        user_name: None,
        country_code: None,
        user_feedback: rating.map(str::to_owned),
        average_confidence: Some(0.85),
        ai_resolution_state: rating.map(|r| {
            if r == "GOOD" {
                "RESOLVED"
            } else {
                "UNRESOLVED"
            }
            .to_owned()
        }),
        initial_page_url: chatlog.initial_page_url.clone(),
        messages: pairs,
    }
}

/// `GET /mock/state[?offset=N&limit=M]`: chatbots, pages, a page of the
/// chatlogs (with their tags) and of the feedback, and their totals.
pub(crate) async fn mock_state(
    State(shared): State<Arc<Shared>>,
    page: Result<
        axum::extract::Query<crate::world::Page>,
        axum::extract::rejection::QueryRejection,
    >,
) -> Response {
    match page {
        Ok(axum::extract::Query(page)) => json(&shared.state(page)),
        Err(_) => Reject::new(
            StatusCode::BAD_REQUEST,
            "offset, limit: must be whole numbers",
        )
        .into_response(),
    }
}

/// `POST /mock/reset`: back to the seeded world, feedback forgotten.
pub(crate) async fn mock_reset(State(shared): State<Arc<Shared>>) -> Response {
    shared.reset();
    json(&serde_json::json!({"status": "success"}))
}

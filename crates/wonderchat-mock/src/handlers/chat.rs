//! `POST /api/v1/chat`: an answer from the chatbot's pages, as JSON or as
//! server-sent events (the assumed event catalogue), and the webhook a
//! request for a human triggers.

use std::sync::Arc;

use axum::routing::post;
use std::time::Duration;
use wonderchat_api::operations::OperationId;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use wonderchat_api::types;

use crate::handlers::json;
use crate::pipeline::{authorize, missing, operation};
use crate::shared::Shared;

use super::Routes;

/// This file's operations and their handlers.
pub(crate) fn routes() -> Routes {
    vec![(OperationId::Chat, post(chat))]
}
use crate::world::Exchange;

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
                    &request.question,
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
                json(&chat_response(exchange))
            };
            Ok((None, response))
        },
    )
    .await
}

fn chat_response(exchange: Exchange) -> types::ChatResponse {
    types::ChatResponse {
        id: exchange.message_id,
        response: exchange.answer,
        chatlog_id: exchange.chatlog_id,
        sources: exchange
            .sources
            .into_iter()
            .map(|source| types::Source {
                url: source.url,
                title: Some(source.title),
            })
            .collect(),
    }
}

/// The assumed event catalogue of a streamed answer, in one place (the
/// spec's `chat` operation describes it): `start`, `delta` pieces,
/// `sources`, `done` with the whole answer; then the stream ends.
pub(crate) fn chat_events(exchange: Exchange) -> Vec<(&'static str, String)> {
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
    let events = chat_events(exchange);
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

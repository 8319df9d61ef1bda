//! A streamed answer (`chat` with `stream: true`) through the wrapper and
//! through raw reqwest + eventsource-stream, on the same in-process mock
//! stream, for `cargo xtask bench`: the time from sending the request to the
//! first event and to the last, each event's data decoded from JSON on both
//! sides. Rounds alternate which side goes first, so drift on a shared
//! machine hits both alike; each round is the median of `ASKS` questions per
//! side. Prints one line per round:
//! `round <n> wrapper_first_us <a> wrapper_last_us <b> raw_first_us <c> raw_last_us <d> events <e>`.
//!
//! The mock sends the events with no pause between them, so the figures are
//! the client's own cost per event, not a server's pacing.

use std::time::{Duration, Instant};

use eventsource_stream::Eventsource;
use futures_util::StreamExt;

mod raw;

const ROUNDS: usize = 60;
const ASKS: usize = 25;
const QUESTION: &str = "How do I reset my password and keep my settings?";

/// The time to the first event and to the last, and how many came.
type Timing = (Duration, Duration, usize);

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would not.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let raw::Setup {
            mock,
            client,
            http,
            key,
            ..
        } = raw::Setup::start().await;
        let chat_url = format!("{}/api/v1/chat", mock.base_url());
        let chatbot = wonderchat_mock::DEMO_CHATBOT_ID;

        let wrapper = || async {
            let started = Instant::now();
            let mut stream = client.chat(chatbot, QUESTION).stream().await.unwrap();
            let (mut first, mut events) = (None, 0);
            while let Some(event) = stream.next().await {
                event.unwrap();
                first.get_or_insert_with(|| started.elapsed());
                events += 1;
            }
            (first.unwrap(), started.elapsed(), events)
        };
        let raw = || async {
            let started = Instant::now();
            let body = serde_json::json!({
                "chatbotId": chatbot,
                "question": QUESTION,
                "stream": true,
                "apiKey": key,
            });
            let response = http
                .post(&chat_url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap();
            let mut stream = response.bytes_stream().eventsource();
            let (mut first, mut events) = (None, 0);
            while let Some(event) = stream.next().await {
                let event = event.unwrap();
                let _: serde_json::Value = serde_json::from_str(&event.data).unwrap();
                first.get_or_insert_with(|| started.elapsed());
                events += 1;
            }
            (first.unwrap(), started.elapsed(), events)
        };

        // Warm both connections and code paths.
        for _ in 0..ASKS {
            wrapper().await;
            raw().await;
        }
        for round in 0..ROUNDS {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            for ask in 0..ASKS {
                // Alternate which goes first, too.
                if (round + ask) % 2 == 0 {
                    ours.push(wrapper().await);
                    theirs.push(raw().await);
                } else {
                    theirs.push(raw().await);
                    ours.push(wrapper().await);
                }
            }
            let (w_first, w_last, events) = medians(ours);
            let (r_first, r_last, raw_events) = medians(theirs);
            assert_eq!(events, raw_events, "both sides read the same stream");
            println!(
                "round {round} wrapper_first_us {:.2} wrapper_last_us {:.2} raw_first_us {:.2} raw_last_us {:.2} events {events}",
                micros(w_first),
                micros(w_last),
                micros(r_first),
                micros(r_last),
            );
        }
    });
}

/// The medians of the first and last times; the event count (the same in
/// every ask).
fn medians(timings: Vec<Timing>) -> Timing {
    let events = timings[0].2;
    let median = |mut values: Vec<Duration>| {
        values.sort();
        values[values.len() / 2]
    };
    (
        median(timings.iter().map(|t| t.0).collect()),
        median(timings.iter().map(|t| t.1).collect()),
        events,
    )
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

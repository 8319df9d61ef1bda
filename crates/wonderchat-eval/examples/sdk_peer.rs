//! The eval benchmark's peer: the same questions asked through the SDK
//! alone, `CONCURRENCY` at once, nothing checked or written (`cargo xtask
//! bench`, row "eval").
//!
//! Usage: sdk_peer BASE_URL QUESTIONS_FILE CONCURRENCY

use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, base_url, questions, concurrency] = args.as_slice() else {
        return Err("usage: sdk_peer BASE_URL QUESTIONS_FILE CONCURRENCY".into());
    };
    let concurrency: usize = concurrency.parse()?;
    let questions: Vec<String> = std::fs::read_to_string(questions)?
        .lines()
        .map(str::to_owned)
        .collect();
    let client = wonderchat::Client::builder()
        .base_url(base_url)
        .api_key("wonderchat-demo-key")
        .max_in_flight(concurrency)
        .build()?;
    let started = std::time::Instant::now();
    let failed = futures_util::stream::iter(questions.iter())
        .map(|q| client.chat("demo-chatbot", q.clone()).send())
        .buffer_unordered(concurrency)
        .filter(|r| std::future::ready(r.is_err()))
        .count()
        .await;
    println!(
        "{} questions in {:.3} s, {failed} failed",
        questions.len(),
        started.elapsed().as_secs_f64()
    );
    if failed > 0 {
        return Err(format!("{failed} questions failed").into());
    }
    Ok(())
}

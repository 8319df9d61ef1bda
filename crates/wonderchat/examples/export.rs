//! Export the last week's chatlogs to a JSON Lines file, one chatlog at a
//! time (memory stays flat whatever the export's size).
//!
//! `cargo run -p wonderchat --example export -- chatlogs.jsonl`
//! (WONDERCHAT_API_KEY and, for the mock, WONDERCHAT_BASE_URL set).

use std::io::Write;

use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "chatlogs.jsonl".to_owned());
    let client = wonderchat::Client::from_env()?;
    let since = chrono::Utc::now() - chrono::Duration::days(7);
    let mut chatlogs = client.export_chatlogs().since(since).stream().await?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let mut count = 0u64;
    while let Some(chatlog) = chatlogs.next().await {
        serde_json::to_writer(&mut file, &chatlog?)?;
        file.write_all(b"\n")?;
        count += 1;
    }
    file.flush()?;
    println!("exported {count} chatlog(s) to {path}");
    Ok(())
}

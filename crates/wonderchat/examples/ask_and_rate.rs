//! Ask a chatbot, show the answer, record a thumbs up, read the
//! conversation back.
//!
//! Against the bundled mock (in another terminal: `cargo run -p wonderchat-mock`):
//! `WONDERCHAT_BASE_URL=http://127.0.0.1:8765 WONDERCHAT_API_KEY=wonderchat-demo-key
//!  cargo run -p wonderchat --example ask_and_rate -- demo-chatbot "How do I reset my password?"`

use wonderchat::{Client, Feedback};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let chatbot = args.next().unwrap_or_else(|| "demo-chatbot".to_owned());
    let question = args.next().unwrap_or_else(|| "Hello there!".to_owned());

    let client = Client::from_env()?;
    let mut conversation = client.conversation(chatbot);
    let answer = conversation.ask(question).await?;
    println!("{}\n", wonderchat::printable(&answer.text));
    for source in &answer.sources {
        println!("  source: {}", wonderchat::printable(&source.url));
    }

    let update = conversation
        .feedback(Feedback::Helpful)?
        .comment("Rated from the ask_and_rate example")
        .send()
        .await?;
    println!(
        "\nrated {} (feedback id {})",
        answer.message_id, update.feedback_id
    );

    let chatlog = conversation.chatlog_id().unwrap_or_default().to_owned();
    for message in client.messages(chatlog).send().await? {
        println!(
            "{:>4}: {}",
            message.author,
            wonderchat::printable(&message.content)
        );
    }
    Ok(())
}

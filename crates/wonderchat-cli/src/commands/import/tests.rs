//! Property test of the import's promise: after any sequence of runs,
//! failures, kills and resumes, each message ends with the value of its last
//! valid row in the file. And the read-ahead stream's own promises.

use std::collections::HashMap;
use std::path::Path;

use clap::Parser;
use proptest::prelude::*;
use wonderchat_mock::{Fault, MockServer};

use crate::cli::Cli;
use crate::commands::Command;

/// One row of a generated file: message index, helpful?, valid?
type GenRow = (usize, bool, bool);

fn write_input(path: &Path, rows: &[GenRow]) -> HashMap<String, &'static str> {
    let mut text = String::from("messageId,feedback\n");
    let mut last = HashMap::new();
    for &(message, helpful, valid) in rows {
        let id = format!("m{message}");
        let value = if helpful { "HELPFUL" } else { "NOT_HELPFUL" };
        if valid {
            text.push_str(&format!("{id},{value}\n"));
            last.insert(id, value);
        } else {
            text.push_str(&format!("{id},SO-SO\n"));
        }
    }
    std::fs::write(path, text).unwrap();
    last
}

async fn import(mock: &MockServer, input: &Path, results: &Path, resume: bool, concurrency: u32) {
    let mut argv = vec![
        "wonderchat".to_owned(),
        "import".to_owned(),
        input.display().to_string(),
        "--results".to_owned(),
        results.display().to_string(),
        "--api-key".to_owned(),
        mock.api_key().to_owned(),
        "--base-url".to_owned(),
        mock.base_url(),
        "--max-attempts".to_owned(),
        "1".to_owned(),
        "--no-adapt".to_owned(),
        "--quiet".to_owned(),
        "--concurrency".to_owned(),
        concurrency.to_string(),
    ];
    argv.push(if resume { "--resume" } else { "--force" }.to_owned());
    let cli = Cli::try_parse_from(argv).unwrap();
    let Command::Import(args) = cli.command else {
        unreachable!()
    };
    // Failed rows make it exit 1; what counts is the server's final state.
    let _ = super::run(&cli.global, args).await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_last_valid_row_of_each_message_wins_whatever_fails_and_whenever_it_is_killed(
        rows in proptest::collection::vec((0usize..4, any::<bool>(), prop::bool::weighted(0.85)), 1..24),
        runs in proptest::collection::vec(
            (proptest::collection::vec(prop::bool::weighted(0.35), 0..30), any::<Option<prop::sample::Index>>(), 1u32..4),
            1..4,
        ),
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mock = MockServer::start().await;
            let dir = tempfile::tempdir().unwrap();
            let input = dir.path().join("rows.csv");
            let results = dir.path().join("rows.results.jsonl");
            let last = write_input(&input, &rows);
            for (i, (failures, kill_at, concurrency)) in runs.iter().enumerate() {
                // Scripted answers for this run: 500 or normal, in order.
                mock.clear_faults();
                mock.push_faults(failures.iter().map(|&fail| {
                    if fail { Fault::InternalError } else { Fault::Delay(std::time::Duration::ZERO) }
                }));
                import(&mock, &input, &results, i > 0, *concurrency).await;
                // A kill: the file keeps only a prefix of what was recorded
                // (torn mid-line, perhaps), though the server got it all.
                if let Some(at) = kill_at {
                    let text = std::fs::read(&results).unwrap();
                    let keep = at.index(text.len() + 1);
                    std::fs::write(&results, &text[..keep]).unwrap();
                }
            }
            // A last, calm resume.
            mock.clear_faults();
            import(&mock, &input, &results, true, 2).await;
            for (id, value) in &last {
                let stored = mock.feedback(id).map(|f| f.feedback.to_string());
                prop_assert_eq!(stored.as_deref(), Some(*value), "message {}", id);
            }
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn the_read_ahead_stream_keeps_file_order_and_never_waits_for_a_batch_to_fill() {
    use futures_util::StreamExt;
    let (tx, rx) = tokio::sync::mpsc::channel(super::READ_AHEAD);
    let mut rows = std::pin::pin!(super::tokio_stream_from(rx));
    // A slow pipe: a row on its own is passed on at once.
    tx.send(0).await.unwrap();
    let first = tokio::time::timeout(std::time::Duration::from_secs(10), rows.next()).await;
    assert_eq!(first.ok().flatten(), Some(0), "a lone row was held back");
    // A fast file: batches, in order, across batch boundaries; then the end.
    let burst = 1..=(super::RECEIVE_BATCH as u32 * 3 + 5);
    let sender = tokio::spawn(async move {
        for i in burst {
            tx.send(i).await.unwrap();
        }
    });
    let rest: Vec<u32> = rows.collect().await;
    sender.await.unwrap();
    assert_eq!(
        rest,
        (1..=(super::RECEIVE_BATCH as u32 * 3 + 5)).collect::<Vec<_>>()
    );
}

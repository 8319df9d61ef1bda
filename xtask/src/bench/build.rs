//! Row 5: users' cold build of a hello-world on `wonderchat` against one
//! on reqwest + tokio.

use super::*;

pub(super) fn build_row(root: &Path, work: &Path, plan: &Plan) -> Result<Row> {
    let ours_dir = work.join("hello-wonderchat");
    let peer_dir = work.join("hello-reqwest");
    let wonderchat_path = root.join("crates/wonderchat");
    hello(
        &ours_dir,
        &format!(
            "wonderchat = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            wonderchat_path
        ),
        "let client = wonderchat::Client::builder().api_key(\"k\").build().unwrap();\n    \
         let _ = client.update_message_feedback(\"m\", wonderchat::Feedback::Helpful).send().await;",
    )?;
    hello(
        &peer_dir,
        "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"rustls\"] }\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
         serde_json = \"1\"\n",
        "let client = reqwest::Client::new();\n    \
         let _ = client.post(\"https://app.wonderchat.io/api/v1/update-message-feedback\")\n        \
         .json(&serde_json::json!({\"apiKey\": \"k\", \"messageId\": \"m\", \"feedback\": \"HELPFUL\"})).send().await;",
    )?;
    let mut ours = Vec::new();
    let mut peer = Vec::new();
    for _ in 0..plan.build_repeats {
        for (dir, times) in [(&ours_dir, &mut ours), (&peer_dir, &mut peer)] {
            let target = dir.join("target");
            let _ = std::fs::remove_dir_all(&target);
            // Resolve and download first, so only compiling is timed.
            check(
                Command::new(env!("CARGO"))
                    .current_dir(dir)
                    .args(["fetch", "--quiet"]),
            )?;
            let started = Instant::now();
            check(
                Command::new(env!("CARGO"))
                    .current_dir(dir)
                    .args(["build", "--quiet"])
                    .env("CARGO_TARGET_DIR", &target),
            )?;
            let secs = started.elapsed().as_secs_f64();
            println!("cold build of {}: {secs:.1} s", dir.display());
            times.push(secs);
        }
    }
    let (ours, peer) = (stats(ours), stats(peer));
    let ratio = ours.median / peer.median;
    Ok(Row {
        figure: "cold `cargo build` (debug) of a hello-world (s)".into(),
        ours: format!("on `wonderchat`: {}", ours.show("s", 1)),
        peer: format!("on reqwest (json, rustls) + tokio: {}", peer.show("s", 1)),
        ratio,
        target: "≤ 1.3×".into(),
        met: Some(ratio <= 1.3),
        bound: "Both builds are dominated by the TLS stack and hyper; `wonderchat` builds rustls with ring \
                instead of reqwest's default aws-lc (a C library built by cmake/cc), and adds serde derives, \
                schemars, chrono, progenitor-client and backon."
            .into(),
    })
}

pub(super) fn hello(dir: &Path, dependencies: &str, body: &str) -> Result {
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("hello");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{dependencies}"),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("src/main.rs"),
        format!("#[tokio::main]\nasync fn main() {{\n    {body}\n}}\n"),
    )
    .map_err(|e| e.to_string())
}

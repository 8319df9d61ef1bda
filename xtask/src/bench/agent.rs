//! Row 11: a `rate_answer` tool call of `wonderchat mcp` over stdio, as
//! the official Python MCP SDK sees it (`xtask/bench/mcp_client.py`),
//! against the same call through the SDK in-process (`benches/external.rs`)
//! plus the fixed cost of a tool call over stdio: its round trip (the same
//! call refused by the server's argument check, before any API call) and
//! the client's check of a successful result against the tool's output
//! schema (tool calls with and without it, in the same rounds); and the
//! server's RSS idle and after every call; and, counted rather than timed,
//! the instructions the server executes per tool call and per refused call
//! (callgrind, `xtask/bench/mcp_instructions.py`). One mock process serves
//! all of them.

use super::*;

/// The figure `name` of `output` (`name value` lines).
fn figure(output: &str, name: &str) -> Result<f64> {
    output
        .lines()
        .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
        .ok_or_else(|| format!("no `{name}` in:\n{output}"))
}

pub(super) fn mcp_row(root: &Path, bin: &Path, work: &Path, plan: &Plan) -> Result<Row> {
    let mock = MockProcess::start(&bin.join("wonderchat-mock"), &[])?;
    let key = "wonderchat-demo-key";
    let sdk = capture(
        sdk_bench_command(root, "external")
            .env("WONDERCHAT_BENCH_URL", &mock.url)
            .env("WONDERCHAT_BENCH_KEY", key),
        "cargo bench --bench external",
    )?;
    let sdk_us = figure(&sdk, "sdk_call_us")?;
    let python = PathBuf::from(tool_dir(root, "tools/python-tools.sh")?);
    // `xtask/bench/SCRIPT BINARY URL KEY ARGS... WORK_DIR`, its output.
    let script = |name: &str, args: &[&str], what: &str| -> Result<String> {
        capture(
            Command::new(python.join("python"))
                .arg(root.join("xtask/bench").join(name))
                .arg(bin.join("wonderchat"))
                .arg(&mock.url)
                .arg(key)
                .args(args)
                .arg(work),
            what,
        )
    };
    let planned = plan.mcp_calls.to_string();
    let output = script("mcp_client.py", &[&planned], "the MCP bench client")?;
    let instructions = |kind: &str| -> Result<f64> {
        // Two runs of different lengths: their difference is per call,
        // without start-up.
        let run = |calls: u32| -> Result<f64> {
            let counted = script(
                "mcp_instructions.py",
                &[kind, &calls.to_string()],
                "the MCP instruction counter (callgrind)",
            )?;
            figure(&counted, "instructions")
        };
        Ok((run(1_200)? - run(200)?) / 1_000.0)
    };
    let (tool_instructions, refused_instructions) =
        (instructions("tool")?, instructions("refused")?);
    drop(mock);
    let tool_us = figure(&output, "tool_call_us")?;
    let unchecked_us = figure(&output, "unchecked_call_us")?;
    // What the client's schema check adds to a successful result (never
    // negative: a noisy round may make the unchecked calls the slower).
    let check_us = (tool_us - unchecked_us).max(0.0);
    let ping_us = figure(&output, "ping_us")?;
    let refused_us = figure(&output, "refused_call_us")?;
    let idle_mib = figure(&output, "rss_idle_kib")? / 1024.0;
    let after_mib = figure(&output, "rss_after_kib")? / 1024.0;
    let calls = figure(&output, "calls")?;
    println!(
        "mcp: tool call {tool_us:.0} µs ({unchecked_us:.0} µs unchecked), refused call \
         {refused_us:.0} µs, ping {ping_us:.0} µs, SDK call {sdk_us:.0} µs; RSS {idle_mib:.1} → \
         {after_mib:.1} MiB after {calls} calls; server instructions per tool call \
         {tool_instructions:.0}, per refused call {refused_instructions:.0}"
    );
    let fixed_us = refused_us + check_us;
    let ratio = tool_us / (sdk_us + fixed_us);
    let without_check = tool_us / (sdk_us + refused_us);
    Ok(Row {
        figure: format!(
            "`wonderchat mcp`: one `rate_answer` tool call over stdio as the Python MCP SDK sees \
             it (µs, median of blocks of 100); server RSS idle and after {calls} calls"
        ),
        ours: format!(
            "{tool_us:.0} µs; RSS {idle_mib:.1} MiB idle, {after_mib:.1} MiB after; the server \
             executes {:.0} k instructions per tool call, {:.0} k per refused call (callgrind)",
            tool_instructions / 1e3,
            refused_instructions / 1e3
        ),
        peer: format!(
            "the SDK call in-process {sdk_us:.0} µs + the fixed cost of a tool call over stdio \
             {fixed_us:.0} µs: its round trip {refused_us:.0} µs (a call refused before any API \
             call; an MCP ping: {ping_us:.0} µs) and the client's check of a result against the \
             output schema {check_us:.0} µs (the ratio without the check in the fixed cost: \
             {without_check:.2}×)"
        ),
        ratio,
        target: "≤ 1.2×; RSS ≤ 32 MiB".into(),
        met: Some(ratio <= 1.2 && idle_mib <= 32.0 && after_mib <= 32.0),
        bound: format!(
            "The fixed cost is mostly the Python SDK's own per message (pydantic models, \
                anyio streams, a JSON line each way; a tool result is larger than a ping's) and, \
                for a successful result only, its jsonschema check of `structuredContent` \
                against the tool's output schema (in the client; measured as tool calls with \
                and without it). The tool call adds the SDK call through the server's \
                one-thread runtime: counted, a tool call is the refused call's path plus the \
                SDK call (the difference, {:.0} k instructions, is about row 1c's call). On 2 \
                cores the client, the server and the mock take turns, where the in-process \
                figure has one process fewer.",
            (tool_instructions - refused_instructions) / 1e3
        ),
    })
}

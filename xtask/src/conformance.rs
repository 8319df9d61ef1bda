//! `cargo xtask conformance`: proves the published spec works outside Rust.
//!
//! 1. Lint gates: Spectral (`spectral:oas`, fail on warnings), Redocly
//!    (`recommended`), openapi-spec-validator, on the YAML and the JSON.
//! 2. openapi-generator, the most used generator, with its default
//!    validation: `validate` on the JSON, then its `python` and
//!    `typescript-fetch` clients generated without errors.
//! 3. Negative controls: copies of the spec broken on purpose (an invalid
//!    example, a missing operationId, an enum of the wrong type) must fail
//!    the gates, so a gate that silently passes everything is caught.
//! 4. Clients in other languages against the standalone mock: Python
//!    (openapi-python-client) and TypeScript (openapi-typescript +
//!    openapi-fetch, type-checked with tsc, run with tsx).
//! 5. The HTML reference, served by the mock at `/docs`, rendered in
//!    headless Chromium: the DOM must show the operation and its fields; a
//!    screenshot is kept at `target/conformance/reference.png`.
//! 6. `wonderchat report` on an export of the seeded mock (90 days of
//!    realistic conversations): every headline figure, GOOD/BAD, escalation
//!    and the states, the daily and weekly series and the country and
//!    normalised page tables agree with DuckDB's SQL over the same file; the
//!    HTML page in Chromium (Playwright) at 1280 and 390 px, light and dark,
//!    has no console error, no request, no horizontal scroll, chart text of
//!    12 px or more, no white chart box in dark mode, "Fix these first"
//!    within 900 px, prints in 5 pages on A4 and Letter, and passes axe-core
//!    (screenshots and PDFs: `target/conformance/report/`).
//! 7. `wonderchat mcp` driven over stdio by the official MCP SDKs, Python
//!    (`mcp`) and TypeScript (`@modelcontextprotocol/sdk`): every tool's
//!    schemas valid and matching the spec's required fields, then ask, rate,
//!    read, tag, export to a file (with progress) and report, each result
//!    validated against its output schema; read-only mode hides every tool
//!    that changes data.
//!
//! Tools are pinned and installed by `tools/*.sh` into `.tools/`. All
//! traffic stays on loopback.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::process::{MockProcess, Result, check as run_command, tool_dir};

/// Runs every step; stops at the first failure.
pub(crate) fn run(root: &Path) -> Result {
    let work = root.join("target/conformance");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let python = PathBuf::from(tool_dir(root, "tools/python-tools.sh")?);
    let node = PathBuf::from(tool_dir(root, "tools/node-tools.sh")?);
    let yaml = root.join("openapi/wonderchat.yaml");
    let json = root.join("openapi/wonderchat.json");

    step("lint gates");
    for spec in [&yaml, &json] {
        lint(root, &python, &node, spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    }

    step("openapi-generator: validate, python and typescript-fetch clients");
    openapi_generator(&python, &work, &json)?;

    step("negative controls: broken specs must fail the gates");
    negative_controls(root, &python, &node, &work)?;

    step("standalone mock");
    let mock = start_mock(root)?;
    let url = mock.url.clone();
    let result = (|| {
        step("Python client (openapi-python-client)");
        python_client(root, &python, &work, &json, &url)?;
        step("TypeScript client (openapi-typescript + openapi-fetch)");
        typescript_client(root, &node, &work, &json, &url)?;
        step("HTML reference in headless Chromium");
        reference_page(root, &work, &url)?;
        step("report: the figures against DuckDB, the page in Chromium");
        report_checks(root, &python, &node, &work)?;
        step("report --sql: DuckDB's and Spark's tables make the file's report (100,000 chatlogs)");
        pushdown_checks(root, &python, &work)?;
        step("eval: its JUnit read by junitparser (the example suite and one of each outcome)");
        eval_checks(root, &python, &work)?;
        step("wonderchat mcp: the Python and TypeScript MCP SDKs as clients");
        mcp_clients(root, &python, &node, &work, &json)
    })();
    drop(mock);
    result?;
    step("conformance: all gates passed");
    Ok(())
}

fn step(name: &str) {
    println!("\n--- {name}");
}

/// Runs a command quietly; `Ok(true)` when it succeeded.
fn succeeds(command: &mut Command) -> Result<bool> {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .map_err(|e| format!("cannot run {command:?}: {e}"))
}

fn spectral(root: &Path, node: &Path, spec: &Path) -> Command {
    let mut command = Command::new(node.join("spectral"));
    command
        .args(["lint", "--fail-severity", "warn", "--ruleset"])
        .arg(root.join("openapi/.spectral.yaml"))
        .arg(spec);
    command
}

fn redocly(root: &Path, node: &Path, spec: &Path) -> Command {
    let mut command = Command::new(node.join("redocly"));
    command
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .arg("lint")
        .arg("--config")
        .arg(root.join("openapi/redocly.yaml"))
        .arg("--max-problems=50")
        .arg(spec);
    command
}

fn validator(python: &Path, spec: &Path) -> Command {
    let mut command = Command::new(python.join("openapi-spec-validator"));
    command.arg(spec);
    command
}

/// Redocly exits 0 on warnings; the gate wants no errors and no warnings.
fn redocly_clean(root: &Path, node: &Path, spec: &Path) -> Result<bool> {
    let output = redocly(root, node, spec)
        .arg("--format=json")
        .output()
        .map_err(|e| format!("cannot run redocly: {e}"))?;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let count = |kind: &str| report["totals"][kind].as_u64();
    Ok(output.status.success() && count("errors") == Some(0) && count("warnings") == Some(0))
}

fn lint(root: &Path, python: &Path, node: &Path, spec: &Path) -> Result {
    run_command(&mut spectral(root, node, spec), "spectral lint")?;
    if !redocly_clean(root, node, spec)? {
        run_command(&mut redocly(root, node, spec), "redocly lint").ok();
        return Err("redocly lint reported problems (see above)".into());
    }
    println!("redocly lint: no errors, no warnings");
    run_command(&mut validator(python, spec), "openapi-spec-validator")
}

fn negative_controls(root: &Path, python: &Path, node: &Path, work: &Path) -> Result {
    let yaml = std::fs::read_to_string(root.join("openapi/wonderchat.yaml"))
        .map_err(|e| format!("cannot read the spec: {e}"))?;
    let breakages: [(&str, &str, &str); 3] = [
        (
            "an invalid example",
            "                  feedback: NOT_HELPFUL\n",
            "                  feedback: SOMEWHAT_HELPFUL\n",
        ),
        (
            "a missing operationId",
            "      operationId: updateMessageFeedback\n",
            "",
        ),
        (
            "an enum with a wrong type",
            "        - HELPFUL\n        - NOT_HELPFUL\n      example: HELPFUL\n",
            "        - 1\n        - 2\n      example: HELPFUL\n",
        ),
    ];
    for (what, from, to) in breakages {
        if !yaml.contains(from) {
            return Err(format!(
                "negative control '{what}': the spec no longer contains the text to break"
            ));
        }
        let broken = work.join("broken.yaml");
        std::fs::write(&broken, yaml.replacen(from, to, 1)).map_err(|e| e.to_string())?;
        let caught_by: Vec<&str> = [
            ("spectral", !succeeds(&mut spectral(root, node, &broken))?),
            ("redocly", !redocly_clean(root, node, &broken)?),
            (
                "openapi-spec-validator",
                !succeeds(&mut validator(python, &broken))?,
            ),
        ]
        .into_iter()
        .filter(|(_, failed)| *failed)
        .map(|(name, _)| name)
        .collect();
        if caught_by.is_empty() {
            return Err(format!("a spec with {what} passed every lint gate"));
        }
        println!("{what}: caught by {}", caught_by.join(", "));
    }
    Ok(())
}

/// Builds and starts the standalone mock.
fn start_mock(root: &Path) -> Result<MockProcess> {
    run_command(
        Command::new(env!("CARGO")).current_dir(root).args([
            "build",
            "--quiet",
            "-p",
            "wonderchat-mock",
            "--features",
            "cli",
        ]),
        "cargo build -p wonderchat-mock --features cli",
    )?;
    let mock = MockProcess::start(&root.join("target/debug/wonderchat-mock"), &[])?;
    println!("mock at {}", mock.url);
    Ok(mock)
}

/// `wonderchat report` checked by other engines: DuckDB for the figures,
/// Chromium (Playwright) for the page.
fn report_checks(root: &Path, python: &Path, node: &Path, work: &Path) -> Result {
    let dir = work.join("report");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    run_command(
        Command::new("cargo").args(["build", "-q", "-p", "wonderchat-cli"]),
        "cargo build -p wonderchat-cli",
    )?;
    let cli = root.join("target/debug/wonderchat");
    // A quarter of realistic conversations: the page must print a 90-day
    // report in five pages.
    let export = dir.join("seeded.jsonl");
    seeded_export(root, &cli, &["9000", "90", "7"], &export)?;
    let json = dir.join("report.json");
    let page = dir.join("report.html");
    for out in [&json, &page] {
        run_command(
            Command::new(&cli)
                .args(["--quiet", "report", "--from"])
                .arg(&export)
                .arg("-o")
                .arg(out),
            "wonderchat report",
        )?;
    }
    run_command(
        Command::new(python.join("python"))
            .arg(root.join("conformance/report/duckdb_check.py"))
            .arg(&export)
            .arg(&json),
        "the report against DuckDB",
    )?;
    let chromium = tool_dir(root, "tools/chromium.sh")?;
    let axe = node
        .parent()
        .map(|modules| modules.join("axe-core/axe.min.js"))
        .ok_or("no node_modules folder")?;
    run_command(
        Command::new(python.join("python"))
            .arg(root.join("conformance/report/page_check.py"))
            .arg(chromium)
            .arg(axe)
            .arg(&page)
            .arg(&dir),
        "the report page in Chromium (1280 and 390 px, light and dark, print, axe-core)",
    )
}

/// The mock's realistic account (`[chatlogs, days, seed]`) exported by
/// `cli` to `export`.
fn seeded_export(root: &Path, cli: &Path, seeded: &[&str; 3], export: &Path) -> Result {
    let [chatlogs, days, seed] = *seeded;
    let mock = MockProcess::start(
        &root.join("target/debug/wonderchat-mock"),
        &[
            "--seed-chatlogs",
            chatlogs,
            "--seed-days",
            days,
            "--seed",
            seed,
        ],
    )?;
    run_command(
        Command::new(cli)
            .env("WONDERCHAT_API_KEY", "wonderchat-demo-key")
            .env("WONDERCHAT_BASE_URL", &mock.url)
            .args(["--quiet", "export", "-o"])
            .arg(export),
        &format!("wonderchat export ({chatlogs} seeded chatlogs)"),
    )
}

/// `report --sql duckdb|spark` run by DuckDB and by PySpark (`local[2]`,
/// the machine's Java), read back with `--from-aggregates`: the JSON equals
/// `report --from` on a seeded export of 100,000 chatlogs made messy.
fn pushdown_checks(root: &Path, python: &Path, work: &Path) -> Result {
    let dir = work.join("pushdown");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    // Built by the report step.
    let cli = root.join("target/debug/wonderchat");
    let export = dir.join("seeded.jsonl");
    seeded_export(root, &cli, &["100000", "120", "11"], &export)?;
    run_command(
        Command::new(python.join("python"))
            .arg(root.join("conformance/report/pushdown_check.py"))
            .arg(&cli)
            .arg(&export)
            .arg(&dir),
        "the report of DuckDB's and Spark's tables against the file's",
    )
}

/// `wonderchat eval run --junit` read by junitparser: the example suite
/// (`docs/eval/support.yaml`) passes, and a suite with one case of each
/// outcome gives the right counts and reasons.
fn eval_checks(root: &Path, python: &Path, work: &Path) -> Result {
    let dir = work.join("eval");
    let _ = std::fs::remove_dir_all(&dir);
    // Built by the report step.
    let cli = root.join("target/debug/wonderchat");
    run_command(
        Command::new(python.join("python"))
            .arg(root.join("conformance/eval/junit_check.py"))
            .arg(&cli)
            .arg(root)
            .arg(&dir),
        "eval's JUnit read by junitparser",
    )
}

/// `wonderchat mcp` (with `--mock`) driven by the official MCP SDKs.
fn mcp_clients(root: &Path, python: &Path, node: &Path, work: &Path, json: &Path) -> Result {
    let dir = work.join("mcp");
    let _ = std::fs::remove_dir_all(&dir);
    let exports = dir.join("exports");
    std::fs::create_dir_all(&exports).map_err(|e| e.to_string())?;
    // Built by the report step.
    let cli = root.join("target/debug/wonderchat");
    run_command(
        Command::new(python.join("python"))
            .arg(root.join("conformance/mcp/client_flow.py"))
            .arg(&cli)
            .arg(json)
            .arg(&exports),
        "the Python MCP SDK against wonderchat mcp",
    )?;
    typescript_project(
        root,
        node,
        "conformance/mcp",
        &["client_flow.ts", "tsconfig.json"],
        &dir,
    )?;
    run_command(
        Command::new(node.join("tsc"))
            .arg("-p")
            .arg(dir.join("tsconfig.json")),
        "tsc (the MCP client type-checks)",
    )?;
    run_command(
        Command::new(node.join("tsx"))
            .current_dir(&dir)
            .arg("client_flow.ts")
            .arg(&cli)
            .arg(&exports),
        "the TypeScript MCP SDK against wonderchat mcp",
    )
}

/// openapi-generator takes the published spec as it is: its validation on,
/// two of its generators run.
fn openapi_generator(python: &Path, work: &Path, json: &Path) -> Result {
    let generator = || {
        let mut command = Command::new(python.join("openapi-generator-cli"));
        // Its update check would try the network.
        command.env("JAVA_OPTS", "-Dopenapi.generator.update.check=false");
        command
    };
    run_command(
        generator().arg("validate").arg("-i").arg(json),
        "openapi-generator validate",
    )?;
    for language in ["python", "typescript-fetch"] {
        let out = work.join(format!("openapi-generator-{language}"));
        let _ = std::fs::remove_dir_all(&out);
        run_command(
            generator()
                .args(["generate", "-g", language, "-i"])
                .arg(json)
                .arg("-o")
                .arg(&out),
            &format!("openapi-generator generate -g {language}"),
        )?;
    }
    Ok(())
}

fn python_client(root: &Path, python: &Path, work: &Path, json: &Path, url: &str) -> Result {
    let dir = work.join("python");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    run_command(
        Command::new(python.join("openapi-python-client"))
            .current_dir(&dir)
            .args([
                "generate",
                "--meta",
                "none",
                "--output-path",
                "wonderchat_client",
                "--path",
            ])
            .arg(json)
            .arg("--config")
            .arg(root.join("conformance/python/config.yaml")),
        "openapi-python-client generate",
    )?;
    run_command(
        Command::new(python.join("python"))
            .env("PYTHONPATH", &dir)
            .arg(root.join("conformance/python/roundtrip.py"))
            .arg(url),
        "the Python round trip",
    )
}

/// Makes `dir` an ES module project: `files` copied from `src` (relative to
/// the root), the pinned npm tools as its node_modules.
fn typescript_project(root: &Path, node: &Path, src: &str, files: &[&str], dir: &Path) -> Result {
    for file in files {
        std::fs::copy(root.join(src).join(file), dir.join(file))
            .map_err(|e| format!("cannot copy {file}: {e}"))?;
    }
    std::fs::write(dir.join("package.json"), "{\"type\": \"module\"}\n")
        .map_err(|e| e.to_string())?;
    let modules = node.parent().ok_or("bad node_modules path")?;
    #[cfg(unix)]
    std::os::unix::fs::symlink(modules, dir.join("node_modules")).map_err(|e| e.to_string())?;
    Ok(())
}

fn typescript_client(root: &Path, node: &Path, work: &Path, json: &Path, url: &str) -> Result {
    let dir = work.join("typescript");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    typescript_project(
        root,
        node,
        "conformance/typescript",
        &["roundtrip.ts", "tsconfig.json"],
        &dir,
    )?;
    run_command(
        Command::new(node.join("openapi-typescript"))
            .arg(json)
            .arg("--output")
            .arg(dir.join("schema.d.ts")),
        "openapi-typescript",
    )?;
    run_command(
        Command::new(node.join("tsc"))
            .arg("-p")
            .arg(dir.join("tsconfig.json")),
        "tsc (type check)",
    )?;
    println!("tsc: the round trip type-checks against the generated types");
    run_command(
        Command::new(node.join("tsx"))
            .current_dir(&dir)
            .arg("roundtrip.ts")
            .arg(url),
        "the TypeScript round trip",
    )
}

fn reference_page(root: &Path, work: &Path, url: &str) -> Result {
    let chromium = tool_dir(root, "tools/chromium.sh")?;
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let profile = work.join("chromium-profile");
    let page = format!("{url}/docs");
    let output = Command::new(&chromium)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&page)
        .output()
        .map_err(|e| format!("cannot run chromium: {e}"))?;
    let dom = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "/api/v1/update-message-feedback",
        "updateMessageFeedback",
        "apiKey",
        "messageId",
        "feedback",
        "userComment",
        "wasUpdated",
        "messageFeedback",
        "feedbackType",
        "submittedAt",
        "NOT_HELPFUL",
    ] {
        if !dom.contains(needle) {
            return Err(format!(
                "the rendered reference at {page} does not show {needle:?}"
            ));
        }
    }
    println!("rendered DOM shows the operation and every field");
    let screenshot = work.join("reference.png");
    run_command(
        Command::new(&chromium)
            .args(flags)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--screenshot={}", screenshot.display()))
            .arg("--window-size=1200,1600")
            .arg(&page)
            .stderr(Stdio::null()),
        "chromium --screenshot",
    )?;
    println!("screenshot: {}", screenshot.display());
    Ok(())
}

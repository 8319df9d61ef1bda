"""`wonderchat mcp` driven by the official Python MCP SDK (`mcp` on PyPI).

Over stdio, against the CLI's built-in mock: initialize, list the tools
(every input and output schema must be valid JSON Schema, and each input
schema must require what the spec's request body requires, less the key),
then the flow an agent runs: ask_chatbot -> rate_answer with the returned
messageId -> get_conversation shows the question -> add_tags ->
save_chatlogs to a file (with progress) -> feedback_report. Every
structured result is validated against its tool's output schema. Then the
read-only mode: no tool that changes data is listed, and calling one fails;
then the streamable HTTP transport (`--http`, with a bearer token): the
same SDK over HTTP asks and reads, and a client without the token is
refused.

Usage: client_flow.py WONDERCHAT_BINARY SPEC_JSON WORK_DIR
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

# The spec's request body behind each tool.
BODIES = {
    "ask_chatbot": "ChatRequest",
    "rate_answer": "UpdateMessageFeedbackRequest",
    "get_conversation": "GetMessagesRequest",
    "add_pages": "AddPagesRequest",
    "remove_pages": "DeletePagesRequest",
    "add_tags": "ChatlogTagsRequest",
    "remove_tags": "ChatlogTagsRequest",
}
SERVER_HELD = {"apiKey", "sessionCookie", "stream"}
CHANGES_DATA = {"ask_chatbot", "rate_answer", "save_chatlogs", "add_pages", "remove_pages", "add_tags", "remove_tags"}


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def server(binary, work, *extra):
    env = {
        "WONDERCHAT_CONFIG": os.path.join(work, "no-config.toml"),
        "PATH": os.environ.get("PATH", ""),
    }
    args = ["--mock", "--quiet", "mcp", "--export-dir", work, *extra]
    return StdioServerParameters(command=binary, args=args, env=env)


async def call(session, schemas, name, arguments, **options):
    result = await session.call_tool(name, arguments, **options)
    check(not result.is_error, f"{name}: {result.content}")
    check(result.structured_content is not None, f"{name}: no structuredContent")
    jsonschema.validate(result.structured_content, schemas[name])
    check(result.content and result.content[0].type == "text", f"{name}: no text content")
    return result.structured_content


async def full_flow(binary, spec, work):
    components = spec["components"]["schemas"]
    async with stdio_client(server(binary, work)) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check(init.server_info.name == "wonderchat", f"server: {init.server_info}")
            tools = (await session.list_tools()).tools
            names = [t.name for t in tools]
            check(set(BODIES) | {"feedback_report"} <= set(names), f"tools: {names}")
            outputs = {}
            for tool in tools:
                for kind, schema in (("input", tool.input_schema), ("output", tool.output_schema)):
                    check(schema is not None, f"{tool.name}: no {kind} schema")
                    jsonschema.Draft202012Validator.check_schema(schema)
                    check(schema.get("type") == "object", f"{tool.name}: {kind} is not an object")
                outputs[tool.name] = tool.output_schema
                check(tool.annotations is not None, f"{tool.name}: no annotations")
                # A hint left out has MCP's default (not read-only, destructive).
                read_only = bool(tool.annotations.read_only_hint)
                check(
                    read_only == (tool.name in {"get_conversation", "export_chatlogs", "feedback_report", "plan_pages_sync"}),
                    f"{tool.name}: readOnlyHint {tool.annotations.read_only_hint}",
                )
                destructive = not read_only and tool.annotations.destructive_hint is not False
                check(
                    destructive == tool.name.startswith("remove_"),
                    f"{tool.name}: destructiveHint {tool.annotations.destructive_hint}",
                )
                if tool.name in {"export_chatlogs", "save_chatlogs", "feedback_report"}:
                    # The CLI's words (--chatbot, --since, --until), not the spec's.
                    fields = set(tool.input_schema["properties"])
                    check({"chatbotId", "since", "until"} <= fields, f"{tool.name}: {sorted(fields)}")
                    check(not {"startDate", "endDate"} & fields, f"{tool.name}: {sorted(fields)}")
                body = BODIES.get(tool.name)
                if body is None:
                    continue
                spec_body = components[body]
                required = set(spec_body.get("required", [])) - SERVER_HELD
                if tool.name == "save_chatlogs":
                    required.add("path")  # the new file's name: the tool's own
                check(
                    set(tool.input_schema.get("required", [])) == required,
                    f"{tool.name}: requires {tool.input_schema.get('required')}, the spec {required}",
                )
                fields = set(spec_body["properties"]) - SERVER_HELD
                check(
                    fields <= set(tool.input_schema["properties"]),
                    f"{tool.name}: lacks {fields - set(tool.input_schema['properties'])}",
                )
                check(
                    not SERVER_HELD & set(tool.input_schema["properties"]),
                    f"{tool.name}: takes a server-held field",
                )
                # Every description of the spec's fields reaches the agent.
                for field in fields:
                    check(
                        tool.input_schema["properties"][field].get("description"),
                        f"{tool.name}.{field}: no description",
                    )

            question = "How do I reset my password?"
            answer = await call(
                session, outputs, "ask_chatbot", {"chatbotId": "demo-chatbot", "question": question}
            )
            rated = await call(
                session,
                outputs,
                "rate_answer",
                {"messageId": answer["messageId"], "feedback": "HELPFUL", "userComment": "clear"},
            )
            check(rated["feedback"] == "HELPFUL", f"rate_answer: {rated}")
            conversation = await call(
                session, outputs, "get_conversation", {"chatlogId": answer["chatlogId"]}
            )
            check(
                any(m["content"] == question for m in conversation["messages"]),
                f"get_conversation: {conversation}",
            )
            tagged = await call(
                session, outputs, "add_tags", {"chatlogId": answer["chatlogId"], "tags": ["password"]}
            )
            check(tagged["tags"] == ["password"], f"add_tags: {tagged}")

            progress = []

            async def on_progress(done, total, message):
                progress.append(done)

            exported = await call(
                session,
                outputs,
                "save_chatlogs",
                {"path": "agent-export.jsonl"},
                progress_callback=on_progress,
            )
            with open(os.path.join(work, "agent-export.jsonl"), encoding="utf-8") as f:
                lines = [json.loads(line) for line in f]
            check(len(lines) == exported["headline"]["conversations"] > 0, f"export: {exported}, {len(lines)} lines")
            check(progress and progress == sorted(progress), f"progress: {progress}")
            check(progress[-1] == exported["headline"]["conversations"], f"the last progress is the total: {progress}")
            # Dates as agents send them; the text part alone answers.
            for since in ("7d", "2026-11-26"):
                result = await session.call_tool("export_chatlogs", {"since": since, "rating": "BAD"})
                check(not result.is_error, f"export_chatlogs since {since}: {result.content}")
                jsonschema.validate(result.structured_content, outputs["export_chatlogs"])
            report = await call(session, outputs, "feedback_report", {"since": "30d"})
            check(report["headline"]["conversations"] > 0, f"feedback_report: {report}")
            brief = (await session.call_tool("feedback_report", {})).content
            check(len(brief) == 1 and "Fix first:" in brief[0].text and "add_pages" in brief[0].text,
                  f"feedback_report's text is the answer: {brief}")
            check(len(brief[0].text) < 2500, f"feedback_report's text is short: {len(brief[0].text)}")

            # The latest report as a resource, a conversation by template, the triage prompt.
            resources = (await session.list_resources()).resources
            check([str(r.uri) for r in resources] == ["wonderchat://report/latest"], f"resources: {resources}")
            latest = await session.read_resource("wonderchat://report/latest")
            check("Fix first:" in latest.contents[0].text, f"the latest report: {latest.contents[0].text[:300]}")
            templates = (await session.list_resource_templates()).resource_templates
            check(templates[0].uri_template == "wonderchat://conversation/{chatlogId}", f"templates: {templates}")
            prompts = (await session.list_prompts()).prompts
            check([p.name for p in prompts] == ["triage_thumbs_down"], f"prompts: {prompts}")
            triage = await session.get_prompt("triage_thumbs_down", {"since": "3d"})
            check("feedback_report" in triage.messages[0].content.text, f"prompt: {triage}")

            bad = await session.call_tool("ask_chatbot", {"chatbotId": "demo-chatbot"})
            check(bad.is_error, "a missing question must be a tool error")
            check("question" in bad.content[0].text, f"the error names the field: {bad.content}")
            await session.send_ping()
    print(f"full flow: {len(names)} tools, {exported['headline']['conversations']} chatlogs exported, "
          f"{len(progress)} progress notifications")


async def read_only(binary, work):
    async with stdio_client(server(binary, work, "--read-only")) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = (await session.list_tools()).tools
            names = {t.name for t in tools}
            check(not names & CHANGES_DATA, f"read-only lists {names & CHANGES_DATA}")
            # Read-only is the annotation: every tool left says so.
            check(all(t.annotations.read_only_hint for t in tools), f"read-only: {tools}")
            try:
                result = await session.call_tool("add_tags", {"chatlogId": "c", "tags": ["x"]})
                check(result.is_error, "a hidden tool must fail")
            except Exception as error:  # the SDK raises the protocol error
                check("unknown tool" in str(error), f"hidden tool: {error}")
            await session.send_ping()
    print(f"read-only: {sorted(names)}")
    # Asking stays available only as a named choice.
    async with stdio_client(server(binary, work, "--read-only", "--allow-ask")) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            names = {t.name for t in (await session.list_tools()).tools}
            check(names & CHANGES_DATA == {"ask_chatbot"}, f"--allow-ask: {sorted(names)}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def over_http(url, token):
    client = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
    async with client, streamable_http_client(url, http_client=client) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check(init.server_info.name == "wonderchat", f"server over HTTP: {init.server_info}")
            answer = await session.call_tool(
                "ask_chatbot", {"chatbotId": "demo-chatbot", "question": "Over HTTP?"}
            )
            check(not answer.is_error, f"ask over HTTP: {answer.content}")
            conversation = await session.call_tool(
                "get_conversation", {"chatlogId": answer.structured_content["chatlogId"]}
            )
            check(
                any(m["content"] == "Over HTTP?" for m in conversation.structured_content["messages"]),
                f"get_conversation over HTTP: {conversation.structured_content}",
            )


async def refused_without_token(url):
    client = create_mcp_http_client()
    async with client:
        response = await client.post(
            url,
            json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
            headers={"Accept": "application/json, text/event-stream"},
        )
    check(response.status_code == 401, f"no token: HTTP {response.status_code}")


def http(binary, work):
    token = "conformance-" + os.urandom(16).hex()
    port = free_port()
    env = {
        "WONDERCHAT_CONFIG": os.path.join(work, "no-config.toml"),
        "WONDERCHAT_MCP_TOKEN": token,
        "PATH": os.environ.get("PATH", ""),
    }
    server = subprocess.Popen(
        [binary, "--mock", "--quiet", "mcp", "--http", f"127.0.0.1:{port}"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/mcp"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        asyncio.run(refused_without_token(url))
        asyncio.run(over_http(url, token))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("streamable HTTP: 401 without the token; ask and read with it")


def main():
    binary, spec_path, work = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    asyncio.run(full_flow(binary, spec, work))
    asyncio.run(read_only(binary, work))
    http(binary, work)
    print("the Python MCP SDK: all checks passed")


if __name__ == "__main__":
    main()

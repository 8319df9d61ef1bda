// `wonderchat mcp` driven by the official TypeScript MCP SDK
// (@modelcontextprotocol/sdk) over stdio, against the CLI's built-in mock:
// the same flow as client_flow.py. The SDK itself validates every
// structuredContent against the tool's outputSchema (Ajv).
//
// Usage: tsx client_flow.ts WONDERCHAT_BINARY WORK_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [binary, work] = process.argv.slice(2);

function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    console.error(`FAIL: ${message}`);
    process.exit(1);
  }
}

type Structured = Record<string, any>;

async function call(client: Client, name: string, args: Record<string, unknown>, onprogress?: (p: { progress: number }) => void): Promise<Structured> {
  const result = await client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress } : undefined);
  check(!result.isError, `${name}: ${JSON.stringify(result.content)}`);
  check(result.structuredContent, `${name}: no structuredContent`);
  return result.structuredContent as Structured;
}

const transport = new StdioClientTransport({
  command: binary,
  args: ["--mock", "--quiet", "mcp", "--export-dir", work],
  env: { PATH: process.env.PATH ?? "", WONDERCHAT_CONFIG: join(work, "no-config.toml") },
  stderr: "inherit",
});
const client = new Client({ name: "wonderchat-conformance", version: "1.0.0" });
await client.connect(transport);
check(client.getServerVersion()?.name === "wonderchat", "server name");

const { tools } = await client.listTools();
check(tools.length >= 10, `10 tools or more, got ${tools.map((t) => t.name)}`);
for (const tool of tools) {
  check(tool.inputSchema.type === "object", `${tool.name}: input schema`);
  check(tool.outputSchema?.type === "object", `${tool.name}: output schema`);
  check(!("apiKey" in (tool.inputSchema.properties ?? {})), `${tool.name}: takes apiKey`);
}

const question = "How do I reset my password?";
const answer = await call(client, "ask_chatbot", { chatbotId: "demo-chatbot", question });
const rated = await call(client, "rate_answer", { messageId: answer.messageId, feedback: "NOT_HELPFUL" });
check(rated.feedback === "NOT_HELPFUL", `rate_answer: ${JSON.stringify(rated)}`);
const conversation = await call(client, "get_conversation", { chatlogId: answer.chatlogId });
check(conversation.messages.some((m: Structured) => m.content === question), "get_conversation shows the question");
const tagged = await call(client, "add_tags", { chatlogId: answer.chatlogId, tags: ["ts-sdk"] });
check(tagged.tags[0] === "ts-sdk", "add_tags");
const progress: number[] = [];
const exported = await call(client, "save_chatlogs", { path: "ts-export.jsonl" }, (p) => progress.push(p.progress));
const lines = readFileSync(join(work, "ts-export.jsonl"), "utf8").trim().split("\n");
check(lines.length === exported.headline.conversations && lines.length > 0, `export: ${lines.length} lines, ${exported.headline.conversations} chatlogs`);
check(progress.length > 0 && progress[progress.length - 1] === exported.headline.conversations, `progress: ${progress}`);
const week = await call(client, "export_chatlogs", { since: "7d", rating: "BAD", samples: 2 });
check(week.headline.conversations > 0 && week.headline.bad === week.headline.conversations, `export_chatlogs since 7d, BAD: ${JSON.stringify(week.headline)}`);
const report = await client.callTool({ name: "feedback_report", arguments: { since: "2026-11-01" } });
const reportText = (report.content as Array<{ type: string; text: string }>)[0].text;
check(!report.isError && reportText.includes("Fix first:"), `feedback_report's text is the answer: ${reportText}`);
const bad = await client.callTool({ name: "rate_answer", arguments: { messageId: "m", feedback: "MEH" } });
check(bad.isError, "a bad enum value is a tool error");
await client.ping();
await client.close();
console.log(`the TypeScript MCP SDK: all checks passed (${exported.headline.conversations} chatlogs, ${progress.length} progress notifications)`);

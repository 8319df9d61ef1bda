// Round trip through openapi-typescript types and openapi-fetch, generated
// from openapi/wonderchat.json, against the standalone mock.
// Usage: tsx roundtrip.ts BASE_URL   (schema.d.ts generated beside this file)
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Feedback = components["schemas"]["Feedback"];
type ErrorResponse = components["schemas"]["ErrorResponse"];
type ChatResponse = components["schemas"]["ChatResponse"];

const baseUrl = process.argv[2];
const client = createClient<paths>({ baseUrl });
let messageId = "";

async function send(apiKey: string, feedback: Feedback) {
  return client.POST("/api/v1/update-message-feedback", {
    body: { apiKey, messageId, feedback, userComment: "from TypeScript" },
  });
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

// The workflow: ask (no key), feedback on the answer's id, read the conversation.
const asked = await client.POST("/api/v1/chat", {
  body: { chatbotId: "demo-chatbot", question: "How do I reset my password?", stream: false },
});
// The 200 is JSON or an event stream (stream: true): narrow to the JSON answer.
check(asked.data !== undefined && "chatlogId" in asked.data, "chat answered with JSON");
const answer = asked.data as ChatResponse;
check(answer.id.length > 0 && answer.chatlogId.length > 0, "chat answer with ids");
const rated = await client.POST("/api/v1/update-message-feedback", {
  body: { apiKey: "wonderchat-demo-key", messageId: answer.id, feedback: "HELPFUL" },
});
check(rated.data?.wasUpdated === false, "feedback on the answer's id");
const read = await client.POST("/api/v1/messages", {
  body: { apiKey: "wonderchat-demo-key", chatlogId: answer.chatlogId },
});
const kinds = read.data?.messages.map((m) => m.type).join(",");
check(kinds === "user,bot", `messages of the chatlog: ${kinds}`);
check(read.data?.messages[1].content === answer.response, "the answer is in the chatlog");

// The mock knows only the message ids it issued: a fresh answer's.
const fresh = await client.POST("/api/v1/chat", {
  body: { chatbotId: "demo-chatbot", question: `question ${Date.now()}`, stream: false },
});
messageId = (fresh.data as ChatResponse).id;

const first = await send("wonderchat-demo-key", "HELPFUL");
check(first.data !== undefined && first.data.wasUpdated === false, "first answer wasUpdated false");

const second = await send("wonderchat-demo-key", "NOT_HELPFUL");
check(second.data !== undefined && second.data.wasUpdated === true, "second answer wasUpdated true");
check(second.data?.messageFeedback.id === first.data?.messageFeedback.id, "stable feedback id");

const refused = await send("not-the-key", "HELPFUL");
const error: ErrorResponse | undefined = refused.error;
check(refused.response.status === 401, "wrong key answers 401");
check(error !== undefined && error.status === "error" && error.message.length > 0, "error parsed as ErrorResponse");

console.log(
  "typescript client: chat -> feedback on the answer -> messages; wasUpdated false then true, wrong key parsed as ErrorResponse",
);

// Round trip through openapi-typescript types and openapi-fetch, generated
// from openapi/wonderchat.json, against the standalone mock.
// Usage: tsx roundtrip.ts BASE_URL   (schema.d.ts generated beside this file)
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Feedback = components["schemas"]["Feedback"];
type ErrorResponse = components["schemas"]["ErrorResponse"];

const baseUrl = process.argv[2];
const client = createClient<paths>({ baseUrl });
const messageId = `ts-${Date.now()}-${Math.random().toString(36).slice(2)}`;

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

const first = await send("wonderchat-demo-key", "HELPFUL");
check(first.data !== undefined && first.data.wasUpdated === false, "first answer wasUpdated false");

const second = await send("wonderchat-demo-key", "NOT_HELPFUL");
check(second.data !== undefined && second.data.wasUpdated === true, "second answer wasUpdated true");
check(second.data?.messageFeedback.id === first.data?.messageFeedback.id, "stable feedback id");

const refused = await send("not-the-key", "HELPFUL");
const error: ErrorResponse | undefined = refused.error;
check(refused.response.status === 401, "wrong key answers 401");
check(error !== undefined && error.status === "error" && error.message.length > 0, "error parsed as ErrorResponse");

console.log("typescript client: wasUpdated false then true, wrong key parsed as ErrorResponse");

"""`cargo xtask bench`, the MCP row's instruction counts: `wonderchat mcp`
under callgrind, driven over stdio by a plain JSON-RPC client (no SDK, so
only the server is counted), against the mock process at URL. After
initialize, CALLS calls of KIND (`tool`: a rate_answer call; `refused`: the
same call refused by the argument check, before any API call). Prints

  instructions <what the server executed in all, start-up included>

Usage: mcp_instructions.py WONDERCHAT_BINARY URL KEY KIND CALLS WORK_DIR
"""

import json
import os
import re
import subprocess
import sys


def main(binary, url, key, kind, calls, work):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "WONDERCHAT_API_KEY": key,
        "WONDERCHAT_BASE_URL": url,
        "WONDERCHAT_CONFIG": os.path.join(work, "no-config.toml"),
    }
    feedback = {"tool": "HELPFUL", "refused": "SO-SO"}[kind]
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary, "--quiet", "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )

    def send(message):
        server.stdin.write((json.dumps(message) + "\n").encode())
        server.stdin.flush()

    def call(number, method, params):
        send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        answer = json.loads(server.stdout.readline())
        if answer.get("id") != number:
            raise SystemExit(f"unexpected answer: {answer}")
        return answer

    call(0, "initialize", {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "bench", "version": "1"},
    })
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    arguments = {"messageId": "msg_123", "feedback": feedback}
    for number in range(1, calls + 1):
        result = call(number, "tools/call", {"name": "rate_answer", "arguments": arguments})["result"]
        if result.get("isError") != (kind == "refused"):
            raise SystemExit(f"unexpected result for a {kind} call: {result}")
    server.stdin.close()
    stderr = server.stderr.read()
    server.wait(timeout=120)
    found = re.search(r"I\s+refs:\s+([\d,]+)", stderr.decode(errors="replace"))
    if server.returncode != 0 or not found:
        raise SystemExit(f"callgrind over the server failed ({server.returncode}):\n{stderr[-2000:]}")
    print(f"instructions {found.group(1).replace(',', '')}")


if __name__ == "__main__":
    binary, url, key, kind, calls, work = sys.argv[1:7]
    main(binary, url, key, kind, int(calls), work)

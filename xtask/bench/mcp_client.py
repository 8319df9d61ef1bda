"""`cargo xtask bench`, the MCP row: `wonderchat mcp` over stdio as the
official Python MCP SDK sees it. Against the mock process at URL, in blocks
of 100: rate_answer tool calls, the same with the client's check of the
result against the output schema left out, pings, and rate_answer calls
refused before any API call (the fixed cost of a tool call's round trip).
Prints one line per figure:

  tool_call_us <median of the blocks' means>
  unchecked_call_us <the same, the client not checking structuredContent
                     against the tool's output schema (the SDK does that
                     for every successful result, in the client)>
  ping_us <median of the blocks' means>
  refused_call_us <the same for a rate_answer call the server refuses
                   before any API call (an argument error): the fixed cost
                   of a tool call's round trip through both SDKs>
  rss_idle_kib <the server's RSS after initialize>
  rss_after_kib <its RSS after every call>
  calls <tool calls made>

Usage: mcp_client.py WONDERCHAT_BINARY URL KEY CALLS WORK_DIR
"""

import asyncio
import os
import statistics
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BLOCK = 100


def server_pid(binary):
    """The pid of our child running `binary`."""
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                command = f.read().split(b"\0")[0].decode()
        except OSError:
            continue
        if fields[1] == me and command == binary:
            return int(entry)
    raise SystemExit("the server process was not found")


def rss_kib(pid):
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise SystemExit("no VmRSS")


async def unchecked(*_args, **_kwargs):
    """In place of `ClientSession.validate_tool_result` for the unchecked blocks."""


async def main(binary, url, key, calls, work):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "WONDERCHAT_API_KEY": key,
        "WONDERCHAT_BASE_URL": url,
        "WONDERCHAT_CONFIG": os.path.join(work, "no-config.toml"),
    }
    params = StdioServerParameters(command=binary, args=["--quiet", "mcp"], env=env)
    arguments = {"messageId": "msg_123", "feedback": "HELPFUL"}
    refused = {"messageId": "msg_123", "feedback": "SO-SO"}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            await session.list_tools()
            pid = server_pid(binary)
            await asyncio.sleep(1)
            idle = rss_kib(pid)
            for _ in range(200):
                result = await session.call_tool("rate_answer", arguments)
                if result.is_error:
                    raise SystemExit(f"rate_answer failed: {result.content}")
                await session.send_ping()
            tool_means, unchecked_means, ping_means, refused_means = [], [], [], []
            for _ in range(calls // BLOCK):
                started = time.perf_counter()
                for _ in range(BLOCK):
                    await session.call_tool("rate_answer", arguments)
                tool_means.append((time.perf_counter() - started) * 1e6 / BLOCK)
                session.validate_tool_result = unchecked
                started = time.perf_counter()
                for _ in range(BLOCK):
                    await session.call_tool("rate_answer", arguments)
                unchecked_means.append((time.perf_counter() - started) * 1e6 / BLOCK)
                del session.validate_tool_result
                started = time.perf_counter()
                for _ in range(BLOCK):
                    await session.send_ping()
                ping_means.append((time.perf_counter() - started) * 1e6 / BLOCK)
                started = time.perf_counter()
                for _ in range(BLOCK):
                    await session.call_tool("rate_answer", refused)
                refused_means.append((time.perf_counter() - started) * 1e6 / BLOCK)
            after = rss_kib(pid)
    print(f"tool_call_us {statistics.median(tool_means):.2f}")
    print(f"unchecked_call_us {statistics.median(unchecked_means):.2f}")
    print(f"ping_us {statistics.median(ping_means):.2f}")
    print(f"refused_call_us {statistics.median(refused_means):.2f}")
    print(f"rss_idle_kib {idle}")
    print(f"rss_after_kib {after}")
    print(f"calls {200 + 2 * len(tool_means) * BLOCK}")


if __name__ == "__main__":
    binary, url, key, calls, work = sys.argv[1:6]
    asyncio.run(main(binary, url, key, int(calls), work))

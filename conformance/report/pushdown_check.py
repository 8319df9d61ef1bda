"""The report past one machine: `report --sql duckdb` run by DuckDB and
`report --sql spark` run by PySpark (local[2], the machine's Java), each
read back with `report --from-aggregates` (tables in JSON Lines and in
CSV), must give the JSON of `report --from FILE` exactly: every figure,
the topics and the knowledge gaps (only `generatedAt` differs).

The seeded export is made messy first, so that the engines meet what real
exports hold: several chatbots, states and ratings in other cases and
words, confidences out of range or missing, no messages, blank questions
of Unicode spaces, a chatlog of 70 exchanges, offsets other than Z,
addresses with fragments, ports and tracking parameters, answers with an
http and an https link.

Usage: pushdown_check.py CLI EXPORT.jsonl WORKDIR"""

import json
import os
import subprocess
import sys
import time

cli, export, work = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(work, exist_ok=True)
# Spark on loopback only, whatever the host's name resolves to.
os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"


def messy(line, i):
    c = json.loads(line)
    if i % 3 == 0:
        c["chatbotId"] = "docs-bot"
    if i % 7 == 0:
        c["chatbotId"] = "sales-bot"
    if i % 97 == 0:
        c["aiResolutionState"] = "handed_off_to_agent"
    elif i % 89 == 0:
        c["aiResolutionState"] = "Resolved"
    if i % 83 == 0:
        c["averageConfidence"] = 1.5
    elif i % 79 == 0:
        c["averageConfidence"] = None
    elif i % 37 == 0:
        c["averageConfidence"] = 0.1234567895
    if i % 47 == 0:
        c["userFeedback"] = "bad" if i % 2 else "good"
    if i % 43 == 0:
        c["countryCode"] = None
    if i % 59 == 0:
        c["initialPageUrl"] = "HTTPS://Example.COM:443/Docs/?ref=x&b=2&UTM_Term=y#top"
    if i % 61 == 0:
        # The same instant two hours ahead.
        at = c["createdAt"]
        hour = int(at[11:13])
        if hour < 22:
            c["createdAt"] = f"{at[:11]}{hour + 2:02d}{at[13:23]}+02:00"
    messages = c.get("messages") or []
    if i % 71 == 0:
        c["messages"] = None
    elif i % 67 == 0:
        c["messages"] = [{"userMessage": "\u00a0\u3000 ", "botMessage": "?", "createdAt": c["createdAt"]}] + messages
    elif i % 41 == 0:
        c["messages"] = [{"userMessage": " ", "botMessage": None, "createdAt": c["createdAt"]}] * 64 + messages
    elif i % 53 == 0 and messages:
        messages[0]["botMessage"] = "See http://a.example/x, or https://b.example/y?q=1)."
    return json.dumps(c, ensure_ascii=False)


messy_export = os.path.join(work, "messy.jsonl")
with open(export, encoding="utf-8") as src, open(messy_export, "w", encoding="utf-8") as out:
    n = 0
    for i, line in enumerate(src):
        if line.strip():
            out.write(messy(line, i) + "\n")
            n += 1
print(f"{n} chatlogs, made messy")


def run(*args):
    return subprocess.run([cli, "--quiet", *args], check=True, capture_output=True, text=True).stdout


def figures(path):
    report = json.load(open(path))
    report.pop("generatedAt")
    return report


def differences(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            yield from differences(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}"


def duckdb_path(options, out):
    import duckdb

    script = run("report", "--sql", "duckdb", "--tables-dir", out, *options)
    os.makedirs(out, exist_ok=True)
    con = duckdb.connect()
    con.execute("CREATE TABLE chatlogs AS SELECT * FROM read_json(?, format = 'newline_delimited')", [messy_export])
    con.execute(script)


spark = None


def spark_path(options, out):
    global spark
    from pyspark.sql import SparkSession

    if spark is None:
        spark = (
            SparkSession.builder.master("local[2]")
            .appName("wonderchat-agreement")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        spark.read.json(messy_export).createOrReplaceTempView("chatlogs")
    script = run("report", "--sql", "spark", "--tables-dir", out, *options)
    for statement in script.split(";\n"):
        lines = [l for l in statement.splitlines() if l.strip() and not l.startswith("--")]
        if lines:
            spark.sql("\n".join(lines))


CASES = {
    "all": [],
    "csv": ["--tables-format", "csv"],
    "period": ["--since", "2026-10-01", "--until", "2026-11-20", "--compare", "previous",
               "--low-confidence", "0.6", "--chatbot", "docs-bot"],
}
failures = []
for name, options in CASES.items():
    local = os.path.join(work, f"{name}-local.json")
    run("report", "--from", messy_export, *options, "-o", local)
    expected = figures(local)
    assert expected["headline"]["conversations"] > 0 and expected["knowledgeGaps"], name
    for engine, path in [("duckdb", duckdb_path), ("spark", spark_path)]:
        tables = os.path.join(work, f"{name}-{engine}")
        started = time.time()
        path(options, tables)
        took = time.time() - started
        got = os.path.join(work, f"{name}-{engine}.json")
        run("report", "--from-aggregates", tables, "-o", got)
        found = list(differences(expected, figures(got)))
        print(f"{name}: {engine} in {took:.1f} s, {len(found)} differences "
              f"({expected['headline']['conversations']} conversations, "
              f"{len(expected['knowledgeGaps'])} gaps, {len(expected['perChatbot'])} chatbots)")
        failures += [f"{name}, {engine}: {d}" for d in found[:20]]
# A limit on the groups of questions sent back: both engines keep the same
# groups (ranked alike), every figure but those of the words stays the
# file's, and the report says how many conversations' words were not read.
limited = {}
for engine, path in [("duckdb", duckdb_path), ("spark", spark_path)]:
    tables = os.path.join(work, f"limited-{engine}")
    path(["--questions-limit", "1000"], tables)
    got = os.path.join(work, f"limited-{engine}.json")
    run("report", "--from-aggregates", tables, "-o", got)
    limited[engine] = figures(got)
found = list(differences(limited["duckdb"], limited["spark"]))
failures += [f"limited, duckdb against spark: {d}" for d in found[:20]]
expected = figures(os.path.join(work, "all-local.json"))
unread = limited["duckdb"]["input"].get("wordsNotRead", 0)
print(f"limited to 1000 groups: {len(found)} differences between the engines, "
      f"the words of {unread} conversations not read")
if not 0 < unread < expected["headline"]["conversations"]:
    failures.append(f"limited: wordsNotRead is {unread}")
for key in ["series", "weeks", "confidence", "states", "countries", "pages"]:
    failures += [f"limited, {key}: {d}" for d in differences(expected[key], limited["duckdb"][key])][:5]
per_chatbot = lambda r: [(c["chatbotId"], c["headline"]["conversations"], c["headline"]["handedOff"]) for c in r["perChatbot"]]
if per_chatbot(expected) != per_chatbot(limited["duckdb"]):
    failures.append(f"limited, perChatbot: {per_chatbot(expected)} != {per_chatbot(limited['duckdb'])}")
for key in ["conversations", "failed", "handedOff", "good", "bad", "averageConfidence"]:
    if expected["headline"][key] != limited["duckdb"]["headline"][key]:
        failures.append(f"limited, headline.{key}: {expected['headline'][key]} != {limited['duckdb']['headline'][key]}")
if spark is not None:
    spark.stop()
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("the report of DuckDB's and Spark's tables equals the report of the file")

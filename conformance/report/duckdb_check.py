"""The report's figures against DuckDB: the same export loaded with
read_json and counted with SQL must give every headline figure, the daily
series and the country and entry-page tables of `wonderchat report
--format json`. Usage: duckdb_check.py EXPORT.jsonl REPORT.json"""

import json
import sys

import duckdb

export, report_path = sys.argv[1], sys.argv[2]
report = json.load(open(report_path))
low = report["lowConfidence"]
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute(
    """CREATE TABLE c AS SELECT * FROM read_json(?, format = 'newline_delimited',
    columns = {createdAt: 'TIMESTAMPTZ', chatbotId: 'VARCHAR', countryCode: 'VARCHAR',
               userFeedback: 'VARCHAR', averageConfidence: 'DOUBLE',
               aiResolutionState: 'VARCHAR', initialPageUrl: 'VARCHAR', messages: 'JSON'})""",
    [export],
)
FIGURES = f"""
    count(*) AS conversations,
    coalesce(sum(json_array_length(messages)), 0) AS exchanges,
    count(userFeedback) AS rated,
    count(*) FILTER (upper(userFeedback) = 'GOOD') AS good,
    count(*) FILTER (upper(userFeedback) = 'BAD') AS bad,
    count(aiResolutionState) AS known,
    count(*) FILTER (upper(aiResolutionState) = 'RESOLVED') AS resolved,
    count(*) FILTER (upper(aiResolutionState) = 'UNRESOLVED') AS unresolved,
    avg(averageConfidence) FILTER (averageConfidence BETWEEN 0 AND 1) AS confidence,
    count(*) FILTER (upper(userFeedback) = 'BAD' OR upper(aiResolutionState) = 'UNRESOLVED'
                     OR (averageConfidence BETWEEN 0 AND 1 AND averageConfidence < {low})) AS failed
"""
failures = []


def same(what, ours, theirs):
    if theirs is None or ours is None:
        ok = ours is None and theirs is None
    else:
        ok = abs(float(ours) - float(theirs)) <= 1e-9 * max(1.0, abs(float(theirs)))
    if not ok:
        failures.append(f"{what}: report {ours!r}, DuckDB {theirs!r}")


def share(hits, n):
    return None if n == 0 else hits / n


row = con.execute(f"SELECT {FIGURES} FROM c").fetchone()
(conversations, exchanges, rated, good, bad, known, resolved, unresolved, confidence, failed) = row
h = report["headline"]
same("conversations", h["conversations"], conversations)
same("exchanges", h["exchanges"], exchanges)
same("rated share", h["ratedShare"], share(rated, conversations))
same("satisfaction", (h["satisfaction"] or {}).get("value"), share(good, rated))
same("resolution", (h["resolution"] or {}).get("value"), share(resolved, known))
same("average confidence", h["averageConfidence"], confidence)
same("failed", h["failed"], failed)

if report["granularity"] == "day":
    days = con.execute(
        f"SELECT CAST(createdAt AS DATE) AS d, {FIGURES} FROM c GROUP BY d ORDER BY d"
    ).fetchall()
    same("days", len(report["series"]), len(days))
    for point, day in zip(report["series"], days):
        same(f"{day[0]} date", 0 if point["start"] == str(day[0]) else 1, 0)
        same(f"{day[0]} conversations", point["conversations"], day[1])
        same(f"{day[0]} satisfaction", point["satisfaction"], share(day[4], day[3]))
        same(f"{day[0]} resolution", point["resolution"], share(day[7], day[6]))

for key, column, missing in [
    ("countries", "countryCode", "(unknown)"),
    ("pages", "initialPageUrl", "(none)"),
]:
    rows = con.execute(
        f"SELECT coalesce({column}, '{missing}') AS k, {FIGURES} FROM c GROUP BY k "
        "ORDER BY conversations DESC, k LIMIT 20"
    ).fetchall()
    same(f"{key} rows", len(report[key]), len(rows))
    for place, r in zip(report[key], rows):
        same(f"{key} {r[0]} name", 0 if place["name"] == r[0] else 1, 0)
        same(f"{key} {r[0]} conversations", place["conversations"], r[1])
        same(f"{key} {r[0]} BAD share", place["badShare"], share(r[5], r[3]))
        same(f"{key} {r[0]} UNRESOLVED share", place["unresolvedShare"], share(r[8], r[6]))

if failures:
    print("the report disagrees with DuckDB:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
print(f"DuckDB {duckdb.__version__} agrees: {conversations} conversations, "
      f"{len(report['series'])} days, {len(report['countries'])} countries, {len(report['pages'])} pages")

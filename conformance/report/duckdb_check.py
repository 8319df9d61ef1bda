"""The report's figures against DuckDB: the same export loaded with
read_json and counted with SQL must give every headline figure (with GOOD
and BAD counts, the failed share, hand-offs by resolution state), the
resolution states, the daily and weekly series, and the country and entry
page tables (pages normalised by the report's documented rule, in SQL) of
`wonderchat report --format json`. Escalation asked in the users' words and
the topics and languages need language processing SQL does not have; they
are checked by the planted-truth tests. Usage: duckdb_check.py EXPORT.jsonl
REPORT.json"""

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
# The report's page rule (crates/wonderchat-insights/src/places.rs): no
# fragment, no tracking parameters, scheme and host in lower case, no
# default port, no trailing slash after a path.
TRACKING = ["gclid", "gbraid", "wbraid", "dclid", "fbclid", "msclkid", "yclid", "twclid", "igshid",
            "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref", "ref_src"]
con.execute(f"""
CREATE MACRO normalize(u) AS (
  WITH parts AS (SELECT
      lower(regexp_extract(regexp_replace(trim(u), '#.*$', ''), '^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)', 1)) AS origin,
      regexp_extract(regexp_replace(trim(u), '#.*$', ''), '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?]*)', 1) AS path,
      list_filter(string_split(regexp_extract(regexp_replace(trim(u), '#.*$', ''), '\\?(.*)$', 1), '&'),
                  lambda x: x <> '' AND NOT (lower(split_part(x, '=', 1)) LIKE 'utm\\_%' ESCAPE '\\'
                                        OR lower(split_part(x, '=', 1)) IN {tuple(TRACKING)})) AS kept)
  SELECT CASE WHEN origin = '' THEN trim(u) ELSE
    regexp_replace(regexp_replace(origin, ':443$', ''), ':80$', '')
    || CASE WHEN path = '' THEN '/' WHEN length(path) > 1 THEN regexp_replace(path, '/+$', '') ELSE path END
    || CASE WHEN len(kept) > 0 THEN '?' || array_to_string(kept, '&') ELSE '' END END
  FROM parts)
""")
HAND_OFF = "regexp_matches(upper(aiResolutionState), 'HAND|ESCALAT|TRANSFER|HUMAN|AGENT')"
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
                     OR (averageConfidence BETWEEN 0 AND 1 AND averageConfidence < {low})) AS failed,
    count(*) FILTER ({HAND_OFF}) AS handed_off
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


def value(rate):
    return None if rate is None else rate["value"]


row = con.execute(f"SELECT {FIGURES} FROM c").fetchone()
(conversations, exchanges, rated, good, bad, known, resolved, unresolved, confidence, failed, handed_off) = row
h = report["headline"]
same("conversations", h["conversations"], conversations)
same("exchanges", h["exchanges"], exchanges)
same("rated", h["rated"], rated)
same("GOOD", h["good"], good)
same("BAD", h["bad"], bad)
same("rated share", h["ratedShare"], share(rated, conversations))
same("satisfaction", value(h["satisfaction"]), share(good, rated))
same("resolution", value(h["resolution"]), share(resolved, known))
same("average confidence", h["averageConfidence"], confidence)
same("failed", h["failed"], failed)
same("failed share", value(h["failedShare"]), share(failed, conversations))
same("handed off", h["handedOff"], handed_off)

states = con.execute(
    "SELECT upper(aiResolutionState) AS s, count(*) AS n FROM c WHERE aiResolutionState IS NOT NULL "
    "GROUP BY s ORDER BY n DESC, s").fetchall()
same("states", len(report["states"]), len(states))
for ours, (state, n) in zip(report["states"], states):
    same(f"state {state} name", 0 if ours["state"] == state else 1, 0)
    same(f"state {state}", ours["conversations"], n)


def series(points, unit):
    rows = con.execute(
        f"SELECT date_trunc('{unit}', CAST(createdAt AS DATE)) AS d, {FIGURES} FROM c GROUP BY d ORDER BY d"
    ).fetchall()
    same(f"{unit}s", len(points), len(rows))
    for point, r in zip(points, rows):
        day = str(r[0])[:10]
        same(f"{unit} {day} date", 0 if point["start"] == day else 1, 0)
        same(f"{unit} {day} conversations", point["conversations"], r[1])
        same(f"{unit} {day} failed", point["failed"], r[10])
        same(f"{unit} {day} satisfaction", value(point["satisfaction"]), share(r[4], r[3]))
        same(f"{unit} {day} resolution", value(point["resolution"]), share(r[7], r[6]))


if report["granularity"] == "day":
    series(report["series"], "day")
series(report["weeks"], "week")

for key, column, missing in [
    ("countries", "countryCode", "(unknown)"),
    ("pages", "normalize(initialPageUrl)", "(none)"),
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
    for f in failures[:40]:
        print("  " + f)
    sys.exit(1)
print(f"DuckDB {duckdb.__version__} agrees: {conversations} conversations (GOOD {good}, BAD {bad}, "
      f"handed off {handed_off}), {len(states)} states, {len(report['series'])} days, "
      f"{len(report['weeks'])} weeks, {len(report['countries'])} countries, {len(report['pages'])} pages")

"""`wonderchat eval run --junit` read by junitparser (PyPI), a JUnit consumer
not written here: the right counts of tests, failures, errors and skips.

Usage: junit_check.py WONDERCHAT_BINARY REPO_ROOT WORK_DIR
"""
import os
import subprocess
import sys
from pathlib import Path

from junitparser import Error, Failure, JUnitXml, Skipped

cli, root, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
work.mkdir(parents=True, exist_ok=True)
env = dict(os.environ, WONDERCHAT_EVAL_LEDGER=str(work / "ledger.jsonl"))


def run(suite, junit, expected_exit):
    done = subprocess.run(
        [cli, "--mock", "--quiet", "eval", "run", str(suite), "--junit", str(junit)],
        env=env, cwd=work, capture_output=True, text=True, timeout=300,
    )
    if done.returncode != expected_exit:
        sys.exit(f"{suite}: exit {done.returncode}, not {expected_exit}\n{done.stdout}\n{done.stderr}")
    xml = JUnitXml.fromfile(str(junit))
    suites = list(xml)
    if len(suites) != 1:
        sys.exit(f"{junit}: {len(suites)} testsuites, not 1")
    return suites[0]


def expect(suite, tests, failures, errors, skipped):
    got = (suite.tests, suite.failures, suite.errors, suite.skipped)
    if got != (tests, failures, errors, skipped):
        sys.exit(f"{suite.name}: tests/failures/errors/skipped {got}, not {(tests, failures, errors, skipped)}")
    counted = {"failure": 0, "error": 0, "skipped": 0}
    for case in suite:
        for result in case.result:
            kind = {Failure: "failure", Error: "error", Skipped: "skipped"}[type(result)]
            counted[kind] += 1
    if (counted["failure"], counted["error"], counted["skipped"]) != (failures, errors, skipped):
        sys.exit(f"{suite.name}: the testcases' results {counted} disagree with the counts")


# The project's example suite: all pass but the one skipped.
example = run(root / "docs/eval/support.yaml", work / "support.xml", 0)
expect(example, 5, 0, 0, 1)
print(f"docs/eval/support.yaml: {example.tests} tests, 1 skipped (junitparser)")

# One case of each kind: pass, fail, error (a judge that prints no verdict), skip.
judge = work / "garbage.sh"
judge.write_text("#!/bin/sh\necho looks fine to me\n")
judge.chmod(0o755)
mixed = work / "mixed.yaml"
mixed.write_text(
    "chatbot: demo-chatbot\n"
    "cases:\n"
    "  - id: passes\n    question: How do I reset my password?\n    cites: https://example.com/support/reset-password\n"
    "  - id: fails\n    question: How do I reset my password?\n    cites: https://example.com/billing\n"
    "  - id: errs\n    question: What pricing plans are there?\n    judge: ./garbage.sh\n"
    "  - id: skipped\n    question: Later?\n    skip: not yet\n"
)
suite = run(mixed, work / "mixed.xml", 1)
expect(suite, 4, 1, 1, 1)
by_name = {case.name: case for case in suite}
failure = by_name["fails"].result[0]
if "https://example.com/billing is not among the sources" not in (failure.message or ""):
    sys.exit(f"the failure does not say why: {failure.message!r}")
if "printed no verdict" not in (by_name["errs"].result[0].message or ""):
    sys.exit(f"the error does not say why: {by_name['errs'].result[0].message!r}")
print("mixed suite: 4 tests, 1 failure, 1 error, 1 skipped, with their reasons (junitparser)")

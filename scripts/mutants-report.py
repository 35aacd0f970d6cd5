#!/usr/bin/env python3
"""Turns cargo-mutants' outcomes.json into a Markdown report: the score of each crate and
every mutant no test caught, each with its known reason when scripts/mutants-survivors.tsv has
one.

Usage: scripts/mutants-report.py target/mutants/mutants.out [survivors.tsv] > report.md

Score = caught / (caught + missed + timeout). Unviable mutants (they do not compile) say
nothing about the tests and are left out; a timeout counts against the score, since a test
that hangs is not a test that failed clearly.
"""

import json
import re
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

KINDS = ("CaughtMutant", "MissedMutant", "Timeout", "Unviable")


def known_reasons(path: Path) -> list[tuple[re.Pattern, str]]:
    reasons = []
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                pattern, _, reason = line.partition("\t")
                reasons.append((re.compile(pattern), reason.strip()))
    return reasons


def reason_for(name: str, reasons) -> str:
    for pattern, reason in reasons:
        if pattern.search(name):
            return reason
    return "**no reason known: add or sharpen a test**"


def took(outcomes: dict) -> str:
    """The run time, from the start and end timestamps cargo-mutants records."""
    def parse(stamp: str) -> datetime:
        # Python reads at most microseconds; cargo-mutants writes nanoseconds.
        return datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", stamp).replace("Z", "+00:00"))

    start, end = outcomes.get("start_time"), outcomes.get("end_time")
    if not (start and end):
        return "unfinished"
    minutes, seconds = divmod(round((parse(end) - parse(start)).total_seconds()), 60)
    return f"took {minutes} min {seconds} s"


def percent(caught: int, viable: int) -> str:
    return f"{100 * caught / viable:.1f}%" if viable else "n/a"


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    if not (out / "outcomes.json").exists():
        print("# Mutation testing report\n\nNo mutants were tested (none in scope).")
        return 0
    outcomes = json.loads((out / "outcomes.json").read_text())
    survivors = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("scripts/mutants-survivors.tsv")
    reasons = known_reasons(survivors)

    per_crate = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    missed, timeouts, baseline_failed = [], [], False
    for outcome in outcomes["outcomes"]:
        scenario, summary = outcome["scenario"], outcome["summary"]
        if scenario == "Baseline":
            baseline_failed = summary != "Success"
            continue
        mutant = scenario["Mutant"]
        per_crate[mutant["package"]][summary] = per_crate[mutant["package"]].get(summary, 0) + 1
        if summary == "MissedMutant":
            missed.append(mutant["name"])
        elif summary == "Timeout":
            timeouts.append(mutant["name"])

    print("# Mutation testing report\n")
    print(f"cargo-mutants {outcomes.get('cargo_mutants_version', '?')}, "
          f"started {outcomes.get('start_time', '?')}, {took(outcomes)}.\n")
    if baseline_failed:
        print("**The unmutated tree failed its tests: no mutant result below means anything.**\n")
    print("| crate | mutants | caught | missed | timeout | unviable | score |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals = dict.fromkeys(KINDS, 0)
    for crate in sorted(per_crate):
        counts = per_crate[crate]
        for kind in KINDS:
            totals[kind] += counts.get(kind, 0)
        print(row(crate, counts))
    if len(per_crate) > 1:
        print(row("**all**", totals))
    print(f"\n## Missed mutants ({len(missed)})\n")
    for name in sorted(missed):
        print(f"- `{name}` — {reason_for(name, reasons)}")
    if not missed:
        print("None.")
    if timeouts:
        print(f"\n## Timeouts ({len(timeouts)})\n")
        for name in sorted(timeouts):
            print(f"- `{name}`")
    return 0


def row(crate: str, counts: dict) -> str:
    caught, missed = counts.get("CaughtMutant", 0), counts.get("MissedMutant", 0)
    timeout, unviable = counts.get("Timeout", 0), counts.get("Unviable", 0)
    total = caught + missed + timeout + unviable + counts.get("Success", 0)
    score = percent(caught, caught + missed + timeout)
    return f"| {crate} | {total} | {caught} | {missed} | {timeout} | {unviable} | {score} |"


if __name__ == "__main__":
    sys.exit(main())

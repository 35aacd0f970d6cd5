#!/usr/bin/env python3
"""Turns cargo-mutants' outcomes.json into a Markdown report: the score of each crate and
every mutant no test caught, each with its known reason when scripts/mutants-survivors.tsv has
one.

Usage: scripts/mutants-report.py target/mutants/mutants.out [more/mutants.out ...] > report.md

Several output directories make one report, for a run split in parts (`--shard k/n`, or `-p`
per crate in separate checkouts). A mutant tested in more than one part counts once, with the
outcome of the last directory named.

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


def untested(outcomes: dict) -> int:
    """How many of the run's mutants have no outcome: a run interrupted keeps what it tested."""
    tested = sum(1 for outcome in outcomes["outcomes"] if outcome["scenario"] != "Baseline")
    return max(outcomes.get("total_mutants", tested) - tested, 0)


def percent(caught: int, viable: int) -> str:
    return f"{100 * caught / viable:.1f}%" if viable else "n/a"


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    runs = [Path(out) / "outcomes.json" for out in sys.argv[1:]]
    runs = [json.loads(path.read_text()) for path in runs if path.exists()]
    if not runs:
        print("# Mutation testing report\n\nNo mutants were tested (none in scope).")
        return 0
    reasons = known_reasons(Path("scripts/mutants-survivors.tsv"))

    outcome_of, baseline_failed = {}, False
    for run in runs:
        for outcome in run["outcomes"]:
            scenario, summary = outcome["scenario"], outcome["summary"]
            if scenario == "Baseline":
                baseline_failed = baseline_failed or summary != "Success"
            else:
                mutant = scenario["Mutant"]
                outcome_of[mutant["name"]] = (mutant["package"], summary)

    per_crate = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    missed, timeouts = [], []
    for name, (package, summary) in outcome_of.items():
        per_crate[package][summary] = per_crate[package].get(summary, 0) + 1
        if summary == "MissedMutant":
            missed.append(name)
        elif summary == "Timeout":
            timeouts.append(name)

    print("# Mutation testing report\n")
    for run in runs:
        print(f"cargo-mutants {run.get('cargo_mutants_version', '?')}, "
              f"started {run.get('start_time', '?')}, {took(run)}.\n")
        left = untested(run)
        if left:
            print(f"**Stopped before the end: {left} of {run['total_mutants']} mutants were not "
                  "tested** (a time limit or a cancelled job).\n")
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

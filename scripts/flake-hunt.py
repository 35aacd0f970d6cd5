#!/usr/bin/env python3
"""Flake hunt: runs every test layer N times in a row and reports each test that ever failed.

Usage: scripts/flake-hunt.py N [layer ...]   (layers: unit integration postgres e2e; default all)

Each layer is one `cargo nextest run --profile ci` (the same commands as `make unit`,
`make integration`, `make postgres`, `make e2e`), whose JUnit report is kept per run under
target/flake/run-<i>/<layer>.xml; the summary is printed and written to target/flake/report.md.
It counts test executions from those reports, so a layer that fails to build or crashes shows
up too. Exit status: 0 when nothing ever failed.
"""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

LAYERS = {
    "unit": ["--lib", "--bins"],
    "integration": ["--test", "*"],
    "postgres": ["--test", "*", "--run-ignored", "all"],
    "e2e": ["-p", "conduit-e2e"],
}
JUNIT = Path("target/nextest/ci/junit.xml")
OUT = Path("target/flake")


def run_layer(layer: str, run: int) -> tuple[Path | None, int]:
    env = dict(os.environ)
    if layer != "postgres":
        env.pop("TEST_DATABASE_URL", None)
    # No retries: the ci profile's one retry would turn the failures hunted here into passes.
    command = ["cargo", "nextest", "run", "--profile", "ci", "--no-fail-fast", "--retries", "0",
               *LAYERS[layer]]
    JUNIT.unlink(missing_ok=True)
    log = OUT / f"run-{run}" / f"{layer}.log"
    with log.open("w") as output:
        status = subprocess.call(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    if not JUNIT.exists():
        return None, status
    kept = OUT / f"run-{run}" / f"{layer}.xml"
    shutil.copy(JUNIT, kept)
    return kept, status


def failures(report: Path):
    """(test name, output) of every failed or errored test case in a JUnit file."""
    for case in ET.parse(report).getroot().iter("testcase"):
        problems = [child for child in case if child.tag in ("failure", "error")]
        if problems:
            parts = [problem.get("message") or "" for problem in problems]
            parts += [problem.text or "" for problem in problems]
            parts += [(case.findtext(stream) or "") for stream in ("system-out", "system-err")]
            yield f"{case.get('classname')} {case.get('name')}", "\n".join(p for p in parts if p)


def main() -> int:
    if len(sys.argv) < 2 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    layers = sys.argv[2:] or list(LAYERS)
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        print(f"unknown layer(s): {' '.join(unknown)}", file=sys.stderr)
        return 2
    shutil.rmtree(OUT, ignore_errors=True)
    executions = 0
    failed: dict[str, list[tuple[int, str, str]]] = {}
    broken_runs: list[str] = []
    for run in range(1, runs + 1):
        (OUT / f"run-{run}").mkdir(parents=True)
        for layer in layers:
            report, status = run_layer(layer, run)
            if report is None:
                broken_runs.append(f"run {run} {layer}: no JUnit report (exit {status}), "
                                   f"see {OUT}/run-{run}/{layer}.log")
                continue
            cases = list(ET.parse(report).getroot().iter("testcase"))
            executions += len(cases)
            print(f"run {run}/{runs} {layer}: {len(cases)} tests, exit {status}", flush=True)
            for name, output in failures(report):
                failed.setdefault(name, []).append((run, layer, output))

    failure_count = sum(len(times) for times in failed.values())
    report: list[str] = []
    for name, times in sorted(failed.items()):
        report.append(f"\nFAILED {len(times)}/{runs}: {name}")
        for run, layer, output in times:
            report.append(f"--- run {run} ({layer}) ---\n{output.strip()}")
    for line in broken_runs:
        report.append(f"\nBROKEN {line}")
    report.append(f"\n{runs} runs, {executions} test executions, {failure_count} failures"
                  + (f", {len(broken_runs)} layer runs without a report" if broken_runs else ""))
    text = "\n".join(report)
    print(text)
    # The same words for a CI job summary; failures' output is kept as preformatted text.
    (OUT / "report.md").write_text(f"### Flake hunt: {', '.join(layers)}\n\n```text{text}\n```\n")
    return 1 if failed or broken_runs else 0


if __name__ == "__main__":
    sys.exit(main())

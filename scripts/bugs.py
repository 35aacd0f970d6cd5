#!/usr/bin/env python3
"""The bug catalogue's runner (`make bugs`): which test layer catches which bug, and how fast.

Usage: scripts/bugs.py [--bug NAME] [--no-control]

Each bug is one file, bugs/<name>.md: a story, the layers that cannot see it (with the reason),
and its patch as find/replace pairs, each of which must match exactly once in the file it
names, so that a bug still applies after unrelated changes to that file (bugs/README.md).

The runner first checks that every bug applies to this checkout's HEAD and names those that
do not. Then, in one scratch worktree under target/bugs/ (removed at the end, also after a
failure or Ctrl-C) building into this checkout's target directory, it runs the control (the
unbroken code, which every layer must pass) and each bug in turn: apply, build every test
binary once, run each layer up to its first failure, record caught or missed, the first
failing test and the time to it, put the tree back. The matrix is rewritten after every bug:
target/bugs/matrix.md, with each layer's log under target/bugs/logs/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bugs_report import LAYERS, Outcome, cell, matrix

CATALOGUE = Path("bugs")
OUT = Path("target/bugs")
WORKTREE = OUT / "worktree"
# The scratch tree's own target directory, kept between runs; the first run builds everything
# once. Cargo decides what to rebuild from file times: the scratch tree's files get the time of
# the commit that last changed them, and the files of the last bug built get the present time
# (STAMP), so that each run, like each bug, is an incremental build.
CARGO_TARGET = OUT / "cargo"
STAMP = OUT / "last-build.json"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
MEMBERS = ["--workspace", "--exclude", "conduit-e2e"]
# The first failure stops the layer at once: what we measure is the time to it.
# The `mutation` profile (Cargo.toml): the test profile without debug info, which cargo-mutants
# uses for the same reason. A planted bug is a rebuild and relink of every test binary above the
# crate it is in, and nobody reads a backtrace of it; the tests and their results are the same.
NEXTEST = ["cargo", "nextest", "run", "--color", "never", "--cargo-quiet", "--cargo-profile", "mutation"]
FIRST_FAILURE_STOPS = ["--max-fail", "1:immediate"]
UI_TESTS = "crates/server/ui-tests"
# What each layer selects, to build its test binaries before any layer runs.
BUILDS = {
    "unit": [*MEMBERS, "--lib", "--bins"],
    "integration": [*MEMBERS, "--test", "*"],
    "postgres": [*MEMBERS, "--test", "*"],
    "e2e": ["-p", "conduit-e2e"],
}

EDIT = re.compile(
    r"^In `(?P<path>[^`]+)`, replace:\n+```[^\n]*\n(?P<find>.*?)^```\n+with:\n+```[^\n]*\n(?P<replace>.*?)^```",
    re.M | re.S,
)
SKIP = re.compile(r"^- (?P<layer>\w+) is skipped: (?P<reason>.+)$", re.M)
# nextest's line for a failed test: "FAIL [   0.012s] (1/3) conduit-server::api users::x".
NEXTEST_FAILURE = re.compile(
    r"^\s*(?:FAIL|SIGSEGV|SIGABRT|SIGKILL|TIMEOUT|ABORT|LEAK-FAIL)\s+\[\s*[\d.]+s\]\s+(?:\(\s*\d+/\s*\d+\)\s+)?(?P<name>\S+ \S+)"
)
# node --test's TAP reporter: a failed test, subtests before their parent.
TAP_FAILURE = re.compile(r"^\s*not ok \d+ - (?P<name>.+)$")


@dataclass
class Edit:
    path: str
    find: str
    replace: str


@dataclass
class Bug:
    name: str
    title: str
    edits: list[Edit]
    skipped: dict[str, str] = field(default_factory=dict)


def parse_bug(name: str, text: str) -> Bug:
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), name)
    edits = [Edit(m["path"], m["find"], m["replace"]) for m in EDIT.finditer(text)]
    if not edits:
        raise ValueError(f"bugs/{name}.md: no \"In `path`, replace:\" … \"with:\" pair")
    skipped = {m["layer"]: m["reason"].strip() for m in SKIP.finditer(text)}
    unknown = set(skipped) - set(LAYERS)
    if unknown:
        raise ValueError(f"bugs/{name}.md: no layer named {', '.join(sorted(unknown))}")
    return Bug(name, title, edits, skipped)


def load_catalogue(directory: Path) -> list[Bug]:
    return [parse_bug(path.stem, path.read_text()) for path in sorted(directory.glob("*.md"))
            if path.name != "README.md"]


def why_not_applicable(bug: Bug, root: Path) -> list[str]:
    """Why `bug` cannot be applied to the tree at `root`: nothing when it can."""
    problems = []
    for edit in bug.edits:
        path = root / edit.path
        if not path.is_file():
            problems.append(f"{edit.path} does not exist")
            continue
        found = path.read_text().count(edit.find)
        if found != 1:
            first = edit.find.strip().splitlines()[0] if edit.find.strip() else "(empty)"
            problems.append(f"{edit.path}: the text to replace is found {found} times, not once "
                            f"(it starts `{first.strip()}`)")
    return problems


def apply(bug: Bug, root: Path) -> None:
    for edit in bug.edits:
        path = root / edit.path
        path.write_text(path.read_text().replace(edit.find, edit.replace, 1))


def last_change_times(log: str) -> dict[str, int]:
    """Each path's time of last change, from `git log --format=%x00%ct --name-only` (newest
    commit first): a NUL, the commit's Unix time, then the paths it changed."""
    dated: dict[str, int] = {}
    for entry in log.split("\0")[1:]:
        lines = entry.strip().splitlines()
        for path in lines[1:]:
            if path:
                dated.setdefault(path, int(lines[0]))
    return dated


def read_stamp(path: Path) -> list[str]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return []


def write_stamp(path: Path, files: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(files))


def first_failure(output: str) -> str:
    for line in output.splitlines():
        match = NEXTEST_FAILURE.match(line) or TAP_FAILURE.match(line)
        if match:
            return match["name"].strip()
    return ""


def layer_commands(layer: str, root: Path) -> list[tuple[list[str], dict[str, str]]]:
    """The commands of one layer in the tree at `root`, in order, each with the environment it
    adds. Their cargo arguments are those of the Makefile's targets of the same names."""
    if layer == "unit":
        ui_tests = sorted(str(path.relative_to(root)) for path in (root / UI_TESTS).glob("*.test.mjs"))
        # Rust first: most bugs are there, and the UI's tests would add their seconds to the
        # time to every Rust failure.
        rust = ([*NEXTEST, *FIRST_FAILURE_STOPS, *MEMBERS, "--lib", "--bins"], {})
        if not shutil.which("node"):
            print("node not found: the UI's unit tests are left out of the unit layer", file=sys.stderr)
            return [rust]
        return [rust, (["node", "--test", "--test-reporter=tap", *ui_tests], {})]
    if layer == "integration":
        return [([*NEXTEST, *FIRST_FAILURE_STOPS, *MEMBERS, "--test", "*"], {})]
    if layer == "postgres":
        # Only the PostgreSQL copies: their SQLite twins ran in the integration layer.
        return [([*NEXTEST, *FIRST_FAILURE_STOPS, *MEMBERS, "--test", "*", "--run-ignored", "only"],
                 {"TEST_DATABASE_URL": TEST_DATABASE_URL})]
    return [(["scripts/with-browser", *NEXTEST, *FIRST_FAILURE_STOPS, "-p", "conduit-e2e"],
             {"RUST_BACKTRACE": "1"})]


class Runner:
    def __init__(self, repo: Path):
        self.repo = repo
        self.worktree = repo / WORKTREE
        self.env = dict(os.environ, CARGO_TARGET_DIR=str(repo / CARGO_TARGET), CARGO_TERM_COLOR="never")
        self.env.pop("TEST_DATABASE_URL", None)
        self.child: subprocess.Popen | None = None

    def run(self, command: list[str], log: Path, extra_env: dict[str, str] | None = None,
            watch_failure: bool = False) -> tuple[int, float, str, float]:
        """Runs `command` in the worktree, output to `log`: (status, seconds, first failing
        test, seconds to it)."""
        log.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        failure, failure_at = "", 0.0
        with log.open("a") as out:
            out.write(f"$ {' '.join(command)}\n")
            out.flush()
            self.child = subprocess.Popen(command, cwd=self.worktree, env={**self.env, **(extra_env or {})},
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                          errors="replace", start_new_session=True)
            assert self.child.stdout is not None
            for line in self.child.stdout:
                out.write(line)
                if watch_failure and not failure:
                    failure = first_failure(line)
                    if failure:
                        failure_at = time.monotonic() - started
            status = self.child.wait()
            self.child = None
        return status, time.monotonic() - started, failure, failure_at

    def stop_child(self) -> None:
        if self.child and self.child.poll() is None:
            try:
                os.killpg(self.child.pid, signal.SIGTERM)
                self.child.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.child.pid, signal.SIGKILL)

    def git(self, *args: str, cwd: Path | None = None) -> str:
        return subprocess.run(["git", *args], cwd=cwd or self.repo, check=True, text=True,
                              capture_output=True).stdout.strip()

    def make_worktree(self) -> None:
        self.remove_worktree()
        self.git("worktree", "add", "--detach", "--quiet", str(self.worktree), "HEAD")
        self.date_files()

    def date_files(self) -> None:
        """Gives each file of the fresh tree the time of its last commit, and the files the
        target directory may hold a bug of the present time, so that cargo rebuilds what
        differs from the last build and nothing else."""
        log = self.git("log", "--format=%x00%ct", "--name-only", "HEAD", cwd=self.worktree)
        for path, when in last_change_times(log).items():
            file = self.worktree / path
            if file.is_file() and not file.is_symlink():
                os.utime(file, (when, when))
        for path in read_stamp(self.repo / STAMP):
            if (self.worktree / path).is_file():
                (self.worktree / path).touch()

    def remove_worktree(self) -> None:
        if self.worktree.exists():
            subprocess.run(["git", "worktree", "remove", "--force", str(self.worktree)], cwd=self.repo,
                           capture_output=True)
        subprocess.run(["git", "worktree", "prune"], cwd=self.repo, capture_output=True)

    def restore(self) -> None:
        self.git("reset", "--hard", "--quiet", cwd=self.worktree)
        self.git("clean", "-fdq", cwd=self.worktree)

    def build(self, name: str, edited: list[str], layers: list[str]) -> tuple[bool, float]:
        """The test binaries of `layers`, once, each built as its layer's own command builds it
        (the packages selected decide the features unified), so that no layer compiles.
        `edited`: the files the bug changes, which the target directory holds once built."""
        stamp = self.repo / STAMP
        # Until the build is over, the target may hold this bug and the last one, in part.
        write_stamp(stamp, sorted(set(read_stamp(stamp)) | set(edited)))
        total = 0.0
        selections = []
        for layer in layers:
            if BUILDS[layer] not in selections:
                selections.append(BUILDS[layer])
        for selection in selections:
            status, seconds, _, _ = self.run([*NEXTEST, "--no-run", "--locked", *selection],
                                             self.repo / OUT / "logs" / name / "build.log")
            total += seconds
            if status != 0:
                return False, total
        write_stamp(stamp, edited)
        return True, total

    def layer(self, name: str, layer: str, control: bool) -> Outcome:
        log = self.repo / OUT / "logs" / name / f"{layer}.log"
        total = 0.0
        for command, extra_env in layer_commands(layer, self.worktree):
            status, seconds, failure, failure_at = self.run(command, log, extra_env, watch_failure=True)
            if status != 0 and failure:
                return Outcome("caught", total + failure_at, failure)
            total += seconds
            if status != 0:
                return Outcome("error", total, note=f"exit status {status} with no failing test: see {log}")
        return Outcome("passed" if control else "missed", total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bug", help="run only this bug (its file name without .md), or these, comma-separated")
    parser.add_argument("--no-control", action="store_true", help="skip the run of the unbroken code")
    args = parser.parse_args()
    repo = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], check=True, text=True,
                               capture_output=True).stdout.strip())
    os.chdir(repo)
    try:
        bugs = {bug.name: bug for bug in load_catalogue(CATALOGUE)}
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    names = args.bug.split(",") if args.bug else list(bugs)
    unknown = [name for name in names if name not in bugs]
    if unknown:
        print(f"no bug {', '.join(unknown)} in bugs/ (there are: {', '.join(bugs)})", file=sys.stderr)
        return 2
    chosen = [bugs[name] for name in names]

    runner = Runner(repo)
    # SIGTERM ends the run like Ctrl-C does: the finally below still cleans up.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    (repo / OUT / "logs").mkdir(parents=True, exist_ok=True)
    commit = runner.git("rev-parse", "--short", "HEAD")
    started = time.monotonic()
    results: dict[str, dict] = {}
    try:
        runner.make_worktree()
        stale = {bug.name: why_not_applicable(bug, runner.worktree) for bug in chosen}
        stale = {name: problems for name, problems in stale.items() if problems}
        if stale:
            print("These bugs no longer apply to HEAD; update their find/replace text:", file=sys.stderr)
            for name, problems in stale.items():
                for problem in problems:
                    print(f"  {name}: {problem}", file=sys.stderr)
            return 2
        print(f"All {len(chosen)} bugs apply to {commit}.")
        runs = ([] if args.no_control or args.bug else [None]) + chosen
        for bug in runs:
            name = bug.name if bug else "control"
            for log in (repo / OUT / "logs" / name).glob("*.log"):
                log.unlink()
            runner.restore()
            if bug:
                apply(bug, runner.worktree)
            print(f"[{time.strftime('%H:%M:%S')}] {name}: building", flush=True)
            layers = [layer for layer in LAYERS if not (bug and layer in bug.skipped)]
            built, build_seconds = runner.build(name, [edit.path for edit in bug.edits] if bug else [], layers)
            result = {"built": built, "build_seconds": build_seconds, "layers": {}}
            if built:
                for layer in LAYERS:
                    if bug and layer in bug.skipped:
                        outcome = Outcome("skipped", note=bug.skipped[layer])
                    else:
                        outcome = runner.layer(name, layer, control=bug is None)
                    result["layers"][layer] = outcome.__dict__
                    print(f"  {layer}: {cell(outcome)}", flush=True)
            results[name] = result
            elapsed = time.monotonic() - started
            header = (f"# Bug matrix\n\nCommit `{commit}`, {time.strftime('%Y-%m-%d %H:%M %Z')}; "
                      f"{len(results)} runs in {elapsed / 60:.1f} min (`make bugs"
                      f"{' BUG=' + args.bug if args.bug else ''}`). Each cell: time from the layer's "
                      f"start to its first failing test, and that test.")
            (repo / OUT / "matrix.md").write_text(matrix(results, bugs, header))
            (repo / OUT / "results.json").write_text(json.dumps(results, indent=2))
        print((repo / OUT / "matrix.md").read_text())
        control = results.get("control", {"built": True, "layers": {}})
        broken_control = not control["built"] or any(
            o["verdict"] != "passed" for o in control["layers"].values())
        unbuilt = [n for n, r in results.items() if n != "control" and not r["built"]]
        uncaught = [n for n, r in results.items() if n != "control" and r["built"] and not any(
            o["verdict"] == "caught" for o in r["layers"].values())]
        if broken_control:
            print("The unbroken code failed a layer: the matrix cannot be trusted.", file=sys.stderr)
        if unbuilt:
            print(f"Do not build (see target/bugs/logs/<bug>/build.log): {', '.join(unbuilt)}",
                  file=sys.stderr)
        if uncaught:
            print(f"Caught by no layer: {', '.join(uncaught)}", file=sys.stderr)
        return 1 if broken_control or unbuilt or uncaught else 0
    except KeyboardInterrupt:
        print("\nInterrupted: the matrix holds the bugs finished so far.", file=sys.stderr)
        return 130
    finally:
        runner.stop_child()
        runner.remove_worktree()


if __name__ == "__main__":
    sys.exit(main())

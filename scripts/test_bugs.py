"""Tests of the bug runner's logic (`make bugs-selftest`): reading bug files, applying them,
reading test output, and the matrix."""

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bugs  # noqa: E402

FENCE = "```"
BUG_FILE = f"""# Something breaks

A story.

- e2e is skipped: no journey goes there.
- postgres is skipped: nothing is stored.

In `src/lib.rs`, replace:

{FENCE}rust
    let a = 1;
{FENCE}

with:

{FENCE}rust
    let a = 2;
{FENCE}

In `src/other.rs`, replace:

{FENCE}rust
gone();
{FENCE}

with:

{FENCE}rust
{FENCE}
"""


class ReadingABugFile(unittest.TestCase):
    def test_the_title_the_skipped_layers_and_every_pair_are_read(self):
        bug = bugs.parse_bug("something", BUG_FILE)
        self.assertEqual(bug.title, "Something breaks")
        self.assertEqual(bug.skipped, {"e2e": "no journey goes there.", "postgres": "nothing is stored."})
        self.assertEqual(
            [(edit.path, edit.find, edit.replace) for edit in bug.edits],
            [("src/lib.rs", "    let a = 1;\n", "    let a = 2;\n"), ("src/other.rs", "gone();\n", "")],
        )

    def test_a_file_without_a_pair_is_refused(self):
        with self.assertRaisesRegex(ValueError, "no \"In `path`, replace:\""):
            bugs.parse_bug("empty", "# Nothing\n\nJust a story.\n")

    def test_a_skipped_layer_that_does_not_exist_is_refused(self):
        with self.assertRaisesRegex(ValueError, "no layer named browser"):
            bugs.parse_bug("typo", BUG_FILE.replace("- e2e is", "- browser is"))


class ApplyingABug(unittest.TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp())
        (self.root / "src").mkdir()
        self.bug = bugs.parse_bug("something", BUG_FILE)

    def write(self, path, text):
        (self.root / path).write_text(text)

    def test_each_text_to_replace_must_be_found_exactly_once(self):
        self.write("src/lib.rs", "fn f() {\n    let a = 1;\n    let a = 1;\n}\n")
        problems = bugs.why_not_applicable(self.bug, self.root)
        self.assertEqual(problems, [
            "src/lib.rs: the text to replace is found 2 times, not once (it starts `let a = 1;`)",
            "src/other.rs does not exist",
        ])

    def test_a_bug_that_applies_changes_only_the_text_it_names(self):
        self.write("src/lib.rs", "fn f() {\n    let a = 1;\n}\n// let a = 1; stays\n")
        self.write("src/other.rs", "first();\ngone();\nlast();\n")
        self.assertEqual(bugs.why_not_applicable(self.bug, self.root), [])
        bugs.apply(self.bug, self.root)
        self.assertEqual((self.root / "src/lib.rs").read_text(), "fn f() {\n    let a = 2;\n}\n// let a = 1; stays\n")
        self.assertEqual((self.root / "src/other.rs").read_text(), "first();\nlast();\n")


class ReadingTestOutput(unittest.TestCase):
    def test_nextest_names_the_binary_and_the_test_that_failed(self):
        output = ("    Starting 3 tests across 2 binaries\n"
                  "        PASS [   0.011s] (1/3) conduit-domain values::tests::ok\n"
                  "        FAIL [   0.052s] (2/3) conduit-server::api users::register::answers_201\n"
                  "        FAIL [   0.060s] (3/3) conduit-server::api users::later\n")
        self.assertEqual(bugs.first_failure(output), "conduit-server::api users::register::answers_201")

    def test_a_test_killed_by_its_timeout_is_a_failure_too(self):
        self.assertEqual(bugs.first_failure("     TIMEOUT [ 120.003s] conduit-server::api live::hangs\n"),
                         "conduit-server::api live::hangs")

    def test_node_tap_names_the_innermost_failed_test(self):
        output = ("TAP version 13\n# Subtest: session\n    not ok 2 - a 500 keeps the token\n"
                  "not ok 1 - session\n")
        self.assertEqual(bugs.first_failure(output), "a 500 keeps the token")

    def test_passing_output_names_nothing(self):
        self.assertEqual(bugs.first_failure("ok 1 - fine\n        PASS [   0.011s] a b\n"), "")


class DatingTheScratchTree(unittest.TestCase):
    def test_each_path_gets_the_time_of_the_newest_commit_that_changed_it(self):
        log = "\x001700000300\n\nsrc/a.rs\n\x001700000200\n\nsrc/a.rs\nsrc/b.rs\n\x001700000100\n"
        self.assertEqual(bugs.last_change_times(log), {"src/a.rs": 1700000300, "src/b.rs": 1700000200})

    def test_a_stamp_that_cannot_be_read_names_no_file(self):
        path = Path(tempfile.mkdtemp()) / "last-build.json"
        self.assertEqual(bugs.read_stamp(path), [])
        bugs.write_stamp(path, ["src/a.rs"])
        self.assertEqual(bugs.read_stamp(path), ["src/a.rs"])
        path.write_text("{not json")
        self.assertEqual(bugs.read_stamp(path), [])


class TheMatrix(unittest.TestCase):
    def test_it_counts_catches_per_layer_and_names_bugs_no_layer_caught(self):
        bug = bugs.parse_bug("something", BUG_FILE)
        other = bugs.Bug("other", "Other", bug.edits)
        caught = bugs.Outcome("caught", 1.25, "conduit-server::api a::b").__dict__
        missed = bugs.Outcome("missed", 40).__dict__
        skipped = bugs.Outcome("skipped", note="nothing is stored.").__dict__
        results = {
            "something": {"built": True, "build_seconds": 61.0,
                          "layers": {"unit": missed, "integration": caught, "postgres": skipped, "e2e": skipped}},
            "other": {"built": True, "build_seconds": 30.0,
                      "layers": {"unit": missed, "integration": missed, "postgres": missed, "e2e": missed}},
        }
        text = bugs.matrix(results, {"something": bug, "other": other}, "# Bug matrix")
        self.assertIn("| `something` | 61 s | ❌ missed (40 s) | ✅ 1.2 s `conduit-server::api a::b` | skipped | skipped |", text)
        self.assertIn("Caught per layer: unit 0 of 2 run, integration 1 of 2 run, postgres 0 of 1 run, e2e 0 of 1 run.", text)
        self.assertIn("Caught by no layer: `other`.", text)
        self.assertIn("- `something`, postgres: nothing is stored.", text)


if __name__ == "__main__":
    unittest.main()

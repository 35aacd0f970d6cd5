//! One test run as the report describes it, independent of the file format it came from.

use std::time::Duration;

use crate::location::Place;

/// Lines of a failure's output worth showing: enough for the message and the assertion's values.
pub const SHOWN_OUTPUT_LINES: usize = 12;

#[derive(Debug, Clone, PartialEq)]
pub struct TestRun {
    pub cases: Vec<TestCase>,
    /// From the start of the run to its end, which is less than the sum when tests run in parallel.
    pub wall_time: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// The test binary, as nextest names it: `conduit-server::api`.
    pub binary: String,
    /// The test's path inside its binary: `accounts::login_is_refused`.
    pub name: String,
    pub time: Duration,
    pub outcome: Outcome,
    pub runner: Runner,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Passed,
    /// Passed on a retry after `failed_attempts` failures.
    Flaky {
        failed_attempts: usize,
        first_failure: Failure,
    },
    Failed(Failure),
    Skipped,
}

/// What a failed attempt printed (the panic message first, when the report has it), and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub output: String,
    pub place: Place,
}

/// The test runner a case came from, which decides how to run it alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    Nextest,
    /// `node --test`: `binary` is the test's file (when its failure says) and `name` its title.
    Node,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Flaky tests included: they passed in the end.
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub flaky: usize,
}

impl TestRun {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for case in &self.cases {
            match case.outcome {
                Outcome::Passed => counts.passed += 1,
                Outcome::Flaky { .. } => {
                    counts.passed += 1;
                    counts.flaky += 1;
                }
                Outcome::Failed(_) => counts.failed += 1,
                Outcome::Skipped => counts.skipped += 1,
            }
        }
        counts
    }

    /// The `limit` tests that took longest, longest first; ties keep the report's order.
    pub fn slowest(&self, limit: usize) -> Vec<&TestCase> {
        let mut ran: Vec<&TestCase> = self
            .cases
            .iter()
            .filter(|case| case.outcome != Outcome::Skipped)
            .collect();
        ran.sort_by_key(|case| std::cmp::Reverse(case.time));
        ran.truncate(limit);
        ran
    }

    pub fn failures(&self) -> impl Iterator<Item = (&TestCase, &Failure)> {
        self.cases.iter().filter_map(|case| match &case.outcome {
            Outcome::Failed(failure) => Some((case, failure)),
            _ => None,
        })
    }

    pub fn flaky(&self) -> impl Iterator<Item = (&TestCase, usize, &Failure)> {
        self.cases.iter().filter_map(|case| match &case.outcome {
            Outcome::Flaky {
                failed_attempts,
                first_failure,
            } => Some((case, *failed_attempts, first_failure)),
            _ => None,
        })
    }
}

impl TestCase {
    /// How nextest names the test in its own output: binary, then path. A UI test whose file
    /// its report does not tell (it passed) is its title alone.
    pub fn full_name(&self) -> String {
        match self.binary.as_str() {
            "" => self.name.clone(),
            binary => format!("{binary} {}", self.name),
        }
    }

    /// The command that runs this test alone, after `prefix`: what the job sets up around its
    /// run (`TEST_DATABASE_URL=...` for the PostgreSQL suite, `scripts/with-browser` for E2E).
    pub fn rerun_command(&self, prefix: &str) -> String {
        let command = match self.runner {
            Runner::Nextest => format!(
                "cargo nextest run --workspace --run-ignored all -E 'binary_id({}) & test(={})'",
                self.binary, self.name
            ),
            Runner::Node => format!(
                "node --test --test-name-pattern={} {}",
                shell_quoted(&format!("^{}$", regex_escaped(&self.name))),
                self.binary
            ),
        };
        match prefix {
            "" => command,
            prefix => format!("{prefix} {command}"),
        }
    }
}

fn regex_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

impl Failure {
    /// The first lines of the output, up to the backtrace (which says where, not what).
    pub fn first_lines(&self) -> Vec<&str> {
        self.output
            .trim_start_matches('\n')
            .lines()
            .take_while(|line| !line.starts_with("stack backtrace:"))
            .take(SHOWN_OUTPUT_LINES)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(output: &str) -> Failure {
        Failure {
            output: output.to_owned(),
            place: Place::default(),
        }
    }

    fn case(name: &str, millis: u64, outcome: Outcome) -> TestCase {
        TestCase {
            binary: "conduit-domain".to_owned(),
            name: name.to_owned(),
            time: Duration::from_millis(millis),
            outcome,
            runner: Runner::Nextest,
        }
    }

    #[test]
    fn first_lines_stop_at_the_backtrace_and_at_the_limit() {
        let with_backtrace = failure("\nmessage\n  left: 1\nstack backtrace:\n   0: frame");
        assert_eq!(with_backtrace.first_lines(), ["message", "  left: 1"]);

        let long = failure(&"line\n".repeat(SHOWN_OUTPUT_LINES + 5));
        assert_eq!(long.first_lines().len(), SHOWN_OUTPUT_LINES);
    }

    #[test]
    fn skipped_tests_are_never_among_the_slowest() {
        let run = TestRun {
            cases: vec![
                case("quick", 1, Outcome::Passed),
                case("skipped", 0, Outcome::Skipped),
                case("slow", 9, Outcome::Passed),
            ],
            wall_time: Duration::from_millis(10),
        };
        let names: Vec<&str> = run.slowest(5).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["slow", "quick"]);
    }

    #[test]
    fn the_rerun_command_selects_exactly_one_test_after_the_jobs_prefix() {
        let test = case("user::tests::email", 1, Outcome::Passed);
        assert_eq!(
            test.rerun_command(""),
            "cargo nextest run --workspace --run-ignored all \
             -E 'binary_id(conduit-domain) & test(=user::tests::email)'"
        );
        assert_eq!(
            test.rerun_command("TEST_DATABASE_URL=postgres://p@h/db"),
            "TEST_DATABASE_URL=postgres://p@h/db cargo nextest run --workspace --run-ignored all \
             -E 'binary_id(conduit-domain) & test(=user::tests::email)'"
        );
    }

    #[test]
    fn a_node_test_reruns_by_its_exact_title_in_its_file() {
        let test = TestCase {
            binary: "crates/server/ui-tests/api.test.mjs".to_owned(),
            name: "a 204 (no body) isn't JSON".to_owned(),
            runner: Runner::Node,
            ..case("", 1, Outcome::Passed)
        };
        assert_eq!(
            test.rerun_command(""),
            concat!(
                r"node --test --test-name-pattern='^a 204 \(no body\) isn'\''t JSON$' ",
                "crates/server/ui-tests/api.test.mjs"
            )
        );
    }
}

//! The job summary of one test layer, in GitHub-flavoured Markdown.

use std::fmt::Write;
use std::time::Duration;

use crate::run::{Failure, TestRun};

const SLOWEST_SHOWN: usize = 5;

/// `title` names the layer ("unit", "e2e"): the heading says at once whether it is green.
/// `rerun_prefix` goes before each "Run it alone" command: what the job sets up around its run.
pub fn test_summary(title: &str, run: &TestRun, rerun_prefix: &str) -> String {
    let counts = run.counts();
    let mut out = String::new();
    let verdict = if counts.failed > 0 {
        format!("❌ {title}: {} failed", counts.failed)
    } else if run.cases.is_empty() {
        format!("⚠️ {title}: no test ran")
    } else {
        format!("✅ {title}: all {} passed", counts.passed)
    };
    let _ = writeln!(out, "### {verdict}\n");
    let _ = writeln!(
        out,
        "| passed | failed | skipped | flaky | wall time |\n|---:|---:|---:|---:|---:|"
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |\n",
        counts.passed,
        counts.failed,
        counts.skipped,
        counts.flaky,
        seconds(run.wall_time)
    );

    for (case, failure) in run.failures() {
        let _ = writeln!(out, "#### ❌ `{}`\n", case.full_name());
        write_failure(&mut out, failure);
        let _ = writeln!(
            out,
            "Run it alone: `{}`\n",
            case.rerun_command(rerun_prefix)
        );
    }
    for (case, failed_attempts, first_failure) in run.flaky() {
        let _ = writeln!(
            out,
            "#### ⚠️ flaky: `{}` passed after {failed_attempts} failed attempt(s)\n",
            case.full_name()
        );
        write_failure(&mut out, first_failure);
    }

    let slowest = run.slowest(SLOWEST_SHOWN);
    if !slowest.is_empty() {
        let _ = writeln!(out, "Slowest tests:\n\n| test | time |\n|---|---:|");
        for case in slowest {
            let _ = writeln!(out, "| `{}` | {} |", case.full_name(), seconds(case.time));
        }
        out.push('\n');
    }
    out
}

fn write_failure(out: &mut String, failure: &Failure) {
    match (&failure.place.test, &failure.place.helper) {
        (Some(test), Some(helper)) => {
            let _ = writeln!(
                out,
                "at `{}:{}` (raised in `{}:{}`)\n",
                test.file, test.line, helper.file, helper.line
            );
        }
        (Some(place), None) | (None, Some(place)) => {
            let _ = writeln!(out, "at `{}:{}`\n", place.file, place.line);
        }
        (None, None) => {}
    }
    let lines = failure.first_lines().join("\n");
    let fence = fence_for(&lines);
    let _ = writeln!(out, "{fence}text\n{lines}\n{fence}\n");
}

/// A code fence longer than any run of backticks in `text`, so the text cannot close it.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

pub fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::junit::tests::sample_run;

    fn summary_of(sample: &str) -> String {
        test_summary("integration", &sample_run(sample), "")
    }

    #[test]
    fn a_green_run_says_so_and_lists_the_five_slowest_tests_slowest_first() {
        let summary = summary_of("all-green.xml");
        assert!(summary.starts_with("### ✅ integration: all 7 passed\n"));
        assert!(summary.contains("| 7 | 0 | 0 | 0 | 1.25 s |"));
        let slowest: Vec<&str> = summary
            .lines()
            .filter(|line| line.starts_with("| `"))
            .collect();
        assert_eq!(
            slowest,
            [
                "| `conduit-domain user::tests::password_is_hashed_once` | 0.61 s |",
                "| `conduit-server::api accounts::login_with_a_wrong_password_is_refused` | 0.42 s |",
                "| `conduit-server::api accounts::register_returns_a_token` | 0.35 s |",
                "| `conduit-server::api health::answers_ok` | 0.09 s |",
                "| `conduit-domain user::tests::email_needs_an_at_sign` | 0.02 s |",
            ]
        );
    }

    #[test]
    fn a_failure_shows_its_name_place_message_and_how_to_rerun_it() {
        let summary = summary_of("one-failure.xml");
        assert!(summary.starts_with("### ❌ integration: 1 failed\n"));
        assert!(summary.contains(
            "#### ❌ `conduit-server::api accounts::login_with_a_wrong_password_is_refused`\n\n\
             at `crates/server/tests/api/accounts.rs:88`\n"
        ));
        assert!(
            summary.contains(
                "failed: a wrong password must be refused\n  left: 200\n right: 401\n```\n"
            )
        );
        assert!(!summary.contains("stack backtrace"));
        assert!(summary.contains(
            "Run it alone: `cargo nextest run --workspace --run-ignored all -E \
             'binary_id(conduit-server::api) & test(=accounts::login_with_a_wrong_password_is_refused)'`"
        ));
    }

    #[test]
    fn a_flaky_test_is_green_but_named_with_its_failed_attempt() {
        let summary = summary_of("flaky-retry.xml");
        assert!(summary.starts_with("### ✅ integration: all 2 passed\n"));
        assert!(summary.contains("| 2 | 0 | 0 | 1 | 2.00 s |"));
        assert!(summary.contains(
            "#### ⚠️ flaky: `conduit-e2e::browser live::a_new_comment_appears_without_a_reload` \
             passed after 1 failed attempt(s)"
        ));
        assert!(summary.contains("did not appear within 5s"));
    }

    #[test]
    fn the_jobs_prefix_leads_the_rerun_command_and_a_helpers_line_follows_the_journeys() {
        let run = sample_run("e2e-helper-failure.xml");
        let summary = test_summary("e2e", &run, "scripts/with-browser");
        assert!(summary.contains(
            "at `e2e/tests/browser/accounts.rs:21` (raised in `e2e/tests/browser/support/find.rs:199`)\n"
        ));
        assert!(summary.contains(
            "Run it alone: `scripts/with-browser cargo nextest run --workspace --run-ignored all -E \
             'binary_id(conduit-e2e::browser) & test(=accounts::a_visitor_signs_up)'`"
        ));
    }

    #[test]
    fn a_failing_ui_test_is_named_with_its_file_and_line() {
        let summary = test_summary("ui-unit", &sample_run("node-failure.xml"), "");
        assert!(summary.starts_with("### ❌ ui-unit: 2 failed\n"));
        assert!(summary.contains(
            "#### ❌ `crates/server/ui-tests/router.test.mjs fails & <quotes>`\n\n\
             at `crates/server/ui-tests/router.test.mjs:6`\n"
        ));
        assert!(summary.contains(
            "Run it alone: `node --test --test-name-pattern='^fails & <quotes>$' \
             crates/server/ui-tests/router.test.mjs`"
        ));
    }

    #[test]
    fn an_empty_run_is_a_warning_not_a_pass() {
        let summary = summary_of("empty.xml");
        assert!(summary.starts_with("### ⚠️ integration: no test ran\n"));
        assert!(!summary.contains("Slowest"));
    }

    #[test]
    fn output_with_backticks_cannot_close_its_fence() {
        assert_eq!(fence_for("no ticks"), "```");
        assert_eq!(fence_for("a ```` b"), "`````");
    }
}

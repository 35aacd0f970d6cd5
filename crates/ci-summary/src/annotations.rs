//! GitHub workflow commands (`::error file=…::…`) that turn each failure into an annotation on
//! the test's own line, and each flaky test into a warning (a journey's, not the helper's it called). The runner reads them from the
//! step's output, so they need no token permission and work on pull requests from forks too.

use crate::location::Location;
use crate::run::TestRun;

pub fn failures(run: &TestRun) -> String {
    let mut out = String::new();
    for (case, failure) in run.failures() {
        let message = failure.first_lines().join("\n");
        out.push_str(&command(
            "error",
            failure.place.test.as_ref(),
            &case.full_name(),
            &message,
        ));
    }
    for (case, failed_attempts, first_failure) in run.flaky() {
        out.push_str(&command(
            "warning",
            first_failure.place.test.as_ref(),
            &format!("flaky: {}", case.full_name()),
            &format!(
                "passed after {failed_attempts} failed attempt(s); the first failed with:\n{}",
                first_failure.first_lines().join("\n")
            ),
        ));
    }
    out
}

/// One `::LEVEL file=…,line=…,col=…,title=…::MESSAGE` line; without a location the annotation
/// goes on the run's page only.
pub fn command(level: &str, location: Option<&Location>, title: &str, message: &str) -> String {
    let mut properties = Vec::new();
    if let Some(location) = location {
        properties.push(format!("file={}", property(&location.file)));
        properties.push(format!("line={}", location.line));
        properties.push(format!("col={}", location.column));
    }
    properties.push(format!("title={}", property(title)));
    format!("::{level} {}::{}\n", properties.join(","), data(message))
}

/// Escapes a command's message, as the runner's toolkit does.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property, which also may not hold `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::junit::tests::sample_run;

    #[test]
    fn a_failure_becomes_an_error_on_the_line_that_panicked() {
        let run = sample_run("one-failure.xml");
        let commands = failures(&run);
        assert_eq!(commands.lines().count(), 1);
        assert!(commands.starts_with(
            "::error file=crates/server/tests/api/accounts.rs,line=88,col=5,\
             title=conduit-server%3A%3Aapi accounts%3A%3Alogin_with_a_wrong_password_is_refused::\
             thread 'accounts::login_with_a_wrong_password_is_refused' (4242) panicked at "
        ));
        assert!(commands.contains("%0Aassertion `left == right` failed"));
    }

    #[test]
    fn a_journey_failing_in_a_helper_is_annotated_on_the_journeys_line() {
        let commands = failures(&sample_run("e2e-helper-failure.xml"));
        assert!(
            commands.starts_with("::error file=e2e/tests/browser/accounts.rs,line=21,col=38,"),
            "{commands}"
        );
    }

    #[test]
    fn a_flaky_test_is_a_warning_and_never_placed_on_a_helpers_line() {
        let commands = failures(&sample_run("flaky-retry.xml"));
        assert_eq!(commands.lines().count(), 1);
        assert!(
            commands.starts_with(
                "::warning title=flaky%3A conduit-e2e%3A%3Abrowser live%3A%3Aa_new_comment_appears_without_a_reload::\
                 passed after 1 failed attempt(s); the first failed with:%0A"
            ),
            "{commands}"
        );
    }

    #[test]
    fn a_green_run_gives_no_annotation() {
        assert_eq!(failures(&sample_run("all-green.xml")), "");
    }

    #[test]
    fn percent_signs_and_separators_are_escaped() {
        assert_eq!(data("100%\r\n"), "100%25%0D%0A");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}

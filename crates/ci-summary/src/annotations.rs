//! GitHub workflow commands (`::error file=…::…`) that turn each failure into an annotation on
//! the line that panicked. The runner reads them from the step's output, so they need no token
//! permission and work on pull requests from forks too.

use crate::run::TestRun;

pub fn failures(run: &TestRun) -> String {
    let mut out = String::new();
    for (case, failure) in run.failures() {
        let mut properties = vec![format!("title={}", property(&case.full_name()))];
        if let Some(location) = failure.location() {
            properties.insert(0, format!("file={}", property(&location.file)));
            properties.insert(1, format!("line={}", location.line));
            properties.insert(2, format!("col={}", location.column));
        }
        let message = data(&failure.first_lines().join("\n"));
        out.push_str(&format!("::error {}::{message}\n", properties.join(",")));
    }
    out
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
    use crate::junit::parse;

    #[test]
    fn a_failure_becomes_an_error_on_the_line_that_panicked() {
        let path = format!("{}/samples/one-failure.xml", env!("CARGO_MANIFEST_DIR"));
        let run = parse(&std::fs::read_to_string(path).unwrap()).unwrap();
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
    fn a_green_run_gives_no_annotation() {
        let path = format!("{}/samples/flaky-retry.xml", env!("CARGO_MANIFEST_DIR"));
        let run = parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(failures(&run), "");
    }

    #[test]
    fn percent_signs_and_separators_are_escaped() {
        assert_eq!(data("100%\r\n"), "100%25%0D%0A");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}

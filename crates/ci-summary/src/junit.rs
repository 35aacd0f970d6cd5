//! Reads the JUnit XML that nextest writes (Jenkins' flavour: one `<testsuite>` per test binary,
//! one `<testcase>` per test, `<flakyFailure>`/`<rerunFailure>` for retried attempts).

use std::time::Duration;

use roxmltree::{Document, Node};

use crate::run::{Failure, Outcome, TestCase, TestRun};

#[derive(Debug, thiserror::Error)]
pub enum JunitError {
    #[error("not well-formed XML")]
    Xml(#[from] roxmltree::Error),
    #[error("not a JUnit report: the root element is <{0}>, expected <testsuites> or <testsuite>")]
    NotJunit(String),
    #[error("<{element}> has {attribute}={value:?}, which is not a number of seconds")]
    BadTime {
        element: String,
        attribute: &'static str,
        value: String,
    },
    #[error("a <testcase> has no {0} attribute")]
    MissingAttribute(&'static str),
}

pub fn parse(xml: &str) -> Result<TestRun, JunitError> {
    let document = Document::parse(xml)?;
    let root = document.root_element();
    if !matches!(root.tag_name().name(), "testsuites" | "testsuite") {
        return Err(JunitError::NotJunit(root.tag_name().name().to_owned()));
    }
    let cases = root
        .descendants()
        .filter(|node| node.has_tag_name("testcase"))
        .map(test_case)
        .collect::<Result<Vec<_>, _>>()?;
    let wall_time = match seconds(root, "time")? {
        Some(time) => time,
        None => cases.iter().map(|case| case.time).sum(),
    };
    Ok(TestRun { cases, wall_time })
}

fn test_case(node: Node) -> Result<TestCase, JunitError> {
    let attribute = |name: &'static str| {
        node.attribute(name)
            .map(str::to_owned)
            .ok_or(JunitError::MissingAttribute(name))
    };
    Ok(TestCase {
        binary: attribute("classname")?,
        name: attribute("name")?,
        time: seconds(node, "time")?.unwrap_or_default(),
        outcome: outcome(node),
    })
}

fn outcome(node: Node) -> Outcome {
    let children = |tag: &str| {
        node.children()
            .filter(|child| child.has_tag_name(tag))
            .collect::<Vec<_>>()
    };
    if let Some(failed) = children("failure")
        .into_iter()
        .chain(children("error"))
        .next()
    {
        return Outcome::Failed(failure(failed, Some(node)));
    }
    if !children("skipped").is_empty() {
        return Outcome::Skipped;
    }
    let flaky = children("flakyFailure");
    match flaky.first() {
        Some(first) => Outcome::Flaky {
            failed_attempts: flaky.len(),
            first_failure: failure(*first, None),
        },
        None => Outcome::Passed,
    }
}

/// The failure's own text (nextest puts the panic message there), else what the test printed to
/// stderr, then stdout: `<system-err>` is inside the failure element for retried attempts and in
/// the `<testcase>` for the final one.
fn failure(element: Node, case: Option<Node>) -> Failure {
    let own_text = element.text().unwrap_or_default().trim();
    let printed = |tag: &str| {
        element
            .children()
            .chain(case.into_iter().flat_map(|case| case.children()))
            .find(|child| child.has_tag_name(tag))
            .and_then(|child| child.text())
            .map(str::trim)
            .unwrap_or_default()
    };
    let output = [own_text, printed("system-err"), printed("system-out")]
        .into_iter()
        .find(|text| !text.is_empty())
        .or_else(|| element.attribute("message"))
        .unwrap_or_default();
    Failure {
        output: output.to_owned(),
    }
}

fn seconds(node: Node, attribute: &'static str) -> Result<Option<Duration>, JunitError> {
    let Some(value) = node.attribute(attribute) else {
        return Ok(None);
    };
    value
        .parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .map(Some)
        .ok_or_else(|| JunitError::BadTime {
            element: node.tag_name().name().to_owned(),
            attribute,
            value: value.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Counts;

    fn sample(name: &str) -> String {
        let path = format!("{}/samples/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).expect("the sample exists")
    }

    #[test]
    fn an_all_green_run_counts_every_test_as_passed() {
        let run = parse(&sample("all-green.xml")).unwrap();
        assert_eq!(
            run.counts(),
            Counts {
                passed: 7,
                failed: 0,
                skipped: 0,
                flaky: 0
            }
        );
        assert_eq!(run.wall_time, Duration::from_millis(1250));
        assert_eq!(run.failures().count(), 0);
    }

    #[test]
    fn a_failure_keeps_its_full_name_message_and_location() {
        let run = parse(&sample("one-failure.xml")).unwrap();
        assert_eq!(run.counts().failed, 1);
        assert_eq!(run.counts().passed, 2);
        let (case, failure) = run.failures().next().unwrap();
        assert_eq!(
            case.full_name(),
            "conduit-server::api accounts::login_with_a_wrong_password_is_refused"
        );
        assert_eq!(
            failure.first_lines()[1],
            "assertion `left == right` failed: a wrong password must be refused"
        );
        let location = failure.location().unwrap();
        assert_eq!(
            (location.file.as_str(), location.line),
            ("crates/server/tests/api/accounts.rs", 88)
        );
    }

    #[test]
    fn a_test_that_passed_on_retry_is_passed_and_flaky() {
        let run = parse(&sample("flaky-retry.xml")).unwrap();
        assert_eq!(
            run.counts(),
            Counts {
                passed: 2,
                failed: 0,
                skipped: 0,
                flaky: 1
            }
        );
        let (case, failed_attempts, first_failure) = run.flaky().next().unwrap();
        assert_eq!(case.name, "live::a_new_comment_appears_without_a_reload");
        assert_eq!(failed_attempts, 1);
        assert!(first_failure.output.contains("did not appear within 5s"));
    }

    #[test]
    fn an_empty_report_has_no_tests_and_its_own_wall_time() {
        let run = parse(&sample("empty.xml")).unwrap();
        assert_eq!(run.counts(), Counts::default());
        assert_eq!(run.wall_time, Duration::from_millis(2));
    }

    #[test]
    fn a_malformed_file_is_an_error_not_an_empty_run() {
        let error = parse(&sample("malformed.xml")).unwrap_err();
        assert!(matches!(error, JunitError::Xml(_)), "{error:?}");
        assert!(matches!(parse(""), Err(JunitError::Xml(_))));
    }

    #[test]
    fn xml_that_is_not_junit_is_refused_by_name() {
        let error = parse("<html><body/></html>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "not a JUnit report: the root element is <html>, expected <testsuites> or <testsuite>"
        );
    }

    #[test]
    fn a_time_that_is_not_a_number_is_refused() {
        let xml = r#"<testsuites><testcase classname="b" name="t" time="soon"/></testsuites>"#;
        assert_eq!(
            parse(xml).unwrap_err().to_string(),
            "<testcase> has time=\"soon\", which is not a number of seconds"
        );
    }

    #[test]
    fn skipped_and_errored_cases_count_as_skipped_and_failed() {
        let xml = r#"<testsuite time="1">
            <testcase classname="b" name="skipped"><skipped/></testcase>
            <testcase classname="b" name="errored"><error message="timed out"/></testcase>
        </testsuite>"#;
        let run = parse(xml).unwrap();
        assert_eq!((run.counts().skipped, run.counts().failed), (1, 1));
        let (_, failure) = run.failures().next().unwrap();
        assert_eq!(failure.output, "timed out");
    }
}

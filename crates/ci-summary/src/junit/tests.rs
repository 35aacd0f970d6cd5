use super::*;
use crate::location::Location;
use crate::run::Counts;

/// The root the samples were written under.
pub(crate) const ROOT: &str = "/w";

fn parse(xml: &str) -> Result<TestRun, JunitError> {
    super::parse(xml, Path::new(ROOT))
}

/// A sample report of `samples/`, parsed.
pub(crate) fn sample_run(name: &str) -> TestRun {
    parse(&sample(name)).expect("the sample parses")
}

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
    let location = failure.place.test.as_ref().unwrap();
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

#[test]
fn a_journey_failing_in_a_helper_is_placed_at_the_journeys_line() {
    let run = sample_run("e2e-helper-failure.xml");
    let (case, failure) = run.failures().next().unwrap();
    assert_eq!(
        case.full_name(),
        "conduit-e2e::browser accounts::a_visitor_signs_up"
    );
    let at = |file: &str, line, column| {
        Some(Location {
            file: file.to_owned(),
            line,
            column,
        })
    };
    assert_eq!(
        failure.place.test,
        at("e2e/tests/browser/accounts.rs", 21, 38)
    );
    assert_eq!(
        failure.place.helper,
        at("e2e/tests/browser/support/find.rs", 199, 14)
    );
}

#[test]
fn node_tests_are_named_by_file_and_title_and_keep_the_assertion() {
    let run = parse(&sample("node-failure.xml")).unwrap();
    assert_eq!(
        run.counts(),
        Counts {
            passed: 3,
            failed: 2,
            skipped: 1,
            flaky: 0
        }
    );
    assert!(run.cases.iter().all(|case| case.runner == Runner::Node));
    let failures: Vec<_> = run.failures().collect();
    let (case, failure) = failures[0];
    assert_eq!(
        case.full_name(),
        "crates/server/ui-tests/router.test.mjs fails & <quotes>"
    );
    let location = failure.place.test.as_ref().unwrap();
    assert_eq!((location.line, location.column), (6, 10));
    assert_eq!(
        failure.first_lines()[..3],
        [
            "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:",
            "",
            "2 !== 3"
        ]
    );
    assert!(!failure.output.contains("ERR_TEST_FAILURE"));
    assert!(!failure.output.contains("generatedMessage"));
    let (nested, _) = failures[1];
    assert_eq!(nested.name, "group > inner fails via helper");
    assert_eq!(run.wall_time.as_millis(), 226);
    let passed = run
        .cases
        .iter()
        .find(|case| case.name == "reads \"quoted\"");
    assert_eq!(
        passed.map(TestCase::full_name).as_deref(),
        Some("reads \"quoted\"")
    );
}

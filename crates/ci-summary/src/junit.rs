//! Reads the JUnit XML that nextest writes (Jenkins' flavour: one `<testsuite>` per test binary,
//! one `<testcase>` per test, `<flakyFailure>`/`<rerunFailure>` for retried attempts), and the
//! one `node --test --test-reporter=junit` writes (every case's class is `test`, `describe`
//! blocks are nested `<testsuite>`s, and only a failure's stack says which file it is in).

use std::path::Path;
use std::time::Duration;

use roxmltree::{Document, Node};

use crate::location::place_of;
use crate::run::{Failure, Outcome, Runner, TestCase, TestRun};

/// The class node's JUnit reporter gives every test case.
const NODE_CLASSNAME: &str = "test";

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

/// `workspace` is the workspace root, which absolute paths in the output are made relative to.
pub fn parse(xml: &str, workspace: &Path) -> Result<TestRun, JunitError> {
    let document = Document::parse(xml)?;
    let root = document.root_element();
    if !matches!(root.tag_name().name(), "testsuites" | "testsuite") {
        return Err(JunitError::NotJunit(root.tag_name().name().to_owned()));
    }
    let cases = root
        .descendants()
        .filter(|node| node.has_tag_name("testcase"))
        .map(|node| test_case(node, workspace))
        .collect::<Result<Vec<_>, _>>()?;
    let wall_time = match seconds(root, "time")? {
        Some(time) => time,
        None => node_duration(root).unwrap_or_else(|| cases.iter().map(|case| case.time).sum()),
    };
    Ok(TestRun { cases, wall_time })
}

fn test_case(node: Node, root: &Path) -> Result<TestCase, JunitError> {
    let attribute = |name: &'static str| {
        node.attribute(name)
            .map(str::to_owned)
            .ok_or(JunitError::MissingAttribute(name))
    };
    let class = attribute("classname")?;
    let runner = match class.as_str() {
        NODE_CLASSNAME => Runner::Node,
        _ => Runner::Nextest,
    };
    let outcome = outcome(node, runner, root);
    let (binary, name) = match runner {
        Runner::Nextest => (class, attribute("name")?),
        Runner::Node => (node_file(&outcome), node_title(node)?),
    };
    Ok(TestCase {
        binary,
        name,
        time: seconds(node, "time")?.unwrap_or_default(),
        outcome,
        runner,
    })
}

/// The run's wall time, which node's report gives only in a closing `<!-- duration_ms N -->`.
fn node_duration(root: Node) -> Option<Duration> {
    root.children()
        .filter(|child| child.is_comment())
        .filter_map(|comment| {
            comment
                .text()?
                .trim()
                .strip_prefix("duration_ms ")?
                .parse()
                .ok()
        })
        .find_map(|millis: f64| Duration::try_from_secs_f64(millis / 1000.0).ok())
}

/// The file of a Node test, from its failure's stack; node's report does not say otherwise.
fn node_file(outcome: &Outcome) -> String {
    let failure = match outcome {
        Outcome::Failed(failure) => Some(failure),
        Outcome::Flaky { first_failure, .. } => Some(first_failure),
        Outcome::Passed | Outcome::Skipped => None,
    };
    failure
        .and_then(|failure| failure.place.test.as_ref())
        .map(|location| location.file.clone())
        .unwrap_or_default()
}

/// A Node test's title, after those of the `describe` blocks around it: `group > test`.
fn node_title(node: Node) -> Result<String, JunitError> {
    let mut titles: Vec<&str> = node
        .ancestors()
        .filter(|ancestor| ancestor.has_tag_name("testsuite"))
        .filter_map(|suite| suite.attribute("name"))
        .collect();
    titles.reverse();
    titles.push(
        node.attribute("name")
            .ok_or(JunitError::MissingAttribute("name"))?,
    );
    // Node 20 escapes quotes in a title twice (`&amp;quot;`): undo the second time.
    Ok(titles
        .join(" > ")
        .replace("&quot;", "\"")
        .replace("&apos;", "'"))
}

fn outcome(node: Node, runner: Runner, root: &Path) -> Outcome {
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
        return Outcome::Failed(failure(failed, Some(node), runner, root));
    }
    if !children("skipped").is_empty() {
        return Outcome::Skipped;
    }
    let flaky = children("flakyFailure");
    match flaky.first() {
        Some(first) => Outcome::Flaky {
            failed_attempts: flaky.len(),
            first_failure: failure(*first, None, runner, root),
        },
        None => Outcome::Passed,
    }
}

/// The failure's own text (nextest puts the panic message there), else what the test printed to
/// stderr, then stdout: `<system-err>` is inside the failure element for retried attempts and in
/// the `<testcase>` for the final one.
fn failure(element: Node, case: Option<Node>, runner: Runner, root: &Path) -> Failure {
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
    let output = match runner {
        Runner::Nextest => output.to_owned(),
        Runner::Node => node_error(output),
    };
    Failure {
        place: place_of(&output, root),
        output,
    }
}

/// Node wraps the assertion in an `ERR_TEST_FAILURE` whose `cause:` is the error worth reading:
/// its message and its stack, without the properties node prints after them.
fn node_error(output: &str) -> String {
    let cause = output
        .split_once("cause: ")
        .map_or(output, |(_, cause)| cause);
    let mut lines: Vec<&str> = Vec::new();
    let mut in_stack = false;
    for line in cause.lines() {
        let frame = line.trim_start().starts_with("at ");
        if in_stack && !frame {
            break;
        }
        in_stack |= frame;
        lines.push(line.trim_end().trim_end_matches('{').trim_end());
    }
    dedent(&lines)
}

/// The lines without the indentation the ones after the first share: node indents the cause,
/// whose first line follows `cause: `.
fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .enumerate()
        .map(|(at, line)| match at {
            0 => line.trim_start(),
            _ => line.get(indent..).unwrap_or_default(),
        })
        .collect::<Vec<_>>()
        .join("\n")
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
pub(crate) mod tests;

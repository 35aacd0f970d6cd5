//! Stated test counts. The suites grow with every change and a number written in prose does
//! not, so the documents state none: `cargo nextest list` gives the real one. The exception is
//! a measurement that says when and how it was made, between
//! `<!-- counted at <commit> with: <command> -->` and `<!-- end counted -->`: a reader can
//! repeat it, and nobody mistakes it for today's number.

use crate::{Document, Problem};

const KINDS: [&str; 8] = [
    "",
    "unit ",
    "integration ",
    "e2e ",
    "browser ",
    "property ",
    "postgresql ",
    "sqlite ",
];

/// A number directly followed by "tests" (or "unit tests", …) is a stated count.
pub fn check(document: &Document) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut in_measurement = false;
    for (index, line) in document.text.lines().enumerate() {
        if opens_a_measurement(line) {
            in_measurement = true;
        } else if line.trim() == "<!-- end counted -->" {
            in_measurement = false;
        }
        if in_measurement {
            continue;
        }
        let lower = line.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        for (at, word) in words.iter().enumerate() {
            let number = word.trim_start_matches(['(', '*']).replace(',', "");
            if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let rest = words[at + 1..].join(" ");
            let counts_tests = KINDS.iter().any(|kind| {
                rest.starts_with(&format!("{kind}tests"))
                    || rest.starts_with(&format!("{kind}test "))
            });
            if counts_tests {
                problems.push(document.problem(
                    index + 1,
                    format!("states a test count (`{word} {rest}`); state none, counts rot"),
                ));
            }
        }
    }
    problems
}

/// `<!-- counted at <commit> with: <command> -->`, naming an abbreviated or full commit hash
/// and a command.
fn opens_a_measurement(line: &str) -> bool {
    let Some(marker) = line
        .trim()
        .strip_prefix("<!-- counted at ")
        .and_then(|rest| rest.strip_suffix("-->"))
    else {
        return false;
    };
    let Some((commit, command)) = marker.split_once(" with: ") else {
        return false;
    };
    (7..=40).contains(&commit.len())
        && commit.chars().all(|c| c.is_ascii_hexdigit())
        && !command.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn problems_in(text: &str) -> usize {
        check(&Document {
            path: PathBuf::from("x.md"),
            text: text.into(),
        })
        .len()
    }

    #[test]
    fn a_count_is_reported_on_its_line_with_its_words() {
        let problems = check(&Document {
            path: PathBuf::from("x.md"),
            text: "intro\n\nwe run 12 tests here".into(),
        });
        assert_eq!(
            problems
                .iter()
                .map(|problem| (problem.line, problem.message.as_str()))
                .collect::<Vec<_>>(),
            [(
                3,
                "states a test count (`12 tests here`); state none, counts rot"
            )]
        );
    }

    #[test]
    fn a_count_may_stand_only_in_a_block_that_says_when_and_how_it_was_counted() {
        let counted = "<!-- counted at 0c0380f with: cargo nextest list -->\n\
                       | unit | 216 tests |\n<!-- end counted -->\n";
        assert_eq!(problems_in(counted), 0);
        assert_eq!(problems_in(&format!("{counted}| e2e | 40 tests |\n")), 1);
        let no_commit = "<!-- counted at HEAD with: cargo nextest list -->\n| unit | 216 tests |\n";
        assert_eq!(problems_in(no_commit), 1);
        let no_command = "<!-- counted at 0c0380f -->\n| unit | 216 tests |\n";
        assert_eq!(problems_in(no_command), 1);
    }

    #[test]
    fn numbers_of_tests_are_counts_and_other_numbers_are_not() {
        assert_eq!(problems_in("| unit | 216 tests, 0.6 s |"), 1);
        assert_eq!(problems_in("the domain's 129 unit tests finish"), 1);
        assert_eq!(problems_in("a 1,024 tests run"), 1);
        assert_eq!(
            problems_in("ten registrations; 10,000 idle sockets; 2 cores"),
            0
        );
    }
}

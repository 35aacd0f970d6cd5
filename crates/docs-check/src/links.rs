//! Relative links and their anchors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::{Document, Problem};

/// Every relative link of `document` must name an existing file or directory; an `#anchor`
/// into a Markdown file (or into `document` itself) must name one of its headings.
pub fn check(document: &Document) -> Vec<Problem> {
    let base = document.path.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    for (offset, destination) in link_destinations(&document.text) {
        if is_external(&destination) {
            continue;
        }
        let line = document.line_of(offset);
        let (file, anchor) = destination
            .split_once('#')
            .unwrap_or((destination.as_str(), ""));
        let target = if file.is_empty() {
            document.path.clone()
        } else {
            base.join(file)
        };
        if !target.exists() {
            problems
                .push(document.problem(line, format!("links to `{file}`, which does not exist")));
            continue;
        }
        if anchor.is_empty() || target.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        if !anchors_of(&target).contains(&anchor.to_owned()) {
            problems.push(document.problem(
                line,
                format!(
                    "links to `{destination}`, but {} has no heading with anchor `#{anchor}`",
                    display(&target)
                ),
            ));
        }
    }
    problems
}

fn display(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

fn is_external(destination: &str) -> bool {
    destination.contains("://") || destination.starts_with("mailto:")
}

/// Each link's destination with the byte offset where the link starts.
fn link_destinations(text: &str) -> Vec<(usize, String)> {
    Parser::new(text)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((range.start, dest_url.into_string())),
            _ => None,
        })
        .collect()
}

fn anchors_of(path: &PathBuf) -> Vec<String> {
    std::fs::read_to_string(path).map_or_else(|_| Vec::new(), |text| anchors(&text))
}

/// The anchors GitHub gives the headings of `text`: lower-cased, punctuation dropped, spaces
/// as hyphens, and `-1`, `-2`… on repeats.
pub fn anchors(text: &str) -> Vec<String> {
    let mut anchors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<String> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(String::new());
            }
            Event::Text(part) | Event::Code(part) => {
                if let Some(heading) = heading.as_mut() {
                    heading.push_str(&part);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(heading) = heading.take() {
                    let slug = slug(&heading);
                    let repeats = seen.entry(slug.clone()).or_insert(0);
                    anchors.push(match *repeats {
                        0 => slug,
                        n => format!("{slug}-{n}"),
                    });
                    *repeats += 1;
                }
            }
            _ => {}
        }
    }
    anchors
}

fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_follow_githubs_rules() {
        let text = "# What does SQL `RETURNING` do?\n## Flask vs. Express\n## Flask vs. Express\n";
        assert_eq!(
            anchors(text),
            [
                "what-does-sql-returning-do",
                "flask-vs-express",
                "flask-vs-express-1"
            ]
        );
    }

    #[test]
    fn every_heading_level_has_an_anchor() {
        let text = "# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n";
        assert_eq!(
            anchors(text),
            ["one", "two", "three", "four", "five", "six"]
        );
    }

    #[test]
    fn anchors_are_checked_in_markdown_files_only_and_reported_with_the_file_name() {
        let root = tempfile::tempdir().unwrap();
        let docs = root.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join("other.md"), "# Title\n").unwrap();
        std::fs::write(docs.join("lib.rs"), "fn f() {}\n").unwrap();
        let text = "# Here\n[a](other.md#title) [b](other.md#gone)\n\
                    [c](lib.rs#L1) [d](#here) [e](#nowhere) [f](other.md)\n";
        let path = docs.join("x.md");
        std::fs::write(&path, text).unwrap();
        let problems: Vec<(usize, String)> = check(&Document::read(&path).unwrap())
            .into_iter()
            .map(|problem| (problem.line, problem.message))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    2,
                    "links to `other.md#gone`, but other.md has no heading with anchor `#gone`"
                        .to_owned()
                ),
                (
                    3,
                    "links to `#nowhere`, but x.md has no heading with anchor `#nowhere`"
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn links_in_code_are_not_links() {
        assert!(link_destinations("```\n[a](nowhere.md)\n```\n`[b](nowhere.md)`").is_empty());
    }
}

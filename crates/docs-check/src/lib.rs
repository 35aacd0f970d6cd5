//! Checks that the prose cannot drift from the code it describes. Each check reads one document
//! and returns the problems it found, each naming the document, the line and the reference, so
//! that a failing `cargo test` says exactly what to fix.
//!
//! - [`links::check`]: a relative link must name an existing file, and its `#anchor` an existing
//!   heading of the Markdown file it points to.
//! - [`proofs::check`]: every test named under "Proved by" must exist in the file named before
//!   it.
//! - [`commands::check`]: every command it tells the reader to run names a Makefile target or
//!   variable, package, test target, setting, flag or script that exists.
//! - [`counts::check`]: no document states how many tests there are; counts rot with every
//!   test added, and `cargo nextest list` gives the real number.
//! - [`imports::cycles`]: top-level modules of a crate that import each other, directly or round
//!   a loop, so that the module graph stays one-way.
//! - [`doc_examples::examples`]: code examples in doc comments, which would never run, since the
//!   libraries build no doc tests.

use std::fmt;
use std::path::{Path, PathBuf};

pub mod commands;
pub mod counts;
pub mod doc_examples;
pub mod imports;
pub mod links;
pub mod proofs;

/// One document as the checks read it.
pub struct Document {
    /// The file, for messages and for resolving relative links.
    pub path: PathBuf,
    pub text: String,
}

impl Document {
    pub fn read(path: &Path) -> std::io::Result<Self> {
        Ok(Self {
            path: path.to_owned(),
            text: std::fs::read_to_string(path)?,
        })
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn problem(&self, line: usize, message: String) -> Problem {
        Problem {
            document: self.path.clone(),
            line,
            message,
        }
    }
}

/// A broken reference: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub document: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.document.display(),
            self.line,
            self.message
        )
    }
}

/// README.md and every docs/*.md under `root`, sorted so that reports are stable.
pub fn documents(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    docs.sort();
    paths.extend(docs);
    Ok(paths)
}

/// Every problem every check finds in `document`.
pub fn check(document: &Document) -> Vec<Problem> {
    let mut problems = links::check(document);
    problems.extend(proofs::check(document));
    problems.extend(commands::check(document));
    problems.extend(counts::check(document));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_counted_from_one_and_an_offset_past_the_end_is_on_the_last() {
        let document = Document {
            path: PathBuf::from("docs/x.md"),
            text: "a\nb\nc".to_owned(),
        };
        let lines: Vec<usize> = [0, 1, 2, 4, 99]
            .into_iter()
            .map(|offset| document.line_of(offset))
            .collect();
        assert_eq!(lines, [1, 1, 2, 3, 3]);
    }

    #[test]
    fn every_check_reports_its_problems_as_path_line_and_message() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("Cargo.toml"), "").unwrap();
        std::fs::create_dir(root.path().join("docs")).unwrap();
        std::fs::write(root.path().join("docs/lib.rs"), "fn kept() {}\n").unwrap();
        let path = root.path().join("docs/x.md");
        std::fs::write(
            &path,
            "# Title\n\nSee [gone](gone.md).\n\nProved by:\n- `docs/lib.rs` → `dropped`\n",
        )
        .unwrap();
        let problems: Vec<String> = check(&Document::read(&path).unwrap())
            .iter()
            .map(|problem| problem.to_string())
            .collect();
        let shown = path.display();
        assert_eq!(
            problems,
            [
                format!("{shown}:3: links to `gone.md`, which does not exist"),
                format!(
                    "{shown}:6: \"Proved by\" names `dropped`, but docs/lib.rs has no `fn dropped`"
                ),
            ]
        );
    }
}

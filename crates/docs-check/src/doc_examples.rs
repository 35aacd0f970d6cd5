//! Code examples in doc comments. rustdoc would run each as a doc test, but the libraries set
//! `doctest = false` (an empty rustdoc pass per crate cost `cargo test` 1.4 s), so an example
//! written in a doc comment would never run: it belongs in a test. This scan finds them, so that
//! one cannot be added unnoticed.
//!
//! An example is what rustdoc's Markdown reads as a code block: a fence (three backticks or
//! tildes) or a line indented by four spaces or a tab, in a `///` or `//!` comment.

use std::io;
use std::path::{Path, PathBuf};

/// One line of a doc comment that opens a code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub file: PathBuf,
    pub line: usize,
}

impl std::fmt::Display for Example {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// The code blocks of the doc comments in every `.rs` file under `src`, in file order.
pub fn examples(src: &Path) -> io::Result<Vec<Example>> {
    let mut files = Vec::new();
    rust_files(src, &mut files)?;
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        found.extend(code_block_lines(&text).into_iter().map(|line| Example {
            file: file.clone(),
            line,
        }));
    }
    Ok(found)
}

/// The 1-based lines of `text` whose doc comment opens a code block.
pub fn code_block_lines(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut in_fence = false;
    for (index, line) in text.lines().enumerate() {
        let Some(doc) = doc_text(line) else {
            continue;
        };
        let fence = doc.trim_start().starts_with("```") || doc.trim_start().starts_with("~~~");
        let indented = doc.starts_with("    ") || doc.starts_with('\t');
        if (fence || indented) && !in_fence {
            found.push(index + 1);
        }
        if fence {
            in_fence = !in_fence;
        }
    }
    found
}

/// The text of a `///` or `//!` line after its marker and the one space that usually follows.
fn doc_text(line: &str) -> Option<&str> {
    let comment = line.trim_start();
    let text = comment
        .strip_prefix("///")
        .filter(|rest| !rest.starts_with('/'))
        .or_else(|| comment.strip_prefix("//!"))?;
    Some(text.strip_prefix(' ').unwrap_or(text))
}

fn rust_files(directory: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(directory)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, files)?;
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_and_indented_lines_of_doc_comments_are_examples() {
        let text = [
            "/// Adds.",
            "///",
            "/// ```",
            "/// assert_eq!(add(1, 1), 2);",
            "/// ```",
            "fn add() {}",
            "//! ~~~text",
            "//! ~~~",
            "///     let x = 1;",
            "///\tlet y = 2;",
        ];
        assert_eq!(code_block_lines(&text.join("\n")), [3, 7, 9, 10]);
    }

    #[test]
    fn code_in_plain_comments_strings_and_inline_code_is_not() {
        let text = [
            "// ```",
            "//// ```",
            "let fence = \"```\";",
            "/// Use `x` or ``y``.",
            "///  two spaces are a continued list item",
        ];
        assert!(code_block_lines(&text.join("\n")).is_empty());
    }

    #[test]
    fn a_crate_directory_is_scanned_down_its_module_tree() {
        let src = tempfile::tempdir().unwrap();
        std::fs::create_dir(src.path().join("nested")).unwrap();
        std::fs::write(src.path().join("lib.rs"), "//! Fine.\n").unwrap();
        std::fs::write(
            src.path().join("nested/deep.rs"),
            "/// x\n/// ```\n/// ```\n",
        )
        .unwrap();
        std::fs::write(src.path().join("notes.md"), "```\n```\n").unwrap();
        assert_eq!(
            examples(src.path()).unwrap(),
            [Example {
                file: src.path().join("nested/deep.rs"),
                line: 2
            }]
        );
    }
}

//! The tests named under "Proved by".
//!
//! A "Proved by" block runs from a line starting with `Proved by` to the next heading or the
//! next paragraph that is not a list. In it, `` `path/to/file.rs` `` names the file, and every
//! `` `snake_case::name` `` after it, up to the next file, is a function in that file (each
//! `module::` a `mod` in it). Spans with spaces, capitals or placeholders such as `<name>` are
//! prose, not references.

use std::path::{Path, PathBuf};

use crate::{Document, Problem};

pub fn check(document: &Document) -> Vec<Problem> {
    let root = workspace_root(&document.path);
    let mut problems = Vec::new();
    let mut current: Option<(String, Option<String>)> = None;
    let mut in_block = false;
    let mut after_blank = false;
    for (index, line) in document.text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim_start();
        if line.starts_with('#') {
            in_block = false;
        } else if line.starts_with("Proved by") {
            in_block = true;
            current = None;
        } else if after_blank && !trimmed.is_empty() && !trimmed.starts_with('-') && line == trimmed
        {
            in_block = false;
        }
        after_blank = trimmed.is_empty();
        if !in_block {
            continue;
        }
        let spans = code_spans(line);
        for span in &spans {
            if is_path(span) {
                let source = std::fs::read_to_string(root.join(span)).ok();
                if source.is_none() {
                    problems.push(document.problem(
                        number,
                        format!("\"Proved by\" names `{span}`, which does not exist"),
                    ));
                }
                current = Some((span.clone(), source));
            } else if is_test_reference(span) {
                match &current {
                    Some((file, Some(source))) => {
                        if let Some(missing) = missing_part(&root.join(file), source, span) {
                            problems.push(document.problem(
                                number,
                                format!(
                                    "\"Proved by\" names `{span}`, but {file} has no `{missing}`"
                                ),
                            ));
                        }
                    }
                    Some((_, None)) => {}
                    None => problems.push(document.problem(
                        number,
                        format!("\"Proved by\" names `{span}` before naming the file it is in"),
                    )),
                }
            }
        }
    }
    problems
}

/// The repository root: the nearest ancestor of `document` holding a Cargo.toml.
pub(crate) fn workspace_root(document: &Path) -> &Path {
    document
        .ancestors()
        .skip(1)
        .find(|dir| dir.join("Cargo.toml").exists())
        .unwrap_or(Path::new("."))
}

/// The contents of each `` `…` `` span on `line`.
fn code_spans(line: &str) -> Vec<String> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// `dir/file.ext`: a file in the repository, named from its root.
fn is_path(span: &str) -> bool {
    span.contains('/')
        && !span.contains(' ')
        && span
            .rsplit('/')
            .next()
            .is_some_and(|file| file.contains('.'))
}

fn is_test_reference(span: &str) -> bool {
    !span.is_empty()
        && span
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':')
        && span.split("::").all(|part| !part.is_empty())
}

/// The first of `mod a`, `mod b`, `fn name` that `source` (the text of `file`) lacks for
/// `a::b::name`. A module kept in a file of its own (`mod a;`) is searched in that file.
fn missing_part(file: &Path, source: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = reference.split("::").collect();
    let name = parts.pop()?;
    let mut file = file.to_path_buf();
    let mut source = source.to_owned();
    for module in parts {
        let wanted = format!("mod {module}");
        if !declares(&source, &wanted) {
            return Some(wanted);
        }
        if let Some(child) = module_file(&file, module)
            && let Ok(text) = std::fs::read_to_string(&child)
        {
            (file, source) = (child, text);
        }
    }
    let wanted = format!("fn {name}");
    (!declares(&source, &wanted)).then_some(wanted)
}

/// Where rustc looks for `mod module;` declared in `file`: beside a `main.rs`, `lib.rs` or
/// `mod.rs`, and in a folder named after any other file.
fn module_file(file: &Path, module: &str) -> Option<PathBuf> {
    let parent = file.parent()?;
    let folder = match file.file_stem()?.to_str()? {
        "main" | "lib" | "mod" => parent.to_path_buf(),
        stem => parent.join(stem),
    };
    [
        folder.join(format!("{module}.rs")),
        folder.join(module).join("mod.rs"),
    ]
    .into_iter()
    .find(|candidate| candidate.is_file())
}

/// Whether `source` holds `wanted` (`fn x`, `mod y`) followed by something that ends a name.
fn declares(source: &str, wanted: &str) -> bool {
    source.match_indices(wanted).any(|(at, _)| {
        source[at + wanted.len()..]
            .chars()
            .next()
            .is_some_and(|next| !(next.is_alphanumeric() || next == '_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_must_be_a_whole_function_and_its_modules_must_exist() {
        let source = "mod login {\n    async fn works() {}\n    fn works_too() {}\n}";
        let file = Path::new("tests/api/users.rs");
        assert_eq!(missing_part(file, source, "login::works"), None);
        assert_eq!(
            missing_part(file, source, "login::work"),
            Some("fn work".into())
        );
        assert_eq!(
            missing_part(file, source, "logout::works"),
            Some("mod logout".into())
        );
    }

    /// A workspace holding `files`, and the problems `check` finds in its `docs/proofs.md`.
    fn problems_in(files: &[(&str, &str)]) -> Vec<String> {
        let root = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let document = Document::read(&root.path().join("docs/proofs.md")).unwrap();
        check(&document)
            .into_iter()
            .map(|problem| problem.message)
            .collect()
    }

    #[test]
    fn a_module_in_a_file_of_its_own_is_read_there() {
        let docs = "Proved by:\n- `tests/api/users.rs` → `register::works`, `register::gone`\n";
        let problems = problems_in(&[
            ("Cargo.toml", ""),
            ("docs/proofs.md", docs),
            ("tests/api/users.rs", "mod register;\n"),
            ("tests/api/users/register.rs", "fn works() {}\n"),
        ]);
        assert_eq!(
            problems,
            ["\"Proved by\" names `register::gone`, but tests/api/users.rs has no `fn gone`"]
        );
    }

    #[test]
    fn a_block_ends_at_a_heading_or_at_a_paragraph_after_a_blank_line() {
        let docs = "Proved by:\n\
                    - `src/a.rs` → `gone_one`\n\
                    \n  `gone_two`, indented, still continues the item\n\
                    \n- `gone_three`, a list item after a blank line\n\
                    and `gone_four` on the next line, with no blank line before it\n\
                    \nA paragraph after a blank line, `not_checked`, ends the block\n\
                    - `not_checked_either`\n\
                    # Heading\n\
                    Proved by `src/a.rs`: `gone_five`\n\
                    ## Next `not_checked_at_all`\n";
        let problems = problems_in(&[
            ("Cargo.toml", ""),
            ("docs/proofs.md", docs),
            ("src/a.rs", "fn kept() {}\n"),
        ]);
        let missing =
            |name: &str| format!("\"Proved by\" names `{name}`, but src/a.rs has no `fn {name}`");
        assert_eq!(
            problems,
            [
                "gone_one",
                "gone_two",
                "gone_three",
                "gone_four",
                "gone_five"
            ]
            .map(missing)
        );
    }

    #[test]
    fn prose_and_placeholders_are_not_references() {
        for span in [
            "token_version + 1",
            "ApiQuery",
            "users::sqlite::<name>",
            "make postgres",
        ] {
            assert!(!is_test_reference(span), "{span}");
        }
        assert!(is_test_reference(
            "update::a_nul_character_is_422_on_every_backend"
        ));
    }
}

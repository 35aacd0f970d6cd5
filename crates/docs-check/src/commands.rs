//! The commands a document tells its reader to run: every line of a `sh` code block, and inline
//! code that starts with `make `, `cargo ` or a path such as `scripts/…`. What each names must
//! exist: a Makefile target or variable, a workspace package (`-p`), a test target (`--test`),
//! a setting (`NAME=value` before the command, a `--flag` after `cargo run --`), a script, a
//! bug of the catalogue (`make bugs BUG=<name>` needs `bugs/<name>.md`).
//! Commands of other tools (`apt-get`, `openssl`) are the reader's system's business.

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::proofs::workspace_root;
use crate::{Document, Problem};

/// What commands may name, read once per document from the workspace.
struct Workspace<'a> {
    root: &'a Path,
    makefile: String,
    settings: String,
    packages: Vec<String>,
}

impl<'a> Workspace<'a> {
    fn read(root: &'a Path) -> Self {
        let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_default();
        let manifests = std::fs::read_dir(root.join("crates"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("Cargo.toml"))
            .chain([root.join("e2e/Cargo.toml")]);
        let packages = manifests
            .filter_map(|manifest| std::fs::read_to_string(manifest).ok())
            .filter_map(|manifest| {
                manifest
                    .lines()
                    .find_map(|line| line.strip_prefix("name = \""))
                    .map(|name| name.trim_end_matches('"').to_owned())
            })
            .collect();
        Self {
            root,
            makefile: read("Makefile"),
            settings: read(".env.example"),
            packages,
        }
    }

    fn is_target(&self, target: &str) -> bool {
        self.makefile
            .lines()
            .filter_map(|line| line.split_once(':').map(|(names, _)| names))
            .filter(|names| !names.starts_with(['\t', '#', ' ']) && !names.contains('='))
            .any(|names| names.split_whitespace().any(|name| name == target))
    }

    /// An entry of the bug catalogue that `make bugs BUG=<name>` plants.
    fn is_bug(&self, name: &str) -> bool {
        !name.contains('/') && self.root.join("bugs").join(format!("{name}.md")).is_file()
    }

    fn is_make_variable(&self, name: &str) -> bool {
        self.makefile.contains(&format!("$({name})"))
    }

    /// A variable the server reads: `.env.example` lists every one, set or commented out.
    fn is_setting(&self, name: &str) -> bool {
        self.settings.lines().any(|line| {
            line.trim_start_matches("# ")
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('='))
        })
    }

    fn is_test_target(&self, name: &str) -> bool {
        let crates = std::fs::read_dir(self.root.join("crates"))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .chain([self.root.join("e2e")]);
        crates.into_iter().any(|dir| {
            dir.join(format!("tests/{name}.rs")).exists()
                || dir.join(format!("tests/{name}/main.rs")).exists()
        })
    }
}

pub fn check(document: &Document) -> Vec<Problem> {
    let root = workspace_root(&document.path);
    let workspace = Workspace::read(root);
    commands(&document.text)
        .into_iter()
        .flat_map(|(offset, command)| {
            let line = document.line_of(offset);
            problems_of(&workspace, &command)
                .into_iter()
                .map(move |problem| (line, format!("`{command}`: {problem}")))
        })
        .map(|(line, message)| document.problem(line, message))
        .collect()
}

/// Each command with the byte offset of the block or span it is in.
fn commands(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut in_shell = false;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(language))) => {
                in_shell = matches!(&*language, "sh" | "bash" | "shell");
            }
            Event::End(TagEnd::CodeBlock) => in_shell = false,
            Event::Text(block) if in_shell => {
                let mut offset = range.start;
                for line in block.split_inclusive('\n') {
                    let command = line.split(" #").next().unwrap_or_default().trim();
                    if !command.is_empty() && !command.starts_with('#') {
                        found.push((offset, command.to_owned()));
                    }
                    offset += line.len();
                }
            }
            Event::Code(span) => {
                let span = span.trim();
                if ["make ", "cargo ", "scripts/", ".ci/"]
                    .iter()
                    .any(|start| span.starts_with(start))
                {
                    found.push((range.start, span.to_owned()));
                }
            }
            _ => {}
        }
    }
    found
}

/// What is wrong with one command, nothing when all it names exists.
fn problems_of(workspace: &Workspace, command: &str) -> Vec<String> {
    let words = words(command);
    let mut words = words.iter().map(String::as_str).peekable();
    let mut assigned = Vec::new();
    while let Some((name, _)) = words.peek().and_then(|word| assignment(word)) {
        assigned.push(name);
        words.next();
    }
    let Some(program) = words.next() else {
        return Vec::new();
    };
    // Variables set for cargo or make are settings; for other programs they are the shell's.
    let mut problems: Vec<String> = assigned
        .into_iter()
        .filter(|_| matches!(program, "cargo" | "make"))
        .filter(|name| !workspace.is_setting(name) && !workspace.is_make_variable(name))
        .map(|name| format!("`{name}` is neither a setting nor a Makefile variable"))
        .collect();
    let arguments: Vec<&str> = words.collect();
    match program {
        "make" => problems.extend(make_problems(workspace, &arguments)),
        "cargo" => problems.extend(cargo_problems(workspace, &arguments)),
        path if path.contains('/') && !workspace.root.join(path).exists() => {
            problems.push(format!("`{path}` does not exist"));
        }
        _ => {}
    }
    problems
}

/// The words of `command` as a shell splits them: quotes keep spaces and are dropped.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    words.extend(word);
    words
}

/// `NAME=value`, where NAME is an upper-case variable name.
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    is_name.then_some((name, value))
}

fn make_problems(workspace: &Workspace, arguments: &[&str]) -> Vec<String> {
    arguments
        .iter()
        .filter_map(|argument| match assignment(argument) {
            Some((name, _)) if !workspace.is_make_variable(name) => {
                Some(format!("the Makefile reads no `{name}`"))
            }
            Some(("BUG", bug)) => (!workspace.is_bug(bug))
                .then(|| format!("there is no bug `{bug}` in the catalogue (bugs/{bug}.md)")),
            Some(_) => None,
            None => (!workspace.is_target(argument))
                .then(|| format!("the Makefile has no target `{argument}`")),
        })
        .collect()
}

fn cargo_problems(workspace: &Workspace, arguments: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let (own, passed_on) = match arguments.iter().position(|argument| *argument == "--") {
        Some(split) => (&arguments[..split], &arguments[split + 1..]),
        None => (arguments, &[][..]),
    };
    for pair in own.windows(2) {
        match pair {
            ["-p" | "--package", package] if !workspace.packages.iter().any(|p| p == package) => {
                problems.push(format!("there is no package `{package}`"));
            }
            ["--test", target]
                if !target.contains(['*', '\'']) && !workspace.is_test_target(target) =>
            {
                problems.push(format!("there is no test target `{target}`"));
            }
            _ => {}
        }
    }
    if own.first() == Some(&"run") {
        for flag in passed_on.iter().filter(|word| word.starts_with("--")) {
            let name = flag
                .trim_start_matches("--")
                .split('=')
                .next()
                .unwrap_or_default();
            let variable = name.to_uppercase().replace('-', "_");
            if !matches!(name, "help" | "version") && !workspace.is_setting(&variable) {
                problems.push(format!("the server has no flag `--{name}`"));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests;

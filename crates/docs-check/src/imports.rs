//! Import cycles between the top-level modules of a crate. Modules that import each other, directly
//! or round a loop, cannot be understood, tested or moved one without the others, so the arrows
//! between top-level modules never lead back to where they started.
//!
//! The scan follows the module tree from `lib.rs`, leaving out everything behind `#[cfg(test)]`
//! (tests may reach anywhere), comments and string literals, and reads every `crate::…` path,
//! `use crate::{a, b::C}` groups included. A name the crate root re-exports (`crate::DomainError`
//! for `pub use error::DomainError`) counts as its module.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

/// One file of module `from` naming module `to`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Import {
    pub from: String,
    pub to: String,
    pub file: PathBuf,
}

/// Top-level modules that import each other, directly (`a → b → a`) or round a longer loop
/// (`a → b → c → a`): each module in turn, and the files through which it imports the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub steps: Vec<Step>,
}

/// One arrow of a cycle: module `from` imports module `to` in `files`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub from: String,
    pub to: String,
    pub files: Vec<PathBuf>,
}

impl std::fmt::Display for Cycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut modules: Vec<&str> = self.steps.iter().map(|step| step.from.as_str()).collect();
        modules.extend(self.steps.first().map(|step| step.from.as_str()));
        let arrows: Vec<String> = self
            .steps
            .iter()
            .map(|step| {
                let files: Vec<String> = step
                    .files
                    .iter()
                    .map(|file| file.display().to_string())
                    .collect();
                format!("{} imports {} in {}", step.from, step.to, files.join(", "))
            })
            .collect();
        write!(f, "{}: {}", modules.join(" → "), arrows.join("; "))
    }
}

/// The import cycles between top-level modules of the crate whose sources are under `src`
/// (file paths relative to it): the shortest through each module that is on one, each cycle
/// once.
pub fn cycles(src: &Path) -> io::Result<Vec<Cycle>> {
    Ok(cycles_among(&imports(src)?))
}

/// The shortest cycle through each module of `imports` that is on one, each cycle once.
pub fn cycles_among(imports: &[Import]) -> Vec<Cycle> {
    let mut graph: BTreeMap<&str, BTreeMap<&str, Vec<PathBuf>>> = BTreeMap::new();
    for import in imports {
        graph
            .entry(&import.from)
            .or_default()
            .entry(&import.to)
            .or_default()
            .push(import.file.clone());
    }
    let mut seen = BTreeSet::new();
    let mut cycles = Vec::new();
    for start in graph.keys() {
        let Some(mut modules) = shortest_cycle(&graph, start) else {
            continue;
        };
        // The same loop found from another of its modules starts at its smallest name.
        let smallest = (0..modules.len())
            .min_by_key(|at| modules[*at])
            .unwrap_or(0);
        modules.rotate_left(smallest);
        if !seen.insert(modules.clone()) {
            continue;
        }
        let steps = (0..modules.len())
            .map(|at| {
                let (from, to) = (modules[at], modules[(at + 1) % modules.len()]);
                Step {
                    from: from.to_owned(),
                    to: to.to_owned(),
                    files: graph[from][to].clone(),
                }
            })
            .collect();
        cycles.push(Cycle { steps });
    }
    cycles
}

/// The modules of a shortest path from `start` back to itself, `start` first, by breadth-first
/// search.
fn shortest_cycle<'a>(
    graph: &BTreeMap<&'a str, BTreeMap<&'a str, Vec<PathBuf>>>,
    start: &'a str,
) -> Option<Vec<&'a str>> {
    let next = |module: &str| {
        graph
            .get(module)
            .into_iter()
            .flat_map(|to| to.keys().copied())
    };
    let mut reached_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(module) = queue.pop_front() {
        for to in next(module) {
            if to == start {
                let mut path = vec![module];
                while let Some(previous) = path.last().and_then(|last| reached_from.get(*last)) {
                    path.push(previous);
                }
                path.reverse();
                return Some(path);
            }
            if !reached_from.contains_key(to) {
                reached_from.insert(to, module);
                queue.push_back(to);
            }
        }
    }
    None
}

/// Every import between two different top-level modules, once per file.
pub fn imports(src: &Path) -> io::Result<Vec<Import>> {
    let root = code_only(&std::fs::read_to_string(src.join("lib.rs"))?);
    let modules = declared_modules(&root);
    let reexports = reexports(&root, &modules);
    let mut found = BTreeSet::new();
    for module in &modules {
        for file in module_files(src, module)? {
            let code = code_only(&std::fs::read_to_string(&file)?);
            for name in crate_paths(&code) {
                let target = if modules.contains(&name) {
                    Some(name)
                } else {
                    reexports.get(&name).cloned()
                };
                if let Some(target) = target.filter(|target| target != module) {
                    let file = file.strip_prefix(src).unwrap_or(&file).to_owned();
                    found.insert(Import {
                        from: module.clone(),
                        to: target,
                        file,
                    });
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// The file of module `name` declared in a file of directory `dir`, and the files of every
/// non-test module below it.
fn module_files(dir: &Path, name: &str) -> io::Result<Vec<PathBuf>> {
    let flat = dir.join(format!("{name}.rs"));
    let nested = dir.join(name).join("mod.rs");
    let file = if flat.exists() { flat } else { nested };
    let code = code_only(&std::fs::read_to_string(&file)?);
    let mut files = vec![file];
    for child in declared_modules(&code) {
        files.extend(module_files(&dir.join(name), &child)?);
    }
    Ok(files)
}

/// The names of `mod name;` declarations (inline modules are part of their file already).
fn declared_modules(code: &str) -> BTreeSet<String> {
    code.match_indices("mod ")
        .filter(|(at, _)| !preceded_by_identifier(code, *at))
        .filter_map(|(at, _)| {
            let rest = code[at + "mod ".len()..].trim_start();
            let name = identifier(rest);
            let declares_file = rest[name.len()..].trim_start().starts_with(';');
            (declares_file && !name.is_empty()).then_some(name)
        })
        .collect()
}

fn preceded_by_identifier(code: &str, at: usize) -> bool {
    code[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// `pub use module::{A, B}` in the crate root: each re-exported name and its module.
fn reexports(root: &str, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in root.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, rest)) = path.split_once("::") else {
            continue;
        };
        if !modules.contains(module.trim()) {
            continue;
        }
        for name in rest.trim_matches(['{', '}', ' ', '\n']).split(',') {
            let exported = name.rsplit([':', ' ']).next().unwrap_or_default().trim();
            if !exported.is_empty() {
                names.insert(exported.to_owned(), module.trim().to_owned());
            }
        }
    }
    names
}

/// The first name of every path that starts at `crate::`, each item of a `crate::{…}` group
/// counted.
fn crate_paths(code: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if preceded_by_identifier(code, at) {
            continue;
        }
        let rest = code[at + "crate::".len()..].trim_start();
        match rest.strip_prefix('{') {
            Some(group) => names.extend(group_heads(group)),
            None => names.push(identifier(rest)),
        }
    }
    names.retain(|name| !name.is_empty());
    names
}

/// The first name of each top-level item of a `{a, b::{C, D}, e::F}` group (the text after `{`).
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expecting = true;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => expecting = true,
            c if expecting && (c.is_alphanumeric() || c == '_') => {
                heads.push(identifier(&group[at..]));
                expecting = false;
            }
            _ => {}
        }
    }
    heads
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// `code` without comments, literals' contents and `#[cfg(test)]` items, so that only what
/// builds outside tests is scanned.
fn code_only(code: &str) -> String {
    without_test_items(&blank_comments_and_literals(code))
}

/// Each comment and the inside of each string or char literal replaced by spaces; braces and
/// paths inside them can then not be mistaken for code.
fn blank_comments_and_literals(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut at = 0;
    let blank = |out: &mut String, chars: &[char]| {
        out.extend(chars.iter().map(|c| if *c == '\n' { '\n' } else { ' ' }));
    };
    while at < chars.len() {
        let rest = &chars[at..];
        let end = match rest {
            ['/', '/', ..] => rest.iter().position(|c| *c == '\n').unwrap_or(rest.len()),
            ['/', '*', ..] => find(rest, &['*', '/'], 2).map_or(rest.len(), |end| end + 2),
            ['r', '#' | '"', ..] if raw_string_start(rest) => {
                let hashes = rest[1..].iter().take_while(|c| **c == '#').count();
                let mut close = vec!['"'];
                close.extend(std::iter::repeat_n('#', hashes));
                find(rest, &close, hashes + 2).map_or(rest.len(), |end| end + close.len())
            }
            ['"', ..] => string_end(rest),
            ['\'', '\\', ..] => rest
                .get(3..)
                .unwrap_or_default()
                .iter()
                .position(|c| *c == '\'')
                .map_or(rest.len(), |end| end + 4),
            ['\'', _, '\'', ..] => 3,
            _ => 0,
        };
        if end == 0 {
            out.push(chars[at]);
            at += 1;
        } else {
            blank(&mut out, &rest[..end]);
            at += end;
        }
    }
    out
}

/// Whether `rest` opens a raw string (`r"`, `r#"`), not a raw identifier (`r#type`).
fn raw_string_start(rest: &[char]) -> bool {
    let hashes = rest[1..].iter().take_while(|c| **c == '#').count();
    rest.get(1 + hashes) == Some(&'"')
}

/// The length of the string literal `rest` starts with, escapes included.
fn string_end(rest: &[char]) -> usize {
    let mut at = 1;
    while at < rest.len() {
        match rest[at] {
            '\\' => at += 2,
            '"' => return at + 1,
            _ => at += 1,
        }
    }
    rest.len()
}

fn find(haystack: &[char], needle: &[char], from: usize) -> Option<usize> {
    (from..haystack.len()).find(|at| haystack[*at..].starts_with(needle))
}

/// `code` with each `#[cfg(test)]` attribute and the item it gates blanked: up to its `;`, or
/// through its balanced `{ … }` block.
fn without_test_items(code: &str) -> String {
    const GATE: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find(GATE) {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let mut depth = 0;
        let mut end = item.len();
        for (offset, c) in item.char_indices().skip(GATE.len()) {
            match c {
                ';' if depth == 0 => {
                    end = offset + 1;
                    break;
                }
                '{' => depth += 1,
                // A gated field or variant ends where its enclosing block does.
                '}' if depth == 0 => {
                    end = offset;
                    break;
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.extend(
            item[..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;

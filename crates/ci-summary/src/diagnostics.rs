//! cargo's JSON messages (`--message-format=json-diagnostic-rendered-ansi`, or nextest's
//! `--cargo-message-format`) read as a build goes: each compiler message is printed as rustc
//! rendered it, so the log reads as usual, and every error and warning is kept for annotations
//! on its line and for the job summary, which a build that stops before any test ran would
//! otherwise leave empty.

use std::fmt::Write;

use serde::Deserialize;

use crate::annotations;
use crate::location::Location;

/// One compiler error or warning, at its primary span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// `error[E0308]: mismatched types`, `clippy::unwrap_used`: what the annotation is titled.
    pub title: String,
    pub location: Option<Location>,
    /// What rustc printed, without colours.
    pub rendered: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
}

/// What a line of the stream is: a diagnostic, or anything else, to pass on as it came.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Diagnostic {
        diagnostic: Diagnostic,
        /// As rustc rendered it, colours included, for the log.
        rendered: String,
    },
    /// Another cargo message (an artifact built, the build finished): nothing to show.
    Quiet,
    Other,
}

#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    message: Option<CompilerMessage>,
}

#[derive(Deserialize)]
struct CompilerMessage {
    level: String,
    message: String,
    code: Option<Code>,
    rendered: Option<String>,
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: u32,
    column_start: u32,
    is_primary: bool,
}

pub fn read_line(line: &str) -> Line {
    let Ok(message) = serde_json::from_str::<CargoMessage>(line) else {
        return Line::Other;
    };
    let Some(compiler) = message
        .message
        .filter(|_| message.reason == "compiler-message")
    else {
        return Line::Quiet;
    };
    let level = match compiler.level.as_str() {
        "error" | "error: internal compiler error" => Level::Error,
        "warning" => Level::Warning,
        // Notes and "aborting due to N previous errors" add nothing to the errors above them.
        _ => return Line::Quiet,
    };
    if compiler.spans.is_empty() && compiler.message.starts_with("aborting due to") {
        return Line::Quiet;
    }
    let title = match &compiler.code {
        Some(code) if code.code.starts_with("clippy::") => {
            format!("{}: {}", code.code, compiler.message)
        }
        Some(code) => format!("{}[{}]: {}", compiler.level, code.code, compiler.message),
        None => format!("{}: {}", compiler.level, compiler.message),
    };
    let location = compiler
        .spans
        .iter()
        .find(|span| span.is_primary)
        .map(|span| Location {
            file: span.file_name.clone(),
            line: span.line_start,
            column: span.column_start,
        });
    let rendered = compiler.rendered.unwrap_or_else(|| title.clone());
    Line::Diagnostic {
        diagnostic: Diagnostic {
            level,
            title,
            location,
            rendered: without_colours(&rendered).trim_end().to_owned(),
        },
        rendered,
    }
}

/// The test a line of libtest's output reports failed (`test users::x ... FAILED`): under plain
/// `cargo test` there is no JUnit report, and this is how the job still names its failures.
pub fn failed_test(line: &str) -> Option<&str> {
    line.strip_prefix("test ")?
        .strip_suffix(" ... FAILED")
        .filter(|name| !name.is_empty() && !name.contains(' '))
}

/// Every diagnostic of a build, once each (the same warning comes from the library and from its
/// test build), and the tests libtest reported failed.
#[derive(Debug, Default)]
pub struct Diagnostics {
    seen: Vec<Diagnostic>,
    failed_tests: Vec<String>,
}

impl Diagnostics {
    pub fn test_failed(&mut self, name: &str) {
        self.failed_tests.push(name.to_owned());
    }

    /// Keeps `diagnostic`; false when it was seen before.
    pub fn keep(&mut self, diagnostic: Diagnostic) -> bool {
        if self.seen.contains(&diagnostic) {
            return false;
        }
        self.seen.push(diagnostic);
        true
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.seen
            .iter()
            .filter(|diagnostic| diagnostic.level == Level::Error)
    }

    /// The job summary's sections, or nothing when the build had no error and no test failed.
    pub fn summary(&self, title: &str) -> String {
        let mut out = self.build_errors(title);
        if !self.failed_tests.is_empty() {
            let _ = writeln!(
                out,
                "### ❌ {title}: {} test(s) failed\n",
                self.failed_tests.len()
            );
            for name in &self.failed_tests {
                let _ = writeln!(
                    out,
                    "- `{name}`: run it alone with `cargo test -- --exact {name}`"
                );
            }
            out.push_str("\nEach failure's output is in the log, under `failures:`.\n\n");
        }
        out
    }

    fn build_errors(&self, title: &str) -> String {
        let errors: Vec<&Diagnostic> = self.errors().collect();
        if errors.is_empty() {
            return String::new();
        }
        let mut out = format!("### ❌ {title}: {} build error(s)\n\n", errors.len());
        for error in errors {
            let _ = match &error.location {
                Some(at) => writeln!(out, "#### `{}:{}`: {}\n", at.file, at.line, error.title),
                None => writeln!(out, "#### {}\n", error.title),
            };
            let _ = writeln!(out, "```text\n{}\n```\n", error.rendered);
        }
        out
    }
}

impl Diagnostic {
    /// The annotation GitHub shows on the diagnostic's line.
    pub fn annotation(&self) -> String {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        annotations::command(level, self.location.as_ref(), &self.title, &self.rendered)
    }
}

/// The text without ANSI colour sequences (`ESC [ ... m`).
fn without_colours(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for end in chars.by_ref() {
                if end.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    const MISMATCH: &str = r#"{"reason":"compiler-message","package_id":"p","manifest_path":"m","target":{"name":"x"},"message":{"rendered":"\u001b[1m\u001b[38;5;9merror[E0308]\u001b[0m: mismatched types\n --> crates/domain/src/user.rs:12:5\n","$message_type":"diagnostic","children":[],"code":{"code":"E0308","explanation":"..."},"level":"error","message":"mismatched types","spans":[{"file_name":"crates/domain/src/macros.rs","line_start":3,"line_end":3,"column_start":1,"column_end":2,"is_primary":false},{"file_name":"crates/domain/src/user.rs","byte_start":1,"byte_end":2,"line_start":12,"line_end":12,"column_start":5,"column_end":9,"is_primary":true,"text":[],"label":"expected `u32`","suggested_replacement":null,"expansion":null}]}}"#;

    fn diagnostic(line: &str) -> Diagnostic {
        match read_line(line) {
            Line::Diagnostic { diagnostic, .. } => diagnostic,
            other => panic!("not a diagnostic: {other:?}"),
        }
    }

    #[test]
    fn an_error_is_placed_at_its_primary_span_with_its_code() {
        let error = diagnostic(MISMATCH);
        assert_eq!(error.level, Level::Error);
        assert_eq!(error.title, "error[E0308]: mismatched types");
        assert_eq!(
            error.location,
            Some(Location {
                file: "crates/domain/src/user.rs".to_owned(),
                line: 12,
                column: 5
            })
        );
        assert_eq!(
            error.rendered,
            "error[E0308]: mismatched types\n --> crates/domain/src/user.rs:12:5"
        );
        assert_eq!(
            error.annotation(),
            "::error file=crates/domain/src/user.rs,line=12,col=5,\
             title=error[E0308]%3A mismatched types::\
             error[E0308]: mismatched types%0A --> crates/domain/src/user.rs:12:5\n"
        );
    }

    #[test]
    fn a_clippy_lint_is_titled_by_its_lint() {
        let line = r#"{"reason":"compiler-message","message":{"rendered":"error: used `unwrap()`","code":{"code":"clippy::unwrap_used","explanation":null},"level":"error","message":"used `unwrap()` on a `Result` value","spans":[{"file_name":"crates/server/src/a.rs","line_start":7,"column_start":9,"is_primary":true}]}}"#;
        assert_eq!(
            diagnostic(line).title,
            "clippy::unwrap_used: used `unwrap()` on a `Result` value"
        );
    }

    #[test]
    fn other_messages_are_quiet_and_other_lines_pass_through() {
        let abort = r#"{"reason":"compiler-message","message":{"rendered":"error: aborting due to 1 previous error","code":null,"level":"error","message":"aborting due to 1 previous error","spans":[]}}"#;
        assert_eq!(read_line(abort), Line::Quiet);
        assert_eq!(
            read_line(r#"{"reason":"build-finished","success":false}"#),
            Line::Quiet
        );
        assert_eq!(read_line("   Compiling conduit v0.1.0"), Line::Other);
    }

    #[test]
    fn a_failed_libtest_test_is_named_and_other_lines_are_not() {
        assert_eq!(
            failed_test("test users::register::is_201 ... FAILED"),
            Some("users::register::is_201")
        );
        assert_eq!(failed_test("test users::register::is_201 ... ok"), None);
        assert_eq!(failed_test("test result: FAILED. 1 passed; 1 failed"), None);

        let mut diagnostics = Diagnostics::default();
        diagnostics.test_failed("users::register::is_201");
        assert_eq!(
            diagnostics.summary("test"),
            "### ❌ test: 1 test(s) failed\n\n\
             - `users::register::is_201`: run it alone with \
             `cargo test -- --exact users::register::is_201`\n\n\
             Each failure's output is in the log, under `failures:`.\n\n"
        );
    }

    #[test]
    fn the_summary_lists_each_error_once_and_is_empty_without_errors() {
        let mut diagnostics = Diagnostics::default();
        assert_eq!(diagnostics.summary("unit"), "");
        assert!(diagnostics.keep(diagnostic(MISMATCH)));
        assert!(!diagnostics.keep(diagnostic(MISMATCH)));
        assert_eq!(
            diagnostics.summary("unit"),
            "### ❌ unit: 1 build error(s)\n\n\
             #### `crates/domain/src/user.rs:12`: error[E0308]: mismatched types\n\n\
             ```text\nerror[E0308]: mismatched types\n --> crates/domain/src/user.rs:12:5\n```\n\n"
        );
    }
}

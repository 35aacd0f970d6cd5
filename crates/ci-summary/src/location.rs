//! Where a failure is worth opening: the line of the test itself. A panic raised inside a shared
//! helper (`tests/**/support/`, the test kit) is followed down its backtrace to the first frame in
//! the test's own file; a Node test's place is the first frame of its stack in the workspace.

use std::path::Path;

/// A place in a file of the workspace, relative to its root: `crates/server/tests/api/x.rs:88:5`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// Where a failure happened, as far as its output tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The test's own line: what the summary shows and the annotation marks.
    pub test: Option<Location>,
    /// Where the panic was raised, when that was a helper rather than the test.
    pub helper: Option<Location>,
}

/// Directories whose code only serves tests; a panic there is reported at its caller.
const HELPER_DIRS: [&str; 2] = ["/support/", "crates/testkit/"];

/// Reads a failure's output. `root` is the workspace root, stripped from absolute paths.
pub fn place_of(output: &str, root: &Path) -> Place {
    if let Some(panic) = rust_panic(output) {
        if !is_helper(&panic.file) {
            return Place {
                test: Some(panic),
                helper: None,
            };
        }
        return Place {
            test: caller_in_tests(output, &panic, root),
            helper: Some(panic),
        };
    }
    Place {
        test: script_frame(output, root),
        helper: None,
    }
}

fn is_helper(file: &str) -> bool {
    HELPER_DIRS
        .iter()
        .any(|dir| file.starts_with(dir.trim_start_matches('/')) || file.contains(dir))
}

/// `panicked at FILE:LINE:COLUMN:`, as Rust prints it.
fn rust_panic(output: &str) -> Option<Location> {
    let (_, after) = output.split_once("panicked at ")?;
    parse(after.lines().next()?.trim_end_matches(':'))
}

/// `FILE:LINE:COLUMN`, the file possibly holding colons itself.
fn parse(place: &str) -> Option<Location> {
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next().filter(|file| !file.is_empty())?.to_owned();
    Some(Location { file, line, column })
}

/// The first backtrace frame (`at PATH:LINE:COLUMN`) in a test file that is not a helper. Frames
/// of an integration test are printed relative to its crate (`./tests/browser/x.rs`: nextest
/// runs a test in its crate's directory), which the helper's own path names (`e2e/`).
fn caller_in_tests(output: &str, helper: &Location, root: &Path) -> Option<Location> {
    let crate_dir = helper
        .file
        .find("tests/")
        .map(|at| &helper.file[..at])
        .unwrap_or_default();
    output
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("at "))
        .filter_map(parse)
        .filter_map(|frame| {
            Some(Location {
                file: workspace_relative(&frame.file, crate_dir, root)?,
                ..frame
            })
        })
        .find(|frame| {
            (frame.file.contains("/tests/") || frame.file.starts_with("tests/"))
                && !is_helper(&frame.file)
                && !frame.file.starts_with('/')
        })
}

/// `None` for a path relative to a crate the helper's path does not name.
fn workspace_relative(file: &str, crate_dir: &str, root: &Path) -> Option<String> {
    if let Some(in_crate) = file.strip_prefix("./") {
        return (!crate_dir.is_empty()).then(|| format!("{crate_dir}{in_crate}"));
    }
    let root = root.to_string_lossy();
    Some(match file.strip_prefix(root.as_ref()) {
        Some(inside) => inside.trim_start_matches('/').to_owned(),
        None => file.to_owned(),
    })
}

/// A JavaScript stack frame of a file in the workspace: `at name (file:///ROOT/x.test.mjs:6:10)`.
/// Node's own frames (`node:internal/...`) and files outside the workspace are passed over.
fn script_frame(output: &str, root: &Path) -> Option<Location> {
    let root = format!("file://{}/", root.to_string_lossy().trim_end_matches('/'));
    output
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("at "))
        .filter_map(|frame| {
            let url = frame.rsplit_once('(').map_or(frame, |(_, url)| url);
            let inside = url.trim_end_matches(')').strip_prefix(root.as_str())?;
            parse(inside)
        })
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "/w";

    fn place(output: &str) -> Place {
        place_of(output, Path::new(ROOT))
    }

    fn at(file: &str, line: u32, column: u32) -> Option<Location> {
        Some(Location {
            file: file.to_owned(),
            line,
            column,
        })
    }

    #[test]
    fn a_panic_in_the_test_itself_is_its_place() {
        let output = "thread 't' (42) panicked at crates/a/tests/b.rs:88:5:\nboom";
        assert_eq!(
            place(output),
            Place {
                test: at("crates/a/tests/b.rs", 88, 5),
                helper: None
            }
        );
    }

    #[test]
    fn a_panic_in_a_support_helper_is_placed_at_the_journey_line_that_called_it() {
        let output = "thread 'j' (7) panicked at e2e/tests/browser/support/find.rs:199:14:\n\
            waited 5s for the thing\n\
            stack backtrace:\n\
            \x20  0: __rustc::rust_begin_unwind\n\
            \x20            at /rustc/abc/library/std/src/panicking.rs:689:5\n\
            \x20  2: browser::support::find::wait_for\n\
            \x20            at ./tests/browser/support/find.rs:199:14\n\
            \x20  3: browser::accounts::signs_up::{{closure}}\n\
            \x20            at ./tests/browser/accounts.rs:21:38\n\
            \x20  4: browser::accounts::signs_up\n\
            \x20            at ./tests/browser/accounts.rs:13:5\n";
        assert_eq!(
            place(output),
            Place {
                test: at("e2e/tests/browser/accounts.rs", 21, 38),
                helper: at("e2e/tests/browser/support/find.rs", 199, 14),
            }
        );
    }

    #[test]
    fn absolute_frames_under_the_root_count_and_the_test_kit_is_a_helper() {
        let output = "thread 't' panicked at crates/testkit/src/http/mod.rs:140:13:\n\
            response does not match the document\n\
            \x20 at /w/crates/testkit/src/http/mod.rs:140:13\n\
            \x20 at /w/crates/server/tests/api/users.rs:12:9\n";
        assert_eq!(
            place(output).test,
            at("crates/server/tests/api/users.rs", 12, 9)
        );
    }

    #[test]
    fn a_helper_panic_without_a_backtrace_keeps_only_the_helper() {
        let output = "thread 't' panicked at e2e/tests/browser/support/find.rs:199:14:\nwaited";
        assert_eq!(
            place(output),
            Place {
                test: None,
                helper: at("e2e/tests/browser/support/find.rs", 199, 14),
            }
        );
    }

    #[test]
    fn a_node_failure_is_placed_at_its_first_frame_in_the_workspace() {
        let output = "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n\
            2 !== 3\n\n\
            \x20   at TestContext.<anonymous> (file:///w/crates/server/ui-tests/router.test.mjs:6:10)\n\
            \x20   at Test.runInAsyncScope (node:async_hooks:206:9)\n";
        assert_eq!(
            place(output).test,
            at("crates/server/ui-tests/router.test.mjs", 6, 10)
        );
    }

    #[test]
    fn output_without_a_place_has_none() {
        assert_eq!(place("test timed out after 120s"), Place::default());
        assert_eq!(place("panicked at nowhere"), Place::default());
        assert_eq!(
            place("    at x (file:///elsewhere/a.mjs:1:2)\n    at node:internal/x:1:2"),
            Place::default()
        );
    }
}

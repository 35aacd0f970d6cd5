//! The binary as CI calls it: what it prints, where it writes, and how it fails.

use std::path::PathBuf;
use std::process::{Command, Output};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn ci_summary(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ci-summary"))
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("ci-summary does not start: {error}"))
}

#[test]
fn a_malformed_report_is_a_clear_error_and_a_failing_exit() {
    let malformed = sample("malformed.xml");
    let output = ci_summary(&[
        "tests".as_ref(),
        "--title=unit".as_ref(),
        malformed.as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "ci-summary: {}: not well-formed XML: expected 'testcase' tag, not 'testsuite' at 5:5",
            malformed.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_missing_report_names_the_file() {
    let output = ci_summary(&[
        "tests".as_ref(),
        "--title=e2e".as_ref(),
        "nowhere.xml".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("ci-summary: cannot read nowhere.xml: "),
        "{stderr}"
    );
}

#[test]
fn append_adds_to_the_summary_file_and_annotations_go_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "### ✅ lint\n\n").unwrap();
    let failing = sample("one-failure.xml");
    let output = ci_summary(&[
        "--append".as_ref(),
        summary.as_ref(),
        "tests".as_ref(),
        "--title=integration".as_ref(),
        "--github-annotations".as_ref(),
        failing.as_ref(),
    ]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("::error file=crates/server/tests/api/accounts.rs,line=88,"));
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("### ✅ lint\n\n### ❌ integration: 1 failed\n"));
}

#[test]
fn coverage_prints_one_column_per_layer_named_on_the_command_line() {
    let unit = sample("coverage-unit.json");
    let mut layer = std::ffi::OsString::from("unit=");
    layer.push(&unit);
    let output = ci_summary(&["coverage".as_ref(), "--root=/w".as_ref(), &layer]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "| crate | unit |\n\
         |---|---:|\n\
         | `crates/domain` | 90.0 % (9/10) |\n\
         | `crates/server` | 25.0 % (1/4) |\n\
         | **all** | **71.4 % (10/14)** |\n"
    );
}

#[test]
fn a_coverage_layer_without_its_file_is_a_clear_error() {
    let output = ci_summary(&["coverage".as_ref(), "unit".as_ref()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "ci-summary: \"unit\" is not LAYER=FILE\n"
    );
}

#[test]
fn diagnostics_pass_the_build_through_and_list_its_errors_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let error = r#"{"reason":"compiler-message","message":{"rendered":"error[E0425]: cannot find value `x`\n","code":{"code":"E0425"},"level":"error","message":"cannot find value `x` in this scope","spans":[{"file_name":"crates/domain/src/lib.rs","line_start":3,"column_start":9,"is_primary":true}]}}"#;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ci-summary"))
        .args(["--append".as_ref(), summary.as_os_str()])
        .args(["diagnostics", "--title=unit", "--github-annotations"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = format!("{error}\nrunning 0 tests\n{error}\n");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "::error file=crates/domain/src/lib.rs,line=3,col=9,\
         title=error[E0425]%3A cannot find value `x` in this scope::\
         error[E0425]: cannot find value `x`\nrunning 0 tests\n"
    );
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error[E0425]: cannot find value `x`\n".repeat(2)
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with(
            "### ❌ unit: 1 build error(s)\n\n\
             #### `crates/domain/src/lib.rs:3`: error[E0425]: cannot find value `x` in this scope\n"
        ),
        "{written}"
    );
}

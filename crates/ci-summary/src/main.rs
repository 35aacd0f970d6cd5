//! `ci-summary tests` and `ci-summary coverage`: the Markdown CI writes to the job summary
//! (`$GITHUB_STEP_SUMMARY`) and `make ci` to `target/ci-summary.md`.

use std::fs::OpenOptions;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use conduit_ci_summary::diagnostics::{Diagnostics, Line, failed_test, read_line};
use conduit_ci_summary::{annotations, coverage, junit, markdown};

#[derive(Parser)]
#[command(about = "Markdown summaries of nextest's JUnit reports and of per-layer coverage")]
struct Cli {
    /// Append the Markdown to this file instead of printing it.
    #[arg(long, global = true, value_name = "FILE")]
    append: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Counts, wall time, the five slowest tests and every failure of one nextest run.
    Tests {
        /// The layer the run belongs to, shown in the heading ("unit", "e2e").
        #[arg(long)]
        title: String,
        /// Also print a GitHub `::error` command per failure, which the runner shows as an
        /// annotation on the line that panicked.
        #[arg(long)]
        github_annotations: bool,
        /// What the job sets up around its run, put before each "Run it alone" command:
        /// `TEST_DATABASE_URL=...` for the PostgreSQL suite, `scripts/with-browser` for E2E.
        #[arg(long, default_value = "", value_name = "TEXT")]
        rerun_prefix: String,
        /// The JUnit report of nextest (target/nextest/ci/junit.xml) or of `node --test`.
        junit: PathBuf,
    },
    /// Reads cargo's JSON messages on stdin (`--message-format=json-diagnostic-rendered-ansi`):
    /// prints each diagnostic as rustc rendered it and passes other lines on; the summary lists
    /// every build error, with the file and line, and every test `cargo test` reported failed.
    Diagnostics {
        /// The job the build belongs to, shown in the heading ("lint", "unit").
        #[arg(long)]
        title: String,
        /// Also print a GitHub `::error` or `::warning` command per diagnostic, which the
        /// runner shows as an annotation on its line.
        #[arg(long)]
        github_annotations: bool,
    },
    /// One table of line coverage per crate, one column per layer.
    Coverage {
        /// The workspace root, stripped from the file names in the exports.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// LAYER=FILE pairs of `cargo llvm-cov report --json --summary-only` exports.
        #[arg(required = true, value_name = "LAYER=FILE")]
        layers: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let markdown = match cli.command {
        Command::Tests {
            title,
            github_annotations,
            rerun_prefix,
            junit,
        } => tests(&title, github_annotations, &rerun_prefix, &junit),
        Command::Coverage { root, layers } => coverage_table(&root, &layers),
        Command::Diagnostics {
            title,
            github_annotations,
        } => diagnostics(&title, github_annotations),
    };
    let written = markdown.and_then(|markdown| match &cli.append {
        Some(file) => append(file, &markdown),
        None => {
            print!("{markdown}");
            Ok(())
        }
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ci-summary: {message}");
            ExitCode::FAILURE
        }
    }
}

fn tests(
    title: &str,
    github_annotations: bool,
    rerun_prefix: &str,
    junit: &Path,
) -> Result<String, String> {
    let xml = read(junit)?;
    let root = workspace_root()?;
    let run = junit::parse(&xml, &root).map_err(|error| describe(junit, &error))?;
    if github_annotations {
        print!("{}", annotations::failures(&run));
    }
    Ok(markdown::test_summary(title, &run, rerun_prefix))
}

/// CI and `make` run the tool from the workspace root.
fn workspace_root() -> Result<PathBuf, String> {
    std::env::current_dir().map_err(|error| format!("no working directory: {error}"))
}

fn diagnostics(title: &str, github_annotations: bool) -> Result<String, String> {
    let mut seen = Diagnostics::default();
    let (mut stdout, mut stderr) = (std::io::stdout().lock(), std::io::stderr().lock());
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|error| format!("cannot read stdin: {error}"))?;
        let written = match read_line(&line) {
            Line::Diagnostic {
                diagnostic,
                rendered,
            } => {
                let annotation = diagnostic.annotation();
                if seen.keep(diagnostic) && github_annotations {
                    stdout.write_all(annotation.as_bytes())
                } else {
                    Ok(())
                }
                .and_then(|()| stderr.write_all(rendered.as_bytes()))
            }
            Line::Quiet => Ok(()),
            Line::Other => {
                if let Some(name) = failed_test(&line) {
                    seen.test_failed(name);
                }
                writeln!(stdout, "{line}")
            }
        };
        written.map_err(|error| format!("cannot write: {error}"))?;
    }
    Ok(seen.summary(title))
}

fn coverage_table(root: &Path, layers: &[String]) -> Result<String, String> {
    let root = std::path::absolute(root).map_err(|error| format!("{}: {error}", root.display()))?;
    let mut columns = Vec::with_capacity(layers.len());
    for layer in layers {
        let (name, file) = layer
            .split_once('=')
            .ok_or_else(|| format!("{layer:?} is not LAYER=FILE"))?;
        let file = Path::new(file);
        let per_crate =
            coverage::per_crate(&read(file)?, &root).map_err(|error| describe(file, &error))?;
        columns.push((name.to_owned(), per_crate));
    }
    Ok(coverage::table(&columns))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// The error and each of its sources, so that "not well-formed XML" says where and why.
fn describe(path: &Path, error: &dyn std::error::Error) -> String {
    let mut message = format!("{}: {error}", path.display());
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

fn append(file: &Path, markdown: &str) -> Result<(), String> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut out| out.write_all(markdown.as_bytes()))
        .map_err(|error| format!("cannot append to {}: {error}", file.display()))
}

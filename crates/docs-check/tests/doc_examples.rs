//! Every library sets `doctest = false`, so that `cargo test` spends no rustdoc pass on crates
//! without doc tests; an example written in a doc comment would then never run. This fails on
//! one, naming its line: write it as a test instead.

use std::path::Path;

use conduit_docs_check::doc_examples::examples;

#[test]
fn no_doc_comment_holds_an_example_that_would_never_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    let mut libraries = 0;
    for krate in members(&root.join("crates")).unwrap() {
        let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
        if !krate.join("src/lib.rs").exists() {
            continue;
        }
        libraries += 1;
        assert!(
            manifest.contains("[lib]\ndoctest = false"),
            "{}: a library without `[lib] doctest = false`",
            krate.display()
        );
        found.extend(examples(&krate.join("src")).unwrap());
    }
    assert!(libraries > 0, "no library found under {}", root.display());
    let found: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        found.is_empty(),
        "doc comments with a code example, which would never run (doctest = false): {}",
        found.join(", ")
    );
}

/// The crates directly under `dir`. (The browser suite's library is not one of them: only
/// nextest runs it, and nextest runs no doc tests.)
fn members(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut crates = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.join("Cargo.toml").exists() {
            crates.push(path);
        }
    }
    crates.sort();
    Ok(crates)
}

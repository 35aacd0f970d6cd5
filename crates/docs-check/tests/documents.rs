//! README.md and docs/*.md against the workspace as it is: a broken link, anchor or "Proved by"
//! reference, or a stated test count, fails `cargo test` with the document, line and reference.

use std::path::Path;

use conduit_docs_check::{Document, check, documents};

#[test]
fn every_link_anchor_and_named_test_in_the_docs_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().expect("the workspace root");
    let paths = documents(&root).expect("README.md and docs/ are readable");
    assert!(paths.len() > 1, "found no docs under {}", root.display());
    let problems: Vec<String> = paths
        .iter()
        .map(|path| Document::read(path).expect("a readable document"))
        .flat_map(|document| check(&document))
        .map(|problem| {
            let relative = problem
                .document
                .strip_prefix(&root)
                .unwrap_or(&problem.document);
            format!(
                "{}:{}: {}",
                relative.display(),
                problem.line,
                problem.message
            )
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{} broken reference(s) in the docs:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

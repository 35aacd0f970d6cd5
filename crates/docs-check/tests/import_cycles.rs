//! The crates' own module graphs: top-level modules that import each other, directly or round a
//! loop, fail `cargo test`, naming the modules and the files of each import.

use std::path::Path;

use conduit_docs_check::imports::cycles;

fn assert_no_cycles(krate: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(krate)
        .join("src");
    let cycles = cycles(&src)
        .unwrap_or_else(|error| panic!("cannot read the sources under {}: {error}", src.display()));
    let report: Vec<String> = cycles.iter().map(ToString::to_string).collect();
    assert!(
        report.is_empty(),
        "{} import cycle(s) between top-level modules of {krate}:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn no_top_level_modules_of_the_server_import_each_other() {
    assert_no_cycles("crates/server");
}

#[test]
fn no_top_level_modules_of_the_domain_import_each_other() {
    assert_no_cycles("crates/domain");
}

#[test]
fn no_top_level_modules_of_the_store_import_each_other() {
    assert_no_cycles("crates/store");
}

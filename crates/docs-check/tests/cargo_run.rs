//! The README's first command is a plain `cargo run`. In a workspace, cargo picks the binary to
//! run among the default members, and refuses ("could not determine which binary to run") when
//! they hold more than one: so they must hold exactly one, the server's.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The paths listed in the root manifest's `default-members = [ … ]`.
fn default_members() -> Vec<String> {
    let manifest = fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    let start = manifest
        .find("default-members = [")
        .expect("the root manifest names its default members");
    let list = &manifest[start..];
    let list = &list[list.find('[').unwrap() + 1..list.find(']').unwrap()];
    list.lines()
        .map(|line| line.split('#').next().unwrap_or_default())
        .flat_map(|line| line.split(','))
        .map(|entry| entry.trim().trim_matches('"').to_owned())
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// A member's binaries: each `[[bin]]` it declares, or its `src/main.rs`.
fn binaries_of(member: &str) -> usize {
    let root = workspace().join(member);
    let manifest = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let declared = manifest.matches("[[bin]]").count();
    if declared > 0 {
        declared
    } else {
        usize::from(root.join("src/main.rs").exists())
    }
}

#[test]
fn the_default_members_hold_exactly_one_binary_so_cargo_run_needs_no_flag() {
    let with_binaries: Vec<(String, usize)> = default_members()
        .into_iter()
        .map(|member| {
            let count = binaries_of(&member);
            (member, count)
        })
        .filter(|(_, count)| *count > 0)
        .collect();
    assert_eq!(
        with_binaries,
        vec![("crates/server".to_owned(), 1)],
        "plain `cargo run` must find one binary among the default members"
    );
}

//! Line coverage per crate and per test layer, from cargo-llvm-cov's JSON export
//! (`cargo llvm-cov report --json --summary-only`), as one Markdown table.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    #[error("not a cargo-llvm-cov JSON export")]
    Json(#[from] serde_json::Error),
}

/// Lines with code in them, and how many of those ran at least once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Lines {
    pub covered: u64,
    pub count: u64,
}

/// One layer's lines, keyed by crate directory (`crates/server`, `e2e`).
pub type PerCrate = BTreeMap<String, Lines>;

#[derive(Deserialize)]
struct Export {
    data: Vec<ExportData>,
}

#[derive(Deserialize)]
struct ExportData {
    files: Vec<ExportFile>,
}

#[derive(Deserialize)]
struct ExportFile {
    filename: String,
    summary: FileSummary,
}

#[derive(Deserialize)]
struct FileSummary {
    lines: Lines,
}

/// Adds up the files of `json` by the crate they belong to; `root` is the workspace, whose path
/// llvm-cov prefixes to every file name.
pub fn per_crate(json: &str, root: &Path) -> Result<PerCrate, CoverageError> {
    let export: Export = serde_json::from_str(json)?;
    let mut crates = PerCrate::new();
    for file in export.data.iter().flat_map(|data| &data.files) {
        let relative = Path::new(&file.filename)
            .strip_prefix(root)
            .unwrap_or(Path::new(&file.filename));
        let lines = crates.entry(crate_of(relative)).or_default();
        lines.covered += file.summary.lines.covered;
        lines.count += file.summary.lines.count;
    }
    Ok(crates)
}

/// `crates/server/src/app.rs` → `crates/server`; `e2e/tests/x.rs` → `e2e`.
fn crate_of(relative: &Path) -> String {
    let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
    match parts.as_slice() {
        [first, second, _, ..] if first == "crates" => format!("{first}/{second}"),
        [first, _, ..] => first.to_string(),
        _ => relative.display().to_string(),
    }
}

/// One row per crate, one column per layer, in the order given; `—` where a layer's binaries do
/// not contain the crate at all.
pub fn table(layers: &[(String, PerCrate)]) -> String {
    let crates: BTreeSet<&String> = layers.iter().flat_map(|(_, c)| c.keys()).collect();
    let mut out = String::from("| crate |");
    let mut rule = String::from("|---|");
    for (layer, _) in layers {
        let _ = write!(out, " {layer} |");
        rule.push_str("---:|");
    }
    let _ = writeln!(out, "\n{rule}");
    for name in crates {
        let _ = write!(out, "| `{name}` |");
        for (_, per_crate) in layers {
            let cell = per_crate.get(name).map_or_else(|| "—".to_owned(), cell);
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
    }
    out.push_str("| **all** |");
    for (_, per_crate) in layers {
        let total = per_crate
            .values()
            .fold(Lines::default(), |sum, lines| Lines {
                covered: sum.covered + lines.covered,
                count: sum.count + lines.count,
            });
        let _ = write!(out, " **{}** |", cell(&total));
    }
    out.push('\n');
    out
}

fn cell(lines: &Lines) -> String {
    if lines.count == 0 {
        return "—".to_owned();
    }
    let percent = 100.0 * lines.covered as f64 / lines.count as f64;
    format!("{percent:.1} % ({}/{})", lines.covered, lines.count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(files: &[(&str, u64, u64)]) -> String {
        let files: Vec<_> = files
            .iter()
            .map(|(name, covered, count)| {
                serde_json::json!({"filename": name, "summary": {"lines": {
                    "count": count, "covered": covered, "percent": 0.0}}})
            })
            .collect();
        serde_json::json!({"data": [{"files": files, "totals": {}}], "type": "llvm.coverage.json.export"})
            .to_string()
    }

    #[test]
    fn files_add_up_by_the_crate_they_belong_to() {
        let json = export(&[
            ("/w/crates/server/src/app.rs", 5, 10),
            ("/w/crates/server/src/ws/hub.rs", 1, 10),
            ("/w/crates/domain/src/lib.rs", 3, 3),
            ("/w/e2e/src/lib.rs", 0, 2),
        ]);
        let crates = per_crate(&json, Path::new("/w")).unwrap();
        assert_eq!(
            crates["crates/server"],
            Lines {
                covered: 6,
                count: 20
            }
        );
        assert_eq!(
            crates["crates/domain"],
            Lines {
                covered: 3,
                count: 3
            }
        );
        assert_eq!(
            crates["e2e"],
            Lines {
                covered: 0,
                count: 2
            }
        );
    }

    #[test]
    fn the_table_has_a_column_per_layer_and_a_dash_where_a_layer_never_loads_a_crate() {
        let unit = per_crate(
            &export(&[
                ("/w/crates/domain/src/a.rs", 9, 10),
                ("/w/crates/server/src/b.rs", 1, 4),
            ]),
            Path::new("/w"),
        )
        .unwrap();
        let e2e = per_crate(
            &export(&[("/w/crates/server/src/b.rs", 3, 4)]),
            Path::new("/w"),
        )
        .unwrap();
        let table = table(&[("unit".to_owned(), unit), ("e2e".to_owned(), e2e)]);
        assert_eq!(
            table,
            "| crate | unit | e2e |\n\
             |---|---:|---:|\n\
             | `crates/domain` | 90.0 % (9/10) | — |\n\
             | `crates/server` | 25.0 % (1/4) | 75.0 % (3/4) |\n\
             | **all** | **71.4 % (10/14)** | **75.0 % (3/4)** |\n"
        );
    }

    #[test]
    fn something_else_than_an_export_is_refused() {
        assert!(per_crate("{\"data\": 3}", Path::new("/w")).is_err());
        assert!(per_crate("not json", Path::new("/w")).is_err());
    }
}

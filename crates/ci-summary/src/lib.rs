//! What CI leaves behind (nextest's JUnit report, cargo-llvm-cov's JSON export), turned into the
//! Markdown a reviewer reads in a job summary and the annotations GitHub shows beside the code.

pub mod annotations;
pub mod coverage;
pub mod diagnostics;
pub mod junit;
pub mod location;
pub mod markdown;
pub mod run;

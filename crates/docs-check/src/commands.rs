//! The commands a document tells its reader to run must name what exists.

pub use crate::{Document, Problem};

pub fn check(_document: &Document) -> Vec<Problem> {
    Vec::new()
}

#[cfg(test)]
mod tests;

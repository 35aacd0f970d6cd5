//! Comments on articles: anyone may read them, signed-in users may add them, and only a
//! comment's author may delete it.

mod comment;
mod service;

pub use comment::{Comment, CommentId, NewComment};
pub use service::CommentService;

#[cfg(test)]
mod tests;

//! Comments on articles: anyone may read them, signed-in users may add them, and only a
//! comment's author may delete it.

mod comment;

pub use comment::{Comment, CommentId, NewComment};

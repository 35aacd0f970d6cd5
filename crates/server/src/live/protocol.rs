//! The messages on the socket: small JSON objects with a `type`.

use serde::{Deserialize, Serialize};

use crate::routes::views::{ArticleSummaryView, CommentView};

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// Authenticates an anonymous connection; only as the first message, within the deadline.
    Auth {
        token: String,
    },
    Subscribe {
        article: String,
    },
    Unsubscribe {
        article: String,
    },
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    Authenticated {
        username: String,
    },
    Subscribed {
        article: String,
    },
    Unsubscribed {
        article: String,
    },
    CommentAdded {
        article: String,
        comment: CommentView,
    },
    CommentDeleted {
        article: String,
        #[serde(rename = "commentId")]
        comment_id: i64,
    },
    ArticlePublished {
        article: ArticleSummaryView,
    },
    Error {
        message: String,
    },
}

impl ServerMessage {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|error| {
            format!(r#"{{"type":"error","message":"could not encode a message: {error}"}}"#)
        })
    }
}

//! The messages on the socket: small JSON objects with a `type`.

use serde::{Deserialize, Serialize};

use crate::views::{ArticleSummaryView, CommentView};

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
    /// The first message of every session: the connection is in the hub, so nothing published
    /// from now on can miss it. `username` is who it is signed in as, if anyone.
    Ready {
        username: Option<String>,
    },
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

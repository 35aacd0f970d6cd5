//! How an event crosses between instances: the whole event as JSON (the rows' own serde form,
//! so that rebuilding it runs the same checks as reading it from a table), cut into pieces
//! that each fit one notification.

use conduit_domain::comments::{Comment, CommentId};
use conduit_domain::events::DomainEvent;
use conduit_domain::user::UserId;
use conduit_domain::values::Slug;
use conduit_domain::{Cause, RepositoryError};
use serde::{Deserialize, Serialize};

use crate::articles::ArticleRow;
use crate::comments::CommentRow;
use crate::error::corrupt;

/// PostgreSQL refuses a `NOTIFY` payload of 8000 bytes or more; this leaves room for the header.
pub(super) const PIECE_BYTES: usize = 7_900;

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum WireEvent {
    CommentAdded {
        article: String,
        comment: CommentRow,
    },
    CommentDeleted {
        article: String,
        comment: i64,
    },
    ArticlePublished {
        article: ArticleRow,
        followers: Vec<i64>,
    },
}

pub(super) fn encode(event: &DomainEvent) -> Result<String, RepositoryError> {
    let wire = match event {
        DomainEvent::CommentAdded { article, comment } => WireEvent::CommentAdded {
            article: article.as_str().to_owned(),
            comment: CommentRow::from(comment),
        },
        DomainEvent::CommentDeleted { article, comment } => WireEvent::CommentDeleted {
            article: article.as_str().to_owned(),
            comment: comment.0,
        },
        DomainEvent::ArticlePublished { article, followers } => WireEvent::ArticlePublished {
            article: ArticleRow::of(article)?,
            followers: followers.iter().map(|follower| follower.0).collect(),
        },
    };
    serde_json::to_string(&wire).map_err(|error| RepositoryError::Unavailable(Cause::new(error)))
}

pub(super) fn decode(text: &str) -> Result<DomainEvent, RepositoryError> {
    let wire: WireEvent = serde_json::from_str(text).map_err(corrupt("an event notice"))?;
    let slug = |article: &str| Slug::parse(article).map_err(corrupt("an event notice"));
    Ok(match wire {
        WireEvent::CommentAdded { article, comment } => DomainEvent::CommentAdded {
            article: slug(&article)?,
            comment: Comment::try_from(comment)?,
        },
        WireEvent::CommentDeleted { article, comment } => DomainEvent::CommentDeleted {
            article: slug(&article)?,
            comment: CommentId(comment),
        },
        WireEvent::ArticlePublished { article, followers } => DomainEvent::ArticlePublished {
            article: article.try_into()?,
            followers: followers.into_iter().map(UserId).collect(),
        },
    })
}

/// `text` as notification payloads of at most [`PIECE_BYTES`]: `<event> <index> <count> <piece>`,
/// cut on character boundaries. JSON holds no NUL, which a payload may not contain.
pub(super) fn pieces(event_id: &str, text: &str) -> Vec<String> {
    let room = PIECE_BYTES - event_id.len() - 24;
    let mut cuts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() || cuts.is_empty() {
        let mut end = rest.len().min(room);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, tail) = rest.split_at(end);
        cuts.push(piece);
        rest = tail;
    }
    let count = cuts.len();
    cuts.iter()
        .enumerate()
        .map(|(index, piece)| format!("{event_id} {index} {count} {piece}"))
        .collect()
}

/// Puts pieces back together. The pieces of one event are sent in one transaction, so they
/// arrive together and in order; a gap (a listener that reconnected meanwhile) drops that
/// event, which costs a live update, never data.
#[derive(Default)]
pub(super) struct Assembler {
    event_id: String,
    next_index: usize,
    text: String,
}

impl Assembler {
    /// The whole text once `payload` was its last piece.
    pub(super) fn push(&mut self, payload: &str) -> Option<String> {
        let mut fields = payload.splitn(4, ' ');
        let (event_id, index, count, piece) = (
            fields.next()?,
            fields.next()?,
            fields.next()?,
            fields.next()?,
        );
        let (index, count): (usize, usize) = (index.parse().ok()?, count.parse().ok()?);
        if index == 0 {
            self.event_id = event_id.to_owned();
            self.text.clear();
        } else if event_id != self.event_id || index != self.next_index {
            self.event_id.clear();
            return None;
        }
        self.text.push_str(piece);
        self.next_index = index + 1;
        if self.next_index == count {
            self.event_id.clear();
            return Some(std::mem::take(&mut self.text));
        }
        None
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::{TimeZone, Utc};
    use conduit_domain::articles::{Article, ArticleId};
    use conduit_domain::profiles::Profile;
    use conduit_domain::values::{
        ArticleBody, ArticleTitle, Bio, CommentBody, Description, TagList, Username,
    };

    use super::*;

    pub(crate) fn comment_deleted(id: i64) -> DomainEvent {
        DomainEvent::CommentDeleted {
            article: Slug::parse("dragons-1a2b3c4d").unwrap(),
            comment: CommentId(id),
        }
    }

    fn author() -> Profile {
        Profile {
            username: Username::parse("jake").unwrap(),
            bio: Bio::parse_optional(Some("I work at statefarm")).unwrap(),
            image: None,
            following: true,
        }
    }

    fn events() -> Vec<DomainEvent> {
        let at = Utc.timestamp_micros(1_700_000_000_123_456).unwrap();
        let comment = Comment {
            id: CommentId(7),
            body: CommentBody::parse(&"é".repeat(9_000)).unwrap(),
            created_at: at,
            updated_at: at,
            author_id: UserId(1),
            author: author(),
        };
        let article = Article {
            id: ArticleId(3),
            slug: Slug::parse("dragons-1a2b3c4d").unwrap(),
            title: ArticleTitle::parse("How to train your dragon").unwrap(),
            description: Description::parse("Ever wonder how?").unwrap(),
            body: ArticleBody::parse(&"x".repeat(20_000)).unwrap(),
            tags: TagList::parse(["dragons", "training"]).unwrap(),
            created_at: at,
            updated_at: at,
            author_id: UserId(1),
            author: author(),
            favorited: false,
            favorites_count: 2,
        };
        vec![
            DomainEvent::CommentAdded {
                article: article.slug.clone(),
                comment,
            },
            comment_deleted(7),
            DomainEvent::ArticlePublished {
                article,
                followers: (1..2_000).map(UserId).collect(),
            },
        ]
    }

    #[test]
    fn every_event_survives_the_trip_in_pieces_that_fit_a_notification() {
        for event in events() {
            let pieces = pieces("a1-9", &encode(&event).unwrap());
            // Each whole payload, header included, within PIECE_BYTES: PostgreSQL's own limit
            // (8000) would let a header that outgrew its room through.
            assert!(
                pieces.iter().all(|piece| piece.len() <= PIECE_BYTES),
                "{:?}",
                pieces.iter().map(String::len).collect::<Vec<_>>()
            );
            let mut assembler = Assembler::default();
            let (last, first) = pieces.split_last().unwrap();
            for piece in first {
                assert_eq!(assembler.push(piece), None);
            }
            let text = assembler.push(last).unwrap();
            assert_eq!(decode(&text).unwrap(), event);
        }
    }

    #[test]
    fn a_text_is_cut_as_late_as_the_room_allows_and_never_inside_a_character() {
        assert_eq!(
            PIECE_BYTES, 7_900,
            "the cut below is worked out for 7900 bytes"
        );
        // 7900 - 2 (the id) - 24 (the index, the count and their spaces) = 7874, the second
        // byte of an `é` after the leading `a`: the cut moves back to 7873, not forward.
        let text = format!("a{}", "é".repeat(5_000));
        assert_eq!(
            pieces("id", &text),
            [
                format!("id 0 2 {}", &text[..7_873]),
                format!("id 1 2 {}", &text[7_873..])
            ]
        );
    }

    #[test]
    fn an_event_missing_a_piece_is_dropped_and_the_next_one_still_arrives() {
        let [big, small, ..] = &events()[..] else {
            unreachable!()
        };
        let big_pieces = pieces("a1-1", &encode(big).unwrap());
        assert!(big_pieces.len() > 2);
        let mut assembler = Assembler::default();
        assert_eq!(assembler.push(&big_pieces[0]), None);
        assert_eq!(assembler.push(&big_pieces[2]), None);
        let small_pieces = pieces("a1-2", &encode(small).unwrap());
        assert_eq!(small_pieces.len(), 1);
        let text = assembler.push(&small_pieces[0]).unwrap();
        assert_eq!(&decode(&text).unwrap(), small);
    }

    #[test]
    fn a_notice_that_does_not_parse_is_a_storage_fault() {
        for notice in [
            r#"{"kind":"dance"}"#,
            r#"{"kind":"comment_deleted","article":"","comment":1}"#,
        ] {
            assert!(
                matches!(decode(notice), Err(RepositoryError::Unavailable(_))),
                "{notice}"
            );
        }
    }
}

//! Value types that can only hold valid values ("parse, don't validate"). Handlers convert raw
//! input once; everything past them trusts the types.

/// Lets the text type `$name` give up its `String`, so that a view moves it instead of copying.
macro_rules! into_string {
    ($name:ident) => {
        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

/// Declares a text type that is trimmed, required and capped at `max` characters, reporting
/// problems under `field`.
macro_rules! trimmed_text {
    ($(#[$doc:meta])* $name:ident, field = $field:literal, max = $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            /// What `parse` accepts, as a regular expression (see `values::patterns`).
            pub fn pattern() -> String {
                super::patterns::trimmed_text(Self::MAX_CHARS)
            }

            pub fn parse(raw: &str) -> Result<Self, $crate::ValidationError> {
                let value = super::required($field, raw)?;
                super::at_most($field, value, Self::MAX_CHARS)?;
                Ok(Self(value.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        into_string!($name);
    };
}

mod all_valid;
mod article;
mod comment;
mod email;
mod page;
mod password;
mod patterns;
mod profile;
mod slug;
mod tag;
mod username;

pub use all_valid::AllValid;
pub use article::{ArticleBody, ArticleTitle, Description};
pub use comment::CommentBody;
pub use email::Email;
pub use page::{Limit, Offset, Page};
pub use password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, NewPassword, Password, PasswordHash};
pub use profile::{Bio, ImageUrl};
pub use slug::Slug;
pub use tag::{Tag, TagList};
pub use username::{CanonicalUsername, Username};

use crate::ValidationError;

/// Trims and rejects empty input, the check every required text field starts with.
fn required<'a>(field: &'static str, raw: &'a str) -> Result<&'a str, ValidationError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        Err(ValidationError::blank(field))
    } else {
        Ok(trimmed)
    }
}

/// The limits every text obeys: at most `max_chars` characters, and no NUL, which PostgreSQL
/// cannot store and no person types; refusing it here keeps both backends alike.
fn at_most(field: &'static str, value: &str, max_chars: usize) -> Result<(), ValidationError> {
    if value.chars().count() > max_chars {
        Err(ValidationError::new(
            field,
            format!("is too long (maximum is {max_chars} characters)"),
        ))
    } else if value.contains('\0') {
        Err(ValidationError::new(
            field,
            "may not contain NUL characters",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_type_refuses_nul() {
        let refused = ValidationError::new;
        assert_eq!(
            Bio::parse_optional(Some("a\0b")),
            Err(refused("bio", "may not contain NUL characters"))
        );
        assert_eq!(
            ArticleBody::parse("a\0b"),
            Err(refused("body", "may not contain NUL characters"))
        );
        assert_eq!(
            ArticleTitle::parse("a\0b"),
            Err(refused("title", "may not contain NUL characters"))
        );
        assert_eq!(
            CommentBody::parse("a\0b"),
            Err(refused("body", "may not contain NUL characters"))
        );
        assert!(Password::parse("a\0bcdefgh").is_err());
    }

    #[test]
    fn every_text_type_gives_up_the_text_it_holds() {
        let texts: [(String, &str); 9] = [
            (Slug::parse("how-to").unwrap().into(), "how-to"),
            (ArticleTitle::parse(" How to ").unwrap().into(), "How to"),
            (
                Description::parse("Ever wonder").unwrap().into(),
                "Ever wonder",
            ),
            (
                ArticleBody::parse("It takes a Jacobian").unwrap().into(),
                "It takes a Jacobian",
            ),
            (CommentBody::parse("Thanks").unwrap().into(), "Thanks"),
            (Tag::parse("Dragons").unwrap().into(), "dragons"),
            (Username::parse("Jake").unwrap().into(), "Jake"),
            (
                Bio::parse_optional(Some("I work")).unwrap().unwrap().into(),
                "I work",
            ),
            (
                ImageUrl::parse_optional(Some("https://x.io/j.png"))
                    .unwrap()
                    .unwrap()
                    .into(),
                "https://x.io/j.png",
            ),
        ];
        for (given_up, held) in texts {
            assert_eq!(given_up, held);
        }
        let tags = TagList::parse(["b", "a"]).unwrap().into_vec();
        assert_eq!(tags, [Tag::parse("b").unwrap(), Tag::parse("a").unwrap()]);
    }
}

#[cfg(test)]
mod properties;

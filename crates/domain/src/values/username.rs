use super::{at_most, required};
use crate::ValidationError;

/// A username: 1 to 40 letters, digits, `_`, `-` or `.`. It appears in URLs
/// (`/api/profiles/:username`), so it never holds spaces, slashes or other characters that
/// would need escaping.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = required("username", raw)?;
        at_most("username", value, Self::MAX_CHARS)?;
        if !value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(ValidationError::new(
                "username",
                "may only contain letters, digits, '_', '-' and '.'",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_plain_name_and_trims_around_it() {
        assert_eq!(
            Username::parse("  jake_2.0-x ").unwrap().as_str(),
            "jake_2.0-x"
        );
    }

    #[test]
    fn accepts_non_ascii_letters() {
        assert_eq!(Username::parse("zoë").unwrap().as_str(), "zoë");
    }

    #[test]
    fn rejects_blank_input_as_cant_be_blank() {
        for raw in ["", "   ", "\t\n"] {
            assert_eq!(
                Username::parse(raw),
                Err(ValidationError::blank("username"))
            );
        }
    }

    #[test]
    fn rejects_characters_that_break_urls() {
        for raw in ["jake smith", "a/b", "who?", "x#y", "50%"] {
            let error = Username::parse(raw).unwrap_err();
            assert_eq!(error.field, "username");
            assert_eq!(
                error.message,
                "may only contain letters, digits, '_', '-' and '.'"
            );
        }
    }

    fn canonical(name: &str) -> String {
        Username::parse(name)
            .unwrap()
            .canonical()
            .as_str()
            .to_owned()
    }

    #[test]
    fn case_width_and_look_alike_letters_share_one_canonical_form() {
        // Case, fullwidth forms, a Cyrillic "а" (U+0430), a Cyrillic "е" and all at once.
        for look_alike in [
            "Jake",
            "JAKE",
            "ｊａｋｅ",
            "ＪＡＫＥ",
            "jаke",
            "jakе",
            "ＪаＫе",
        ] {
            assert_eq!(canonical(look_alike), canonical("jake"), "{look_alike}");
        }
    }

    #[test]
    fn a_dotted_or_dotless_i_is_the_letter_i() {
        for look_alike in ["İlker", "Ilker", "ILKER", "ılker", "İLKER", "ＩＬＫＥＲ"] {
            assert_eq!(canonical(look_alike), canonical("ilker"), "{look_alike}");
        }
    }

    #[test]
    fn digits_that_pass_for_letters_are_those_letters() {
        assert_eq!(canonical("j0hn"), canonical("john"));
        assert_eq!(canonical("bi11"), canonical("bill"));
        assert_eq!(canonical("straße"), canonical("STRASSE"));
    }

    #[test]
    fn names_that_read_differently_keep_apart() {
        for (one, other) in [
            ("jake", "jade"),
            ("zoë", "zoe"),
            ("zoë", "zoé"),
            ("ana", "anna"),
        ] {
            assert_ne!(canonical(one), canonical(other), "{one} / {other}");
        }
    }

    #[test]
    fn the_shown_name_stays_as_typed() {
        let username = Username::parse("ＪａｋｅＤｏｅ").unwrap();
        assert_eq!(username.canonical().as_str(), "jakedoe");
        assert_eq!(username.as_str(), "ＪａｋｅＤｏｅ");
    }

    /// The canonical form is a fixed point reached by repeating one round; every character a
    /// username may hold gets there within the rounds allowed, so no name is left half-way.
    #[test]
    fn every_username_character_settles_within_the_rounds() {
        for character in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if Username::parse(&character.to_string()).is_ok() {
                let settled = canonical_form(&character.to_string());
                assert_eq!(canonical_form(&settled), settled, "{character:?}");
            }
        }
    }

    #[test]
    fn length_limit_counts_characters_not_bytes() {
        assert!(Username::parse(&"é".repeat(40)).is_ok());
        assert_eq!(
            Username::parse(&"a".repeat(41)),
            Err(ValidationError::new(
                "username",
                "is too long (maximum is 40 characters)"
            ))
        );
    }
}

use unicode_normalization::UnicodeNormalization;

use super::{at_most, required};
use crate::ValidationError;

/// A username: 1 to 40 letters, digits, `_`, `-` or `.`. It appears in URLs
/// (`/api/profiles/:username`), so it never holds spaces, slashes or other characters that
/// would need escaping. It is shown exactly as its owner typed it; whether it is free is
/// decided by its [`CanonicalUsername`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

into_string!(Username);

/// What a username reads as, whatever the letters it is spelled with: two usernames with the
/// same canonical form are one name, which only one account may hold. Not for showing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CanonicalUsername(String);

impl CanonicalUsername {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Rounds of [`canonical_round`] allowed before the form counts as settled. Every character a
/// username may hold settles within two (a test walks them all); the cap only makes the loop
/// finite whatever the Unicode tables do.
const CANONICAL_ROUNDS: usize = 4;

/// The canonical form of `text`: [`canonical_round`] repeated until nothing changes, so that
/// the form of a form is itself (one round can leave work for the next: `0` is confusable
/// with the capital `O`, which only the next round's case folding makes an `o`).
pub(super) fn canonical_form(text: &str) -> String {
    let mut form = text.to_owned();
    for _ in 0..CANONICAL_ROUNDS {
        let next = canonical_round(&form);
        if next == form {
            break;
        }
        form = next;
    }
    form
}

/// NFKC first, so that fullwidth and other compatibility forms (`ｊａｋｅ`, `ﬁ`) are their
/// plain letters; then full case folding (`JAKE`, `ß`/`ss`, `ς`/`σ`), which `to_lowercase`
/// does not do; then the UTS #39 confusable skeleton, which maps letters of other scripts that
/// look alike onto one prototype (Cyrillic `а` onto Latin `a`, `ı` onto `i`). Folding comes
/// before the skeleton because the skeleton is case-sensitive: it takes `I` for `l`, and would
/// part `Ilker` from `ilker`. Last, the dot above that `İ` folds to is dropped from `i` and
/// `j`, which show a dot already: the skeleton leaves `i̇` apart from `i` although they look
/// the same.
fn canonical_round(text: &str) -> String {
    let compatible: String = text.nfkc().collect();
    let folded = caseless::default_case_fold_str(&compatible);
    let skeleton: String = unicode_security::skeleton(&folded).collect();
    skeleton.replace("i\u{307}", "i").replace("j\u{307}", "j")
}

impl Username {
    pub const MAX_CHARS: usize = 40;
    /// What `parse` accepts, as a regular expression.
    pub fn pattern() -> String {
        super::patterns::word(super::patterns::USERNAME_CHARS, Self::MAX_CHARS)
    }

    /// A username or blank, as a regular expression: the `author` and `favorited` filters.
    pub fn filter_pattern() -> String {
        super::patterns::word_or_blank(super::patterns::USERNAME_CHARS, Self::MAX_CHARS)
    }

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

    /// The form that decides whether this name is free; see [`CanonicalUsername`].
    pub fn canonical(&self) -> CanonicalUsername {
        CanonicalUsername(canonical_form(&self.0))
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
    /// A character that is its own form has settled already: its form's form is the same
    /// computation again. Most are (the CJK ideographs alone are some 98 000 of them), so only
    /// the others are taken through a second time. The walk is split over the cores.
    #[test]
    fn every_username_character_settles_within_the_rounds() {
        let all = u32::from(char::MAX) + 1;
        let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get() as u32);
        let part = all.div_ceil(cores);
        std::thread::scope(|scope| {
            for start in (0..all).step_by(part as usize) {
                scope.spawn(move || every_character_settles(start..(start + part).min(all)));
            }
        });
    }

    fn every_character_settles(code_points: std::ops::Range<u32>) {
        let mut buffer = [0; 4];
        for character in code_points.filter_map(char::from_u32) {
            let text = character.encode_utf8(&mut buffer);
            if Username::parse(text).is_ok() {
                let settled = canonical_form(text);
                if settled != *text {
                    assert_eq!(canonical_form(&settled), settled, "{character:?}");
                }
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

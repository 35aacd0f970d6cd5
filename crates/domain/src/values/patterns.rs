//! The rules of the text types, spelled as ECMA-262 regular expressions (the dialect of JSON
//! Schema's `pattern`), so that a document describing the input (the OpenAPI document) can
//! state them without copying them. Each type's `pattern()` sits beside its `parse` and matches
//! exactly the raw text that `parse` accepts; the server's property tests hold the two together.
//!
//! A trimmed type's length limit is in its pattern: `maxLength` would count the whitespace
//! that trimming removes. The classes are spelled out rather than written `\s`, since engines
//! disagree on `\s` (ECMA-262 counts U+FEFF, Python counts U+001C–U+001F); these are what
//! `str::trim` and `char::is_control` use.

/// `char::is_whitespace` (the Unicode `White_Space` property), as the contents of a class: what
/// `str::trim` removes.
const WHITESPACE: &str = r"\t-\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// `char::is_control` (the general category `Cc`), as the contents of a class.
const CONTROL: &str = r"\x00-\x1F\x7F-\x9F";

/// A username's characters: `char::is_alphanumeric` (`Alphabetic` or a number), `_`, `-`, `.`.
pub(super) const USERNAME_CHARS: &str = r"[\p{Alpha}\p{N}_.-]";

/// A tag's characters: anything but whitespace and control characters.
pub(super) fn tag_chars() -> String {
    format!("[^{WHITESPACE}{CONTROL}]")
}

/// Text with no NUL, whose trimmed form is 1 to `max` characters.
pub(super) fn trimmed_text(max: usize) -> String {
    format!(
        r"^[{WHITESPACE}]*{}[^\x00]*$",
        trimmed_length(&format!(r"[^\x00{WHITESPACE}]"), r"[^\x00]", max)
    )
}

/// As [`trimmed_text`], or blank.
pub(super) fn trimmed_text_or_blank(max: usize) -> String {
    format!(
        r"^[{WHITESPACE}]*(?:{}[^\x00]*)?$",
        trimmed_length(&format!(r"[^\x00{WHITESPACE}]"), r"[^\x00]", max)
    )
}

/// A lookahead: from here, at most `max` characters of `inside` up to the last `last` (a
/// character that is not whitespace), then only whitespace.
fn trimmed_length(last: &str, inside: &str, max: usize) -> String {
    format!(
        "(?={inside}{{0,{}}}{last}[{WHITESPACE}]*$)",
        max.saturating_sub(1)
    )
}

/// Text that is not blank and holds no NUL; untrimmed, so `maxLength` says how long.
pub(super) fn visible_text() -> String {
    format!(r"^[^\x00]*[^\x00{WHITESPACE}][^\x00]*$")
}

/// Text, blank included, that holds no NUL.
pub(super) const ANY_TEXT: &str = r"^[^\x00]*$";

/// 1 to `max` of `chars` with whitespace around them.
pub(super) fn word(chars: &str, max: usize) -> String {
    format!("^[{WHITESPACE}]*{chars}{{1,{max}}}[{WHITESPACE}]*$")
}

/// As [`word`], or blank: a filter that is blank does not filter.
pub(super) fn word_or_blank(chars: &str, max: usize) -> String {
    format!("^[{WHITESPACE}]*(?:{chars}{{1,{max}}}[{WHITESPACE}]*)?$")
}

/// One `@` between a local part and a domain with a dot inside it (not at either end), no
/// whitespace or control character but around the whole, at most `max` characters trimmed.
pub(super) fn email(max: usize) -> String {
    let part = format!("[^@{WHITESPACE}{CONTROL}]");
    let edge = format!("[^@.{WHITESPACE}{CONTROL}]");
    format!(
        r"^[{WHITESPACE}]*(?=[^{WHITESPACE}]{{1,{max}}}[{WHITESPACE}]*$){part}+@{edge}{part}*\.{part}*{edge}[{WHITESPACE}]*$"
    )
}

/// Blank (no image), or `http://` or `https://` (any case) and a host, no whitespace or
/// control character but around the whole, at most `max` characters trimmed.
pub(super) fn image_url(max: usize) -> String {
    let part = format!("[^{WHITESPACE}{CONTROL}]");
    format!(
        "^[{WHITESPACE}]*(?:(?=[^{WHITESPACE}]{{1,{max}}}[{WHITESPACE}]*$)[Hh][Tt][Tt][Pp][Ss]?://[^/{WHITESPACE}{CONTROL}]{part}*)?[{WHITESPACE}]*$"
    )
}

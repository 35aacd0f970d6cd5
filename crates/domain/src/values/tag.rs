use super::{at_most, required};
use crate::ValidationError;

/// One tag: trimmed, lower-cased so that `Rust` and `rust` are one tag (one entry in
/// `GET /api/tags`, one `?tag=` filter), 1 to 40 characters, no whitespace inside. A tag is
/// shown as a single pill and travels alone in `?tag=`, so `machine learning` would read as two
/// tags in most clients; it is refused rather than silently rewritten.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(String);

into_string!(Tag);

impl Tag {
    pub const MAX_CHARS: usize = 40;
    /// What `parse` accepts, as a regular expression; the length is counted before
    /// lower-casing, which lengthens a few letters (`İ`).
    pub fn pattern() -> String {
        super::patterns::word(&super::patterns::tag_chars(), Self::MAX_CHARS)
    }

    /// A tag or blank, as a regular expression: the `tag` filter.
    pub fn filter_pattern() -> String {
        super::patterns::word_or_blank(&super::patterns::tag_chars(), Self::MAX_CHARS)
    }

    /// Parses one tag, as in `?tag=`; errors name the field `tag`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = required("tag", raw)?.to_lowercase();
        // Lower-casing can change the length (`İ` becomes two characters): cap what is stored.
        at_most("tag", &value, Self::MAX_CHARS)?;
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ValidationError::new("tag", "may not contain whitespace"));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An article's tags: each a valid [`Tag`], each once (the first occurrence keeps its place, so
/// tags come back in the order the author gave them), at most 20.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagList(Vec<Tag>);

impl TagList {
    pub const MAX_TAGS: usize = 20;

    /// Parses the `tagList` of a request; errors name the field `tagList`. Duplicates are
    /// removed before counting, since it is the stored list that is capped.
    pub fn parse<I, S>(raw: I) -> Result<Self, ValidationError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut tags: Vec<Tag> = Vec::new();
        for text in raw {
            let tag = Tag::parse(text.as_ref())
                .map_err(|error| ValidationError::new("tagList", error.message))?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > Self::MAX_TAGS {
            return Err(ValidationError::new(
                "tagList",
                format!("has too many tags (maximum is {})", Self::MAX_TAGS),
            ));
        }
        Ok(Self(tags))
    }

    /// The tags, in the author's order, given up by the list.
    pub fn into_vec(self) -> Vec<Tag> {
        self.0
    }

    pub fn as_slice(&self) -> &[Tag] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(list: &TagList) -> Vec<&str> {
        list.as_slice().iter().map(Tag::as_str).collect()
    }

    #[test]
    fn a_tag_is_trimmed_and_lower_cased() {
        assert_eq!(Tag::parse("  RustLang ").unwrap().as_str(), "rustlang");
        assert_eq!(Tag::parse("d_k3x-9.0").unwrap().as_str(), "d_k3x-9.0");
        assert_eq!(Tag::parse("Ünïcode").unwrap().as_str(), "ünïcode");
    }

    #[test]
    fn a_blank_tag_cant_be_blank() {
        assert_eq!(Tag::parse(" "), Err(ValidationError::blank("tag")));
    }

    #[test]
    fn a_tag_may_not_contain_whitespace() {
        for raw in ["machine learning", "a\tb", "a\u{a0}b"] {
            assert_eq!(
                Tag::parse(raw),
                Err(ValidationError::new("tag", "may not contain whitespace")),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn a_tag_is_capped_at_forty_characters_after_lower_casing() {
        assert!(Tag::parse(&"t".repeat(40)).is_ok());
        assert_eq!(
            Tag::parse(&"t".repeat(41)),
            Err(ValidationError::new(
                "tag",
                "is too long (maximum is 40 characters)"
            ))
        );
        // `İ` lower-cases to `i` plus a combining dot: 40 of them are 80 characters stored.
        assert!(Tag::parse(&"İ".repeat(40)).is_err());
    }

    #[test]
    fn a_list_keeps_the_given_order() {
        let list = TagList::parse(["d_abc", "t_abc", "alpha"]).unwrap();
        assert!(!list.is_empty());
        assert_eq!(texts(&list), ["d_abc", "t_abc", "alpha"]);
    }

    #[test]
    fn a_list_drops_duplicates_keeping_the_first_place() {
        let list = TagList::parse(["rust", "web", "Rust", " web ", "api"]).unwrap();
        assert_eq!(texts(&list), ["rust", "web", "api"]);
    }

    #[test]
    fn an_empty_list_is_valid() {
        let list = TagList::parse(Vec::<String>::new()).unwrap();
        assert!(list.is_empty());
        assert_eq!(list, TagList::default());
    }

    #[test]
    fn a_bad_tag_is_reported_on_tag_list() {
        assert_eq!(
            TagList::parse(["ok", ""]),
            Err(ValidationError::blank("tagList"))
        );
        assert_eq!(
            TagList::parse(["two words"]),
            Err(ValidationError::new(
                "tagList",
                "may not contain whitespace"
            ))
        );
    }

    #[test]
    fn a_list_holds_at_most_twenty_distinct_tags() {
        let twenty: Vec<String> = (0..20).map(|n| format!("t{n}")).collect();
        assert_eq!(TagList::parse(&twenty).unwrap().as_slice().len(), 20);

        let twenty_one: Vec<String> = (0..21).map(|n| format!("t{n}")).collect();
        assert_eq!(
            TagList::parse(&twenty_one),
            Err(ValidationError::new(
                "tagList",
                "has too many tags (maximum is 20)"
            ))
        );
    }

    #[test]
    fn duplicates_do_not_count_towards_the_cap() {
        let repeated: Vec<String> = (0..40).map(|n| format!("t{}", n % 20)).collect();
        assert_eq!(TagList::parse(&repeated).unwrap().as_slice().len(), 20);
    }
}

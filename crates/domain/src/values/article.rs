use super::{at_most, required};
use crate::ValidationError;

trimmed_text!(
    /// An article's title: trimmed, required, at most 200 characters.
    ArticleTitle,
    field = "title",
    max = 200
);

trimmed_text!(
    /// The one-line summary shown in article lists: trimmed, required, at most 1000 characters.
    Description,
    field = "description",
    max = 1000
);

/// An article's Markdown text, kept exactly as written: leading indentation opens a code block
/// and trailing spaces make a line break, so trimming would change what the reader sees. Text
/// with nothing but whitespace still counts as blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleBody(String);

into_string!(ArticleBody);

impl ArticleBody {
    pub const MAX_CHARS: usize = 100_000;
    /// What `parse` accepts but its length (which counts the whitespace too): not blank, no NUL.
    pub fn pattern() -> String {
        super::patterns::visible_text()
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        required("body", raw)?;
        at_most("body", raw, Self::MAX_CHARS)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_description_are_trimmed() {
        assert_eq!(
            ArticleTitle::parse("  How to train your dragon ")
                .unwrap()
                .as_str(),
            "How to train your dragon"
        );
        assert_eq!(
            Description::parse("\tEver wonder how?\n").unwrap().as_str(),
            "Ever wonder how?"
        );
    }

    #[test]
    fn blank_text_is_cant_be_blank_on_its_own_field() {
        for raw in ["", "   ", "\n\t"] {
            assert_eq!(
                ArticleTitle::parse(raw),
                Err(ValidationError::blank("title"))
            );
            assert_eq!(
                Description::parse(raw),
                Err(ValidationError::blank("description"))
            );
            assert_eq!(ArticleBody::parse(raw), Err(ValidationError::blank("body")));
        }
    }

    #[test]
    fn body_keeps_markdown_whitespace() {
        let markdown = "    let x = 1;\n\nline one  \nline two\n";
        assert_eq!(ArticleBody::parse(markdown).unwrap().as_str(), markdown);
    }

    #[test]
    fn each_field_has_its_own_cap_counted_in_characters() {
        assert!(ArticleTitle::parse(&"é".repeat(200)).is_ok());
        assert_eq!(
            ArticleTitle::parse(&"t".repeat(201)),
            Err(ValidationError::new(
                "title",
                "is too long (maximum is 200 characters)"
            ))
        );
        assert!(Description::parse(&"d".repeat(1000)).is_ok());
        assert_eq!(
            Description::parse(&"d".repeat(1001)),
            Err(ValidationError::new(
                "description",
                "is too long (maximum is 1000 characters)"
            ))
        );
        assert!(ArticleBody::parse(&"b".repeat(100_000)).is_ok());
        assert_eq!(
            ArticleBody::parse(&"b".repeat(100_001)),
            Err(ValidationError::new(
                "body",
                "is too long (maximum is 100000 characters)"
            ))
        );
    }

    #[test]
    fn the_title_cap_applies_after_trimming() {
        let padded = format!("  {}  ", "t".repeat(200));
        assert_eq!(ArticleTitle::parse(&padded).unwrap().as_str().len(), 200);
    }
}

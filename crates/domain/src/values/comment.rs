trimmed_text!(
    /// A comment's text: trimmed, required, at most 10 000 characters.
    CommentBody,
    field = "body",
    max = 10_000
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValidationError;

    #[test]
    fn keeps_trimmed_text() {
        assert_eq!(
            CommentBody::parse(" Thank you so much! \n")
                .unwrap()
                .as_str(),
            "Thank you so much!"
        );
    }

    #[test]
    fn blank_text_is_cant_be_blank() {
        for raw in ["", "  ", "\n"] {
            assert_eq!(CommentBody::parse(raw), Err(ValidationError::blank("body")));
        }
    }

    #[test]
    fn is_capped_at_ten_thousand_characters() {
        assert!(CommentBody::parse(&"c".repeat(10_000)).is_ok());
        assert_eq!(
            CommentBody::parse(&"c".repeat(10_001)),
            Err(ValidationError::new(
                "body",
                "is too long (maximum is 10000 characters)"
            ))
        );
    }
}

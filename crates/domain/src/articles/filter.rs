use crate::ValidationError;
use crate::values::{Tag, Username};

/// The filters of `GET /api/articles`, combined with AND; `None` does not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ArticleFilter {
    pub tag: Option<Tag>,
    pub author: Option<Username>,
    pub favorited_by: Option<Username>,
}

impl ArticleFilter {
    /// The `tag`, `author` and `favorited` query parameters as they arrived, every mistake at
    /// once. An empty parameter (`?tag=`, as HTML forms send) does not filter. A malformed
    /// username is refused rather than matching nothing, so that a client bug shows up.
    pub fn parse_query(
        tag: Option<&str>,
        author: Option<&str>,
        favorited: Option<&str>,
    ) -> Result<Self, Vec<ValidationError>> {
        let tag = present(tag).map(Tag::parse).transpose();
        let author = present(author)
            .map(|raw| username("author", raw))
            .transpose();
        let favorited_by = present(favorited)
            .map(|raw| username("favorited", raw))
            .transpose();
        match (tag, author, favorited_by) {
            (Ok(tag), Ok(author), Ok(favorited_by)) => Ok(Self {
                tag,
                author,
                favorited_by,
            }),
            (tag, author, favorited_by) => Err(tag
                .err()
                .into_iter()
                .chain(author.err())
                .chain(favorited_by.err())
                .collect()),
        }
    }
}

fn present(raw: Option<&str>) -> Option<&str> {
    raw.filter(|text| !text.trim().is_empty())
}

/// A username filter reports its mistake under its own parameter name.
fn username(field: &'static str, raw: &str) -> Result<Username, ValidationError> {
    Username::parse(raw).map_err(|error| ValidationError::new(field, error.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_parameters_filter_nothing() {
        assert_eq!(
            ArticleFilter::parse_query(None, None, None),
            Ok(ArticleFilter::default())
        );
    }

    #[test]
    fn empty_parameters_filter_nothing() {
        assert_eq!(
            ArticleFilter::parse_query(Some(""), Some(" "), Some("")),
            Ok(ArticleFilter::default())
        );
    }

    #[test]
    fn each_parameter_is_parsed_into_its_type() {
        assert_eq!(
            ArticleFilter::parse_query(Some("Dragons"), Some("jake"), Some("celeb_1")),
            Ok(ArticleFilter {
                tag: Some(Tag::parse("dragons").unwrap()),
                author: Some(Username::parse("jake").unwrap()),
                favorited_by: Some(Username::parse("celeb_1").unwrap()),
            })
        );
    }

    #[test]
    fn mistakes_are_reported_together_under_the_parameter_names() {
        assert_eq!(
            ArticleFilter::parse_query(Some("two words"), Some("a/b"), Some("x y")),
            Err(vec![
                ValidationError::new("tag", "may not contain whitespace"),
                ValidationError::new(
                    "author",
                    "may only contain letters, digits, '_', '-' and '.'"
                ),
                ValidationError::new(
                    "favorited",
                    "may only contain letters, digits, '_', '-' and '.'"
                ),
            ])
        );
    }
}

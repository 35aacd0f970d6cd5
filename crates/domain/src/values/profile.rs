use super::at_most;
use crate::ValidationError;

/// A user's biography. Empty text is no biography: [`Bio::parse_optional`] turns `""` into
/// `None`, as the contract asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bio(String);

into_string!(Bio);

impl Bio {
    pub const MAX_CHARS: usize = 2000;
    /// What `parse_optional` accepts, as a regular expression.
    pub fn pattern() -> String {
        super::patterns::trimmed_text_or_blank(Self::MAX_CHARS)
    }

    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, ValidationError> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => {
                at_most("bio", text, Self::MAX_CHARS)?;
                Ok(Some(Self(text.to_owned())))
            }
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The address of a user's avatar: an absolute `http(s)` URL, so that no `javascript:` or
/// `data:` text ever reaches an `src` attribute. `""` means no image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUrl(String);

into_string!(ImageUrl);

impl ImageUrl {
    pub const MAX_CHARS: usize = 2048;
    /// What `parse_optional` accepts, as a regular expression.
    pub fn pattern() -> String {
        super::patterns::image_url(Self::MAX_CHARS)
    }

    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, ValidationError> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(url) => {
                at_most("image", url, Self::MAX_CHARS)?;
                let lower = url.to_ascii_lowercase();
                let has_host = |rest: &str| !rest.is_empty() && !rest.starts_with('/');
                let valid = lower
                    .strip_prefix("https://")
                    .or_else(|| lower.strip_prefix("http://"))
                    .is_some_and(has_host)
                    && !url.chars().any(|c| c.is_whitespace() || c.is_control());
                if !valid {
                    return Err(ValidationError::new("image", "must be an http(s) URL"));
                }
                Ok(Some(Self(url.to_owned())))
            }
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_or_missing_text_means_none() {
        assert_eq!(Bio::parse_optional(Some("")), Ok(None));
        assert_eq!(Bio::parse_optional(Some("  ")), Ok(None));
        assert_eq!(Bio::parse_optional(None), Ok(None));
        assert_eq!(ImageUrl::parse_optional(Some("")), Ok(None));
        assert_eq!(ImageUrl::parse_optional(None), Ok(None));
    }

    #[test]
    fn keeps_text() {
        assert_eq!(
            Bio::parse_optional(Some("I work at statefarm"))
                .unwrap()
                .unwrap()
                .as_str(),
            "I work at statefarm"
        );
        let url = "https://example.com/a.png";
        assert_eq!(
            ImageUrl::parse_optional(Some(url))
                .unwrap()
                .unwrap()
                .as_str(),
            url
        );
    }

    #[test]
    fn image_must_be_a_web_address() {
        for raw in [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "/local.png",
            "https:///x",
            "http://a b",
        ] {
            assert_eq!(
                ImageUrl::parse_optional(Some(raw)),
                Err(ValidationError::new("image", "must be an http(s) URL")),
                "{raw}"
            );
        }
    }

    #[test]
    fn bio_is_capped() {
        assert_eq!(
            Bio::parse_optional(Some(&"b".repeat(2001)))
                .unwrap_err()
                .message,
            "is too long (maximum is 2000 characters)"
        );
    }
}

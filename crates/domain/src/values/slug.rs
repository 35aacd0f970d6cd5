use super::{ArticleTitle, at_most, required};
use crate::ValidationError;

/// The string that names an article in URLs. Generated slugs are kebab-case ASCII
/// ([`Slug::from_title`]); a slug read from a URL ([`Slug::parse`]) is only checked for being
/// non-empty and bounded, because any other string simply names no article (a 404, not a 422).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

into_string!(Slug);

impl Slug {
    pub const MAX_CHARS: usize = 300;
    /// Long enough to recognise the title in a URL, short enough to keep the URL readable.
    pub const MAX_TITLE_CHARS: usize = 60;
    /// The stem when a title has nothing ASCII to show (`"¿Qué?"`, `"日本語"`).
    const FALLBACK: &'static str = "article";

    /// A slug from a URL, for look-ups.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = required("slug", raw)?;
        at_most("slug", value, Self::MAX_CHARS)?;
        Ok(Self(value.to_owned()))
    }

    /// `How to Train Your Dragon!` with suffix `1a2b3c4d` gives
    /// `how-to-train-your-dragon-1a2b3c4d`. The suffix makes slugs unique (duplicate titles are
    /// allowed); it goes through the same kebab-casing so that it can never break a URL.
    pub fn from_title(title: &ArticleTitle, suffix: &str) -> Self {
        let mut stem = kebab(title.as_str());
        stem.truncate(Self::MAX_TITLE_CHARS);
        let stem = stem.trim_end_matches('-');
        let stem = if stem.is_empty() {
            Self::FALLBACK
        } else {
            stem
        };
        let suffix = kebab(suffix);
        if suffix.is_empty() {
            Self(stem.to_owned())
        } else {
            Self(format!("{stem}-{suffix}"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Lower-case ASCII letters and digits; every run of anything else becomes one `-`, and no `-`
/// leads or trails. The result is pure ASCII, so truncating it by bytes is safe.
fn kebab(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_title(title: &str, suffix: &str) -> String {
        Slug::from_title(&ArticleTitle::parse(title).unwrap(), suffix)
            .as_str()
            .to_owned()
    }

    #[test]
    fn kebab_cases_the_title_and_appends_the_suffix() {
        assert_eq!(
            from_title("How to Train Your Dragon", "1a2b3c4d"),
            "how-to-train-your-dragon-1a2b3c4d"
        );
    }

    #[test]
    fn runs_of_other_characters_collapse_to_one_dash_and_never_lead_or_trail() {
        assert_eq!(
            from_title("  --Hello,   World!!  (2nd ed.)--", "ff"),
            "hello-world-2nd-ed-ff"
        );
        assert_eq!(from_title("C'est l'été", "01"), "c-est-l-t-01");
    }

    #[test]
    fn a_title_without_ascii_letters_or_digits_becomes_article() {
        assert_eq!(from_title("日本語", "abcd1234"), "article-abcd1234");
        assert_eq!(from_title("¿…?", "abcd1234"), "article-abcd1234");
    }

    #[test]
    fn the_title_part_is_cut_at_sixty_characters_without_a_trailing_dash() {
        let title = format!("{} tail", "a".repeat(59));
        assert_eq!(
            from_title(&title, "00"),
            format!("{}-00", "a".repeat(59)),
            "the dash at position 60 is dropped"
        );
        let long = "word ".repeat(40);
        let slug = from_title(&long, "12345678");
        assert_eq!(
            slug,
            format!("{}-12345678", "word-".repeat(12).trim_end_matches('-'))
        );
    }

    #[test]
    fn the_suffix_is_kebab_cased_too_and_may_be_empty() {
        assert_eq!(from_title("Title", "AB/CD?"), "title-ab-cd");
        assert_eq!(from_title("Title", ""), "title");
    }

    #[test]
    fn a_generated_slug_is_a_valid_look_up_slug() {
        let slug = Slug::from_title(&ArticleTitle::parse(&"x".repeat(200)).unwrap(), "9f");
        assert_eq!(Slug::parse(slug.as_str()), Ok(slug));
    }

    #[test]
    fn a_look_up_slug_is_trimmed_non_empty_and_bounded() {
        assert_eq!(
            Slug::parse(" how-to-train-a1 ").unwrap().as_str(),
            "how-to-train-a1"
        );
        assert_eq!(
            Slug::parse("Any Old String").unwrap().as_str(),
            "Any Old String"
        );
        assert_eq!(Slug::parse("  "), Err(ValidationError::blank("slug")));
        assert!(Slug::parse(&"s".repeat(300)).is_ok());
        assert_eq!(
            Slug::parse(&"s".repeat(301)),
            Err(ValidationError::new(
                "slug",
                "is too long (maximum is 300 characters)"
            ))
        );
    }
}

//! Rules of the value types that hold for every input, not only the examples in each type's own
//! tests: whatever is accepted satisfies the type's invariant and parses back to itself, and
//! whatever is refused is refused with a reason naming the field. Limits are read from the
//! types' constants, so these properties follow a changed policy instead of pinning numbers.

use proptest::prelude::*;

use super::*;

/// Text the generators mix in: the whitespace `trim` removes, control characters, NUL, letters
/// that change length when lower-cased, and a few URL-hostile characters.
const AWKWARD: &[char] = &[
    ' ', '\t', '\n', '\r', '\u{a0}', '\u{3000}', '\0', '\u{7}', 'İ', 'ß', 'É', '/', '?', '#', '@',
    '.', '-', '_', '%', '<', '"',
];

/// Any short text, biased towards the characters that break naive validation.
fn text(max_chars: usize) -> impl Strategy<Value = String> {
    let character = prop_oneof![
        3 => any::<char>(),
        3 => proptest::sample::select(AWKWARD),
        4 => proptest::char::range('a', 'z'),
    ];
    proptest::collection::vec(character, 0..=max_chars).prop_map(String::from_iter)
}

/// Whitespace only, as `str::trim` understands it.
fn blank() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(&[' ', '\t', '\n', '\r', '\u{a0}', '\u{2003}', '\u{3000}'][..]),
        0..6,
    )
    .prop_map(String::from_iter)
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn is_username_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

fn too_long(field: &'static str, max: usize) -> ValidationError {
    ValidationError::new(field, format!("is too long (maximum is {max} characters)"))
}

/// A refusal must say which field and why; an empty message tells the client nothing.
fn assert_reason(error: &ValidationError, field: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(error.field, field);
    prop_assert!(!error.message.trim().is_empty(), "{error:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_accepted_username_holds_the_invariant_and_parses_back(raw in text(48)) {
        match Username::parse(&raw) {
            Ok(username) => {
                let value = username.as_str();
                prop_assert_eq!(value, raw.trim());
                prop_assert!((1..=Username::MAX_CHARS).contains(&chars(value)));
                prop_assert!(value.chars().all(is_username_char), "{value:?}");
                prop_assert_eq!(Username::parse(value), Ok(username.clone()));
            }
            Err(error) => assert_reason(&error, "username")?,
        }
    }

    #[test]
    fn every_name_in_the_username_alphabet_is_accepted(
        raw in proptest::collection::vec(
            proptest::sample::select(&['a', 'Z', '0', '9', '_', '.', '-', 'é', 'Ж', '٣'][..]),
            1..=Username::MAX_CHARS,
        ).prop_map(String::from_iter)
    ) {
        prop_assert_eq!(Username::parse(&raw).map(|u| u.as_str().to_owned()), Ok(raw));
    }

    #[test]
    fn a_username_with_any_other_character_is_refused_with_the_allowed_alphabet(
        head in "[a-z]{1,5}",
        bad in any::<char>().prop_filter("outside the alphabet", |c| !is_username_char(*c) && *c != '\0'),
        tail in "[a-z]{1,5}",
    ) {
        prop_assert_eq!(
            Username::parse(&format!("{head}{bad}{tail}")),
            Err(ValidationError::new(
                "username",
                "may only contain letters, digits, '_', '-' and '.'"
            ))
        );
    }

    #[test]
    fn the_canonical_form_is_idempotent(raw in text(48)) {
        let once = username::canonical_form(&raw);
        prop_assert_eq!(username::canonical_form(&once), once);
    }

    #[test]
    fn case_and_width_variants_share_the_canonical_form_and_show_as_typed(
        name in proptest::collection::vec(
            prop_oneof![
                4 => proptest::char::range('a', 'z'),
                2 => proptest::char::range('A', 'Z'),
                1 => proptest::char::range('0', '9'),
                1 => proptest::sample::select(&['_', '.', '-', 'é', 'ß', 'Ж', 'ω', 'İ', 'ı', 'Σ'][..]),
            ],
            1..=Username::MAX_CHARS,
        ).prop_map(String::from_iter),
    ) {
        let original = Username::parse(&name).unwrap();
        // Fullwidth forms exist for ASCII letters and digits only.
        let fullwidth: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() {
                char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap_or(c)
            } else {
                c
            })
            .collect();
        for variant in [name.to_uppercase(), name.to_lowercase(), fullwidth] {
            // Lower-casing `İ` gives `i` and a combining dot, which no username may hold.
            if let Ok(username) = Username::parse(&variant) {
                prop_assert_eq!(username.as_str(), variant.as_str());
                prop_assert_eq!(username.canonical(), original.canonical(), "{} / {}", name, variant);
            }
        }
        prop_assert_eq!(original.as_str(), name.as_str());
    }

    #[test]
    fn a_well_formed_email_is_stored_lower_cased_and_parses_back(
        local in "[A-Za-z0-9._%+-]{1,20}",
        host in "[A-Za-z0-9-]{1,20}",
        top in "[A-Za-z]{2,6}",
        padding in blank(),
    ) {
        let raw = format!("{padding}{local}@{host}.{top}{padding}");
        let email = Email::parse(&raw);
        let expected = format!("{local}@{host}.{top}").to_lowercase();
        prop_assert_eq!(email.as_ref().map(Email::as_str), Ok(expected.as_str()));
        let email = email.unwrap();
        prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
        prop_assert_eq!(Email::parse(&raw.to_uppercase()), Ok(email), "one account per address, whatever the case");
    }

    #[test]
    fn an_address_without_exactly_one_at_sign_is_refused_as_invalid(
        raw in text(40),
        extra_at in any::<bool>(),
    ) {
        let raw = if extra_at { format!("a@{raw}@b.c") } else { format!("x{}y", raw.replace('@', "")) };
        prop_assume!(!raw.contains('\0'));
        prop_assert_eq!(Email::parse(&raw), Err(ValidationError::new("email", "is invalid")));
    }

    #[test]
    fn any_title_gives_a_url_safe_slug_that_parses_back(
        raw in text(80),
        suffix in "[0-9a-f]{8}",
    ) {
        prop_assume!(ArticleTitle::parse(&raw).is_ok());
        let title = ArticleTitle::parse(&raw).unwrap();
        let slug = Slug::from_title(&title, &suffix);
        let text = slug.as_str();
        let kebab = text.split('-').all(|word| !word.is_empty()
            && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        prop_assert!(kebab, "{text:?} is not kebab-case ASCII");
        prop_assert!(text.ends_with(&format!("-{suffix}")), "{text:?} lost its suffix");
        prop_assert!(chars(text) <= Slug::MAX_TITLE_CHARS + 1 + suffix.len(), "{text:?}");
        prop_assert_eq!(Slug::parse(text), Ok(slug.clone()));
    }

    #[test]
    fn every_accepted_tag_is_one_lower_case_word_that_parses_back(raw in text(44)) {
        match Tag::parse(&raw) {
            Ok(tag) => {
                let value = tag.as_str();
                prop_assert_eq!(value.to_owned(), raw.trim().to_lowercase());
                prop_assert!((1..=Tag::MAX_CHARS).contains(&chars(value)), "{value:?}");
                prop_assert!(!value.chars().any(|c| c.is_whitespace() || c.is_control()), "{value:?}");
                prop_assert_eq!(Tag::parse(value), Ok(tag.clone()));
            }
            Err(error) => assert_reason(&error, "tag")?,
        }
    }

    #[test]
    fn a_tag_list_holds_each_tag_once_in_first_seen_order(
        raw in proptest::collection::vec("[a-dA-D]{1,2}", 0..30),
    ) {
        let mut expected: Vec<String> = Vec::new();
        for tag in raw.iter().map(|tag| tag.to_lowercase()) {
            if !expected.contains(&tag) {
                expected.push(tag);
            }
        }
        match TagList::parse(&raw) {
            Ok(list) => {
                let tags: Vec<&str> = list.as_slice().iter().map(Tag::as_str).collect();
                prop_assert_eq!(tags, expected.iter().map(String::as_str).collect::<Vec<_>>());
                prop_assert_eq!(list.is_empty(), raw.is_empty());
            }
            Err(error) => {
                prop_assert!(expected.len() > TagList::MAX_TAGS, "refused {raw:?}: {error:?}");
                prop_assert_eq!(error, ValidationError::new(
                    "tagList",
                    format!("has too many tags (maximum is {})", TagList::MAX_TAGS),
                ));
            }
        }
    }

    #[test]
    fn a_title_is_its_trimmed_text_and_only_length_or_nul_refuse_it(
        padding in blank(),
        core in text(12),
        // Short titles, and titles from just under the cap to just over it.
        filler in prop_oneof![0..=12usize, ArticleTitle::MAX_CHARS - 12..=ArticleTitle::MAX_CHARS + 2],
    ) {
        let filler = "t".repeat(filler);
        let raw = format!("{padding}{filler}{core}{padding}");
        let trimmed = raw.trim();
        let expected = if trimmed.is_empty() {
            Err(ValidationError::blank("title"))
        } else if chars(trimmed) > ArticleTitle::MAX_CHARS {
            Err(too_long("title", ArticleTitle::MAX_CHARS))
        } else if trimmed.contains('\0') {
            Err(ValidationError::new("title", "may not contain NUL characters"))
        } else {
            Ok(trimmed.to_owned())
        };
        let title = ArticleTitle::parse(&raw);
        prop_assert_eq!(title.as_ref().map(|t| t.as_str().to_owned()).map_err(Clone::clone), expected);
        if let Ok(title) = title {
            prop_assert_eq!(ArticleTitle::parse(title.as_str()), Ok(title.clone()));
        }
    }

    #[test]
    fn whitespace_alone_is_blank_for_every_required_text(raw in blank()) {
        prop_assert_eq!(Username::parse(&raw), Err(ValidationError::blank("username")));
        prop_assert_eq!(Email::parse(&raw), Err(ValidationError::blank("email")));
        prop_assert_eq!(Tag::parse(&raw), Err(ValidationError::blank("tag")));
        prop_assert_eq!(Slug::parse(&raw), Err(ValidationError::blank("slug")));
        prop_assert_eq!(ArticleTitle::parse(&raw), Err(ValidationError::blank("title")));
        prop_assert_eq!(Description::parse(&raw), Err(ValidationError::blank("description")));
        prop_assert_eq!(ArticleBody::parse(&raw), Err(ValidationError::blank("body")));
        prop_assert_eq!(CommentBody::parse(&raw), Err(ValidationError::blank("body")));
        prop_assert_eq!(Password::parse(&raw).is_ok(), !raw.is_empty(), "passwords are never trimmed");
    }

    #[test]
    fn a_limit_is_accepted_exactly_between_its_bounds(
        value in prop_oneof![any::<i64>(), -5i64..=i64::from(Limit::MAX) + 5],
    ) {
        let in_range = (i64::from(Limit::MIN)..=i64::from(Limit::MAX)).contains(&value);
        match Limit::parse(value) {
            Ok(limit) => {
                prop_assert!(in_range, "{value} accepted");
                prop_assert_eq!(i64::from(limit.get()), value);
            }
            Err(error) => {
                prop_assert!(!in_range, "{value} refused");
                prop_assert_eq!(error, ValidationError::new(
                    "limit",
                    format!("must be between {} and {}", Limit::MIN, Limit::MAX),
                ));
            }
        }
    }

    #[test]
    fn a_limit_or_offset_query_is_its_decimal_text(
        value in prop_oneof![any::<i64>(), -5i64..=105],
        padding in " {0,2}",
    ) {
        let query = format!("{padding}{value}{padding}");
        prop_assert_eq!(Limit::parse_query(Some(&query)), Limit::parse(value));
        prop_assert_eq!(Offset::parse_query(Some(&query)), Offset::parse(value));
        if let Ok(limit) = Limit::parse(value) {
            prop_assert_eq!(limit.get().to_string(), value.to_string());
        }
    }

    #[test]
    fn an_offset_is_any_u32_and_the_reason_names_the_side_it_missed(
        value in prop_oneof![any::<i64>(), -3i64..3, i64::from(u32::MAX) - 3..i64::from(u32::MAX) + 3],
    ) {
        let expected = if value < 0 {
            Err(ValidationError::new("offset", "must be greater than or equal to 0"))
        } else if value > i64::from(u32::MAX) {
            Err(ValidationError::new("offset", format!("must be less than or equal to {}", u32::MAX)))
        } else {
            Ok(value)
        };
        prop_assert_eq!(Offset::parse(value).map(|offset| i64::from(offset.get())), expected);
    }

    #[test]
    fn page_parameters_that_are_not_integers_are_both_reported(
        limit in "[0-9]{0,3}[a-z. ,][0-9a-z]{0,3}",
        offset in "[0-9]{0,3}[a-z. ,][0-9a-z]{0,3}",
    ) {
        prop_assume!(limit.trim().parse::<i64>().is_err() && offset.trim().parse::<i64>().is_err());
        prop_assert_eq!(
            Page::parse_query(Some(&limit), Some(&offset)),
            Err(vec![
                ValidationError::new("limit", "must be an integer"),
                ValidationError::new("offset", "must be an integer"),
            ])
        );
    }
}

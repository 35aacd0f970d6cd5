//! Each published pattern against the rule it stands for: for any text within the length
//! limit, the document's `pattern` (as a JSON Schema validator reads it) accepts exactly what the
//! domain's `parse` accepts. A pattern that drifted from its rule would make the document refuse
//! what the server takes, or promise what it refuses.

use conduit_domain::articles::ArticleFilter;
use conduit_domain::values::{
    ArticleBody, ArticleTitle, Bio, CommentBody, Description, Email, ImageUrl, Password, Tag,
    Username,
};
use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::json;

/// Pieces that sit on the edges of the rules: each kind of whitespace (and near misses such as
/// U+FEFF, U+200B and U+001C, which `trim` keeps), controls, letters and numbers of several
/// scripts and kinds, combining marks, the punctuation the rules name, and long runs.
const PIECES: &[&str] = &[
    " ",
    "\t",
    "\n",
    "\r",
    "\u{b}",
    "\u{c}",
    "\u{85}",
    "\u{a0}",
    "\u{1680}",
    "\u{2003}",
    "\u{2028}",
    "\u{202f}",
    "\u{3000}",
    "\u{feff}",
    "\u{200b}",
    "\u{1c}",
    "\0",
    "\u{1}",
    "\u{7f}",
    "\u{9f}",
    "a",
    "Z",
    "é",
    "б",
    "ऋ",
    "\u{93e}",
    "\u{301}",
    "\u{345}",
    "0",
    "٣",
    "Ⅻ",
    "½",
    "_",
    "-",
    ".",
    "@",
    "/",
    ":",
    "http://",
    "HTTPS://",
    "hTtP:",
    "😀",
    "x.y",
    // Runs that take a text past the shorter limits (40 characters) in a few pieces.
    "aaaaaaaaaaaaaaaaaaaa",
    "éééééééééééééééééééé",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..14).prop_map(|pieces| pieces.concat())
}

fn validator(pattern: &str) -> jsonschema::Validator {
    let schema = json!({"type": "string", "pattern": pattern});
    jsonschema::validator_for(&schema)
        .unwrap_or_else(|error| panic!("{pattern:?} does not compile: {error}"))
}

/// Whether `pattern`, which must be one of the rules' patterns, matches `text`.
fn matches(pattern: &str, text: &str) -> bool {
    let (_, _, validator, _) = COMPILED
        .iter()
        .find(|(_, published, _, _)| published == pattern)
        .unwrap_or_else(|| panic!("no rule has the pattern {pattern:?}"));
    validator.is_valid(&json!(text))
}

/// Compiled once per process and shared by the tests: compiling is most of the cost of a check
/// (the Unicode classes make large automata, built unoptimised in test builds).
type Compiled = (
    &'static str,
    String,
    jsonschema::Validator,
    fn(&str) -> bool,
);

static COMPILED: LazyLock<Vec<Compiled>> = LazyLock::new(|| {
    rules()
        .into_iter()
        .map(|(name, pattern, accepts)| {
            let validator = validator(&pattern);
            (name, pattern, validator, accepts)
        })
        .collect()
});

type Rule = (&'static str, String, fn(&str) -> bool);

fn rules() -> [Rule; 13] {
    [
        ("Username", Username::pattern(), |raw| {
            Username::parse(raw).is_ok()
        }),
        ("Email", Email::pattern(), |raw| Email::parse(raw).is_ok()),
        ("Password", Password::PATTERN.to_owned(), |raw| {
            raw.is_empty() || Password::parse(raw).is_ok()
        }),
        ("ArticleTitle", ArticleTitle::pattern(), |raw| {
            ArticleTitle::parse(raw).is_ok()
        }),
        ("Description", Description::pattern(), |raw| {
            Description::parse(raw).is_ok()
        }),
        ("ArticleBody", ArticleBody::pattern(), |raw| {
            ArticleBody::parse(raw).is_ok()
        }),
        ("CommentBody", CommentBody::pattern(), |raw| {
            CommentBody::parse(raw).is_ok()
        }),
        ("Tag", Tag::pattern(), |raw| Tag::parse(raw).is_ok()),
        ("Bio", Bio::pattern(), |raw| {
            Bio::parse_optional(Some(raw)).is_ok()
        }),
        ("ImageUrl", ImageUrl::pattern(), |raw| {
            ImageUrl::parse_optional(Some(raw)).is_ok()
        }),
        ("ArticleFilter tag", Tag::filter_pattern(), |raw| {
            ArticleFilter::parse_query(Some(raw), None, None).is_ok()
        }),
        ("ArticleFilter author", Username::filter_pattern(), |raw| {
            ArticleFilter::parse_query(None, Some(raw), None).is_ok()
        }),
        (
            "ArticleFilter favorited",
            Username::filter_pattern(),
            |raw| ArticleFilter::parse_query(None, None, Some(raw)).is_ok(),
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn every_pattern_accepts_exactly_what_its_rule_accepts(raw in text()) {
        for (name, _, validator, accepts) in COMPILED.iter() {
            prop_assert_eq!(validator.is_valid(&json!(raw)), accepts(&raw), "{} on {:?}", name, raw);
        }
    }
}

/// Cases the rules were written for, so that a mistake shows as a name and not only as a
/// shrunk random string.
#[test]
fn the_patterns_decide_the_known_cases_as_the_rules_do() {
    let long = |n: usize| "a".repeat(n);
    let cases: [(String, String, bool); 19] = [
        (Username::pattern(), " jake ".into(), true),
        (Username::pattern(), "ja ke".into(), false),
        (Username::pattern(), "ünïcødé_1.0-x".into(), true),
        (Username::pattern(), format!(" {} ", long(40)), true),
        (Username::pattern(), long(41), false),
        (Email::pattern(), " Jake@Example.com ".into(), true),
        (Email::pattern(), "jake@example".into(), false),
        (Email::pattern(), "jake@.example.com".into(), false),
        (Email::pattern(), String::new(), false),
        (Email::pattern(), format!("{}@b.c", long(250)), true),
        (Email::pattern(), format!("{}@b.c", long(251)), false),
        (ArticleTitle::pattern(), " \u{3000} ".into(), false),
        (ArticleTitle::pattern(), "\u{feff}".into(), true),
        (ArticleTitle::pattern(), format!("  {}  ", long(200)), true),
        (ArticleTitle::pattern(), format!("a {}", long(199)), false),
        (CommentBody::pattern(), "a\0".into(), false),
        (ImageUrl::pattern(), String::new(), true),
        (ImageUrl::pattern(), "javascript:alert(1)".into(), false),
        (Tag::filter_pattern(), "  ".into(), true),
    ];
    for (pattern, raw, expected) in cases {
        assert_eq!(matches(&pattern, &raw), expected, "{pattern:?} on {raw:?}");
    }
}

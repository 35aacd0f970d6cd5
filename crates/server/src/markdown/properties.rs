//! Whatever anyone writes, the HTML we send cannot run script: no script element, no event
//! handler attribute, no `javascript:` URL. The input is stitched from attack fragments, Markdown
//! syntax and arbitrary text, so that the fragments also meet each other.

use proptest::prelude::*;

use super::to_safe_html;

const FRAGMENTS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<div onclick='alert(1)'>x</div>",
    "<body onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=' JaVaScRiPt:alert(1)'>x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<iframe src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>",
    "<object data=javascript:alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<style>*{background:url(javascript:alert(1))}</style>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "![i](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[y][x]",
    "<javascript:alert(1)>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "\n\n",
    "\n",
    "    ",
    "```\n",
    "`",
    "*",
    "_",
    "[",
    "](",
    ")",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "&",
    "|a|b|\n|-|-|\n",
    " onerror=",
    "javascript:",
];

fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// The tags of serialised HTML as (name, attributes). Text and attribute values come out of
/// the serialiser escaped, so every `<` outside a quoted value opens a tag.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let mut end = rest.len();
        let mut quote = None;
        for (index, c) in rest.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(open), _) if c == open => quote = None,
                (None, '>') => {
                    end = index;
                    break;
                }
                _ => {}
            }
        }
        found.push(parse_tag(&rest[..end]));
        rest = &rest[end..];
    }
    found
}

fn parse_tag(inside: &str) -> (String, Vec<(String, String)>) {
    let inside = inside.trim_start_matches('/');
    let name_end = inside
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inside.len());
    let mut attributes = Vec::new();
    let mut rest = &inside[name_end..];
    while let Some(equals) = rest.find('=') {
        let name = rest[..equals].trim().to_ascii_lowercase();
        let after = rest[equals + 1..].trim_start();
        let (value, remainder) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let body = &after[1..];
                let close = body.find(quote).unwrap_or(body.len());
                (&body[..close], body.get(close + 1..).unwrap_or(""))
            }
            _ => {
                let close = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..close], &after[close..])
            }
        };
        attributes.push((name, value.to_owned()));
        rest = remainder;
    }
    (inside[..name_end].to_ascii_lowercase(), attributes)
}

/// Whether a browser would run `value` as script: it drops whitespace and control characters
/// from a URL and ignores the scheme's case; entities are decoded first.
fn is_script_url(value: &str) -> bool {
    let decoded = value.replace("&amp;", "&").replace("&quot;", "\"");
    let compact: String = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rendered_markdown_never_carries_script_handlers_or_javascript_urls(input in markdown()) {
        let html = to_safe_html(&input);
        prop_assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
        for (name, attributes) in tags(&html) {
            prop_assert!(
                !matches!(name.as_str(), "script" | "style" | "iframe" | "object" | "embed" | "svg" | "math" | "form" | "base"),
                "<{name}> in {html}"
            );
            for (attribute, value) in attributes {
                prop_assert!(!attribute.starts_with("on"), "{attribute}= in {html}");
                prop_assert!(!is_script_url(&value), "{attribute}={value:?} in {html}");
            }
        }
    }
}

//! Article bodies are Markdown written by anyone; browsers get them as HTML that cannot run
//! anything. pulldown-cmark renders, then ammonia keeps only an allow-list of tags and
//! attributes (no `<script>`, no `on*=` handlers, no `javascript:` URLs).

pub fn to_safe_html(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(
        markdown,
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH,
    );
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::clean(&html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        assert_eq!(
            to_safe_html("# Title\n\nSome *emphasis* and a [link](https://example.com)."),
            "<h1>Title</h1>\n<p>Some <em>emphasis</em> and a <a href=\"https://example.com\" rel=\"noopener noreferrer\">link</a>.</p>\n"
        );
    }

    #[test]
    fn tables_and_strikethrough_are_rendered() {
        assert_eq!(
            to_safe_html("| tag | uses |\n|---|---|\n| rust | 2 |\n\n~~draft~~"),
            "<table><thead><tr><th>tag</th><th>uses</th></tr></thead><tbody>\n<tr><td>rust</td><td>2</td></tr>\n</tbody></table>\n<p><del>draft</del></p>\n"
        );
    }

    #[test]
    fn scripts_and_event_handlers_are_removed() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<a href=\"javascript:alert(1)\">x</a>",
        );
        for dangerous in ["<script", "alert(1)</script>", "onerror", "javascript:"] {
            assert!(!html.contains(dangerous), "{dangerous} survived in {html}");
        }
        assert!(html.contains("<img src=\"x\">"), "{html}");
    }

    #[test]
    fn a_markdown_link_with_a_javascript_url_loses_its_href() {
        let html = to_safe_html("[click](javascript:alert(document.cookie))");
        assert!(!html.contains("javascript:"), "{html}");
    }
}

#[cfg(test)]
mod properties;

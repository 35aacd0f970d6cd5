use super::*;

#[test]
fn a_group_counts_each_of_its_items_once() {
    let code = "use crate::{auth::{AuthUser, authenticate}, error::ApiError, state};";
    assert_eq!(crate_paths(code), ["auth", "error", "state"]);
}

#[test]
fn paths_in_signatures_and_attributes_count_and_other_crates_do_not() {
    let code = "fn f(s: crate::state::AppState) -> conduit_crate::Thing {}\n\
                #[utoipa::path(body = crate::error::ErrorBody)]";
    assert_eq!(crate_paths(code), ["state", "error"]);
}

#[test]
fn comments_literals_and_test_items_are_not_code() {
    let code = "//! see [`crate::routes`]\n\
                /* crate::live */\n\
                const A: &str = \"crate::auth\";\n\
                const B: &str = r#\"{ crate::state \"#;\n\
                const C: char = '{';\n\
                #[cfg(test)]\n\
                mod tests { use crate::config; fn f() { let _ = '}'; } }\n\
                #[cfg(test)]\n\
                use crate::logging;\n\
                use crate::error::ApiError;";
    assert_eq!(crate_paths(&code_only(code)), ["error"]);
}

#[test]
fn only_modules_in_their_own_files_are_followed_and_test_ones_are_not() {
    let code = code_only("mod a;\npub(crate) mod b;\nmod inline { }\n#[cfg(test)]\nmod tests;");
    let expected: BTreeSet<String> = ["a", "b"].map(String::from).into();
    assert_eq!(declared_modules(&code), expected);
}

#[test]
fn a_reexported_name_counts_as_its_module() {
    let modules: BTreeSet<String> = ["error", "ports"].map(String::from).into();
    let root = "pub use error::{\n    Cause, DomainError,\n};\npub use ports::Clock;\npub use other::Thing;";
    let names = reexports(root, &modules);
    assert_eq!(names.get("Cause").map(String::as_str), Some("error"));
    assert_eq!(names.get("DomainError").map(String::as_str), Some("error"));
    assert_eq!(names.get("Clock").map(String::as_str), Some("ports"));
    assert_eq!(names.get("Thing"), None);
}

fn import(from: &str, to: &str, file: &str) -> Import {
    Import {
        from: from.into(),
        to: to.into(),
        file: file.into(),
    }
}

#[test]
fn each_loop_is_reported_once_with_the_files_of_each_arrow() {
    let imports = [
        import("auth", "config", "auth/jwt.rs"),
        import("config", "auth", "config.rs"),
        import("live", "routes", "live/protocol.rs"),
        import("routes", "state", "routes/articles.rs"),
        import("routes", "state", "routes/mod.rs"),
        import("state", "live", "state.rs"),
        import("state", "auth", "state.rs"),
    ];
    let report: Vec<String> = cycles_among(&imports)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        report,
        [
            "auth → config → auth: auth imports config in auth/jwt.rs; \
             config imports auth in config.rs",
            "live → routes → state → live: live imports routes in live/protocol.rs; \
             routes imports state in routes/articles.rs, routes/mod.rs; \
             state imports live in state.rs",
        ]
    );
}

#[test]
fn arrows_that_never_lead_back_are_no_cycle() {
    let imports = [
        import("routes", "auth", "routes/users.rs"),
        import("routes", "error", "routes/users.rs"),
        import("error", "auth", "error.rs"),
    ];
    assert_eq!(cycles_among(&imports), []);
}

#[test]
fn a_crate_whose_modules_import_each_other_has_that_cycle() {
    let src = tempfile::tempdir().unwrap();
    let write = |file: &str, code: &str| std::fs::write(src.path().join(file), code).unwrap();
    write("lib.rs", "mod alpha;\nmod beta;\nmod gamma;\n");
    write("alpha.rs", "use crate::beta::Thing;\n");
    write("beta.rs", "use crate::alpha::Other;\n");
    write("gamma.rs", "use crate::alpha::Other;\n");
    let found: Vec<String> = cycles(src.path())
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        ["alpha → beta → alpha: alpha imports beta in alpha.rs; beta imports alpha in beta.rs"]
    );
}

#[test]
fn literals_and_comments_are_blanked_exactly_and_nothing_else() {
    // (text, whether it is code that must stay as it is)
    let pieces = [
        ("let a = ", true),
        (r"'\''", false),
        ("; let b = ", true),
        (r"'\u{7d}'", false),
        ("; let c = ", true),
        ("'x'", false),
        ("; fn f<'a>(r#type: &'a str) {} ", true),
        (r###"r##"a"#b"##"###, false),
        (" ", true),
        (r##"r#"#{"#"##, false),
        (" ", true),
        (r#""a\"b""#, false),
        (" ", true),
        ("/* crate::x */", false),
        (" y\n", true),
        ("// crate::z", false),
    ];
    let code: String = pieces.iter().map(|(text, _)| *text).collect();
    let expected: String = pieces
        .iter()
        .map(|(text, kept)| {
            if *kept {
                (*text).to_owned()
            } else {
                " ".repeat(text.chars().count())
            }
        })
        .collect();
    assert_eq!(blank_comments_and_literals(&code), expected);
}

#[test]
fn a_group_ends_at_its_own_closing_brace() {
    let heads = group_heads("a, b::{C, D}};\nfn f() { call(x, y) }");
    assert_eq!(heads, ["a", "b"]);
}

#[test]
fn a_string_ends_after_its_first_unescaped_quote_or_at_the_end_of_the_text() {
    let end = |text: &str| string_end(&text.chars().collect::<Vec<char>>());
    // An escape right after the opening quote: the search resumes two characters on, at `b`.
    assert_eq!(end(r#""\"b" x"#), 5);
    assert_eq!(end(r#""a\\" x"#), 5);
    // Unterminated, the literal runs to the end of the text, and no further.
    assert_eq!(end(r#""abc"#), 4);
    assert_eq!(end(r#""ab\"#), 4);
}

#[test]
fn a_test_item_is_blanked_through_its_end_and_no_further_keeping_its_lines() {
    // (text, whether it is code that must stay as it is)
    let pieces = [
        ("#[cfg(test)]\nuse a;", false),
        ("\nstruct S { x: u8, ", true),
        // A gated field ends where its enclosing block does: the `}` stays.
        ("#[cfg(test)]\n y: u8 ", false),
        ("}\n", true),
        ("#[cfg(test)]\nmod t {\n fn f() { g(); }\n}", false),
        ("\nfn g() {}", true),
    ];
    let code: String = pieces.iter().map(|(text, _)| *text).collect();
    let expected: String = pieces
        .iter()
        .map(|(text, kept)| {
            if *kept {
                (*text).to_owned()
            } else {
                text.chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' })
                    .collect()
            }
        })
        .collect();
    assert_eq!(without_test_items(&code), expected);
}

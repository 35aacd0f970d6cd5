use super::*;

/// A workspace with a Makefile, a settings list, one package with one test target and one
/// script; `text` is its README.
fn problems_in(text: &str) -> Vec<String> {
    let root = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = root.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("Cargo.toml", "");
    write(
        "Makefile",
        "PROFILE ?= dev\n.PHONY: e2e\nunit: ui-unit ## tests\n\tcargo nextest run --profile $(PROFILE)\nui-unit:\n\tnode\n\
         bugs:\n\tpython3 scripts/bugs.py $(BUG)\n",
    );
    write("bugs/jwt-accepts-hs512.md", "# A bug\n");
    write(".env.example", "PORT=3000\n# JWT_SECRET=\n");
    write(
        "crates/server/Cargo.toml",
        "[package]\nname = \"conduit-server\"\n",
    );
    write("crates/server/tests/api/main.rs", "");
    write("scripts/with-browser", "");
    let path = root.path().join("README.md");
    std::fs::write(&path, text).unwrap();
    check(&Document::read(&path).unwrap())
        .into_iter()
        .map(|problem| format!("{}: {}", problem.line, problem.message))
        .collect()
}

#[test]
fn commands_that_name_what_exists_pass() {
    let text = "# Title\n\n```sh\nmake unit PROFILE=ci   # a comment\nPORT=4000 cargo run -- --jwt-secret=x\n\
                cargo test -p conduit-server --test api\nmake unit PROFILE=\"a b\" 'ui-unit'\nscripts/with-browser true\napt-get install -y chromium\nTOKEN=$(curl -s x) echo\n```\n\n\
                Run `make ui-unit` or `cargo run -- --help`.\n";
    assert_eq!(problems_in(text), Vec::<String>::new());
}

#[test]
fn each_name_that_does_not_exist_is_reported_with_its_command_and_line() {
    let text = "# Title\n\n```sh\nmake unti\nHOSTNAME=x cargo run -- --colour\n```\n\n\
                Then `cargo test -p conduit-sever --test apo` and `scripts/gone` and `make unit FLAVOUR=x`.\n";
    assert_eq!(
        problems_in(text),
        [
            "4: `make unti`: the Makefile has no target `unti`",
            "5: `HOSTNAME=x cargo run -- --colour`: `HOSTNAME` is neither a setting nor a Makefile variable",
            "5: `HOSTNAME=x cargo run -- --colour`: the server has no flag `--colour`",
            "8: `cargo test -p conduit-sever --test apo`: there is no package `conduit-sever`",
            "8: `cargo test -p conduit-sever --test apo`: there is no test target `apo`",
            "8: `scripts/gone`: `scripts/gone` does not exist",
            "8: `make unit FLAVOUR=x`: the Makefile reads no `FLAVOUR`",
        ]
    );
}

#[test]
fn a_bug_to_plant_must_be_in_the_catalogue() {
    let text = "# Title\n\nSee it fail: `make bugs BUG=jwt-accepts-hs512`, not `make bugs BUG=jwt-accepts-hs384`.\n";
    assert_eq!(
        problems_in(text),
        [
            "3: `make bugs BUG=jwt-accepts-hs384`: there is no bug `jwt-accepts-hs384` in the catalogue (bugs/jwt-accepts-hs384.md)"
        ]
    );
}

#[test]
fn code_blocks_in_other_languages_are_not_commands() {
    let text = "# Title\n\n```text\nmake nothing\n```\n\n```rust\ncargo test -p nothing\n```\n";
    assert_eq!(problems_in(text), Vec::<String>::new());
}

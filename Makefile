# Every CI job and `.ci/run` call these targets, so a green `make ci` here is a green CI.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# `make unit PROFILE=ci` writes JUnit to target/nextest/ci/junit.xml (see .config/nextest.toml).
PROFILE ?= default
CHROME_BIN ?= $(shell command -v chromium || command -v chromium-browser || true)
CHROMEDRIVER ?= $(shell command -v chromedriver || true)
APT_BROWSER := apt-get update && apt-get install -y chromium chromium-driver
# A PostgreSQL server whose user may create databases; each test makes and drops its own.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test unit integration postgres e2e lint ci browser-check

run: ## The app on http://localhost:3000 with an embedded SQLite file
	cargo run

test: ## What the README promises: unit + integration, no services needed
	cargo test

unit: ## mockall unit tests (crates/*/src)
	cargo nextest run --profile $(PROFILE) --lib --bins

integration: ## HTTP contract, storage and Pwned Passwords client against real SQLite and wiremock
	cargo nextest run --profile $(PROFILE) --test '*'

postgres: ## The repository suite, the HTTP suite and the two-instance test against PostgreSQL
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) cargo nextest run --profile $(PROFILE) --test '*' --run-ignored all

browser-check:
	@if [ -z "$(CHROME_BIN)" ] || [ -z "$(CHROMEDRIVER)" ]; then \
	  echo "chromium/chromedriver not found: run $(APT_BROWSER)"; exit 1; fi

e2e: browser-check ## Browser journeys through headless Chromium; the harness runs chromedriver itself
	CHROME_BIN=$(CHROME_BIN) CHROMEDRIVER=$(CHROMEDRIVER) cargo nextest run --profile $(PROFILE) -p conduit-e2e

lint: ## Formatting and clippy with warnings as errors
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

ci: lint test postgres e2e ## Everything .ci/run checks

# --- Mutation testing and flake hunt (docs/testing.md, "Mutation testing and properties") ---
# `make mutants MUTANTS_SCOPE="-p conduit-domain"` for one crate; MUTANTS_ARGS for anything else.
MUTANTS_SCOPE ?= --workspace
MUTANTS_ARGS ?=
MUTANTS_OUT := target/mutants
BASE ?= main
N ?= 20

.PHONY: mutants mutants-diff flake

mutants: ## cargo-mutants with the PostgreSQL tests; score per crate + missed mutants in target/mutants/report.md
	mkdir -p $(MUTANTS_OUT)
	status=0; TEST_DATABASE_URL=$(TEST_DATABASE_URL) nice -n 10 cargo mutants $(MUTANTS_SCOPE) \
	  --output $(MUTANTS_OUT) $(MUTANTS_ARGS) -- --run-ignored all || status=$$?; \
	python3 scripts/mutants-report.py $(MUTANTS_OUT)/mutants.out > $(MUTANTS_OUT)/report.md; \
	cat $(MUTANTS_OUT)/report.md; exit $$status

mutants-diff: ## Only the mutants in this branch's diff against $(BASE); report also to the CI job summary
	mkdir -p $(MUTANTS_OUT)
	git diff $(BASE)... > $(MUTANTS_OUT)/branch.diff
	if ! grep -q '^+++ b/.*\.rs$$' $(MUTANTS_OUT)/branch.diff; then \
	  echo "No Rust changes against $(BASE): no mutants to test." | tee $(MUTANTS_OUT)/report.md; \
	else \
	  rm -rf $(MUTANTS_OUT)/mutants.out; \
	  status=0; TEST_DATABASE_URL=$(TEST_DATABASE_URL) nice -n 10 cargo mutants --workspace \
	    --in-diff $(MUTANTS_OUT)/branch.diff --output $(MUTANTS_OUT) $(MUTANTS_ARGS) \
	    -- --run-ignored all || status=$$?; \
	  python3 scripts/mutants-report.py $(MUTANTS_OUT)/mutants.out > $(MUTANTS_OUT)/report.md; \
	  cat $(MUTANTS_OUT)/report.md; \
	  if [ -n "$${GITHUB_STEP_SUMMARY:-}" ]; then cat $(MUTANTS_OUT)/report.md >> "$$GITHUB_STEP_SUMMARY"; fi; \
	  exit $$status; \
	fi

flake: browser-check ## Every layer N times (N=20); lists each test that ever failed, with its output
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) CHROME_BIN=$(CHROME_BIN) CHROMEDRIVER=$(CHROMEDRIVER) \
	  python3 scripts/flake-hunt.py $(N)

.PHONY: ui-unit
ui-unit: ## The UI's logic (crates/server/ui-tests) with Node's built-in test runner; no npm
	@if command -v node >/dev/null; then node --test crates/server/ui-tests/*.test.mjs; \
	else echo "node not found: UI unit tests skipped"; fi

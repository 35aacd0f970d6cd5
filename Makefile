# Every CI job and `.ci/run` call these targets, so a green `make ci` here is a green CI.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# `make unit PROFILE=ci` writes JUnit to target/nextest/ci/junit.xml (see .config/nextest.toml).
PROFILE ?= default
# A PostgreSQL server whose user may create databases; each test makes and drops its own.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# The Rust version Cargo.toml declares, which the msrv target proves.
MSRV := $(shell sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)

JUNIT := target/nextest/ci/junit.xml
# Where job summaries go: GitHub's job summary in a workflow, target/ci-summary.md elsewhere.
SUMMARY_FILE ?= $(or $(GITHUB_STEP_SUMMARY),target/ci-summary.md)
CI_SUMMARY := cargo run --quiet --locked -p conduit-ci-summary --
COVERAGE_DIR := target/coverage
# Coverage measures the product, not the tests: test files, the test kit and the browser suite
# are left out.
COVERAGE_IGNORE := /tests/|/crates/testkit/|/e2e/
COVERAGE_LAYERS := unit integration e2e
# Where cargo-llvm-cov builds and leaves the raw profiles (*.profraw) of each run.
LLVM_COV_TARGET := target/llvm-cov-target
# The jobs of .github/workflows/ci.yml, in the order `make ci` runs them.
CI_JOBS := lint actionlint deny msrv test unit integration postgres e2e coverage

.PHONY: run test unit integration postgres e2e browser-check lint actionlint deny msrv \
	msrv-toolchain coverage coverage-report summary ci

run: ## The app on http://localhost:3000 with an embedded SQLite file
	cargo run

test: ## What the README promises: unit + integration, no services needed
	cargo test

unit: ui-unit ## mockall unit tests (crates/*/src), then the UI's JavaScript tests
	cargo nextest run --profile $(PROFILE) --lib --bins

integration: ## HTTP contract, storage and Pwned Passwords client against real SQLite and wiremock
	cargo nextest run --profile $(PROFILE) --test '*'

postgres: ## The repository suite, the HTTP suite and the two-instance test against PostgreSQL
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) cargo nextest run --profile $(PROFILE) --test '*' --run-ignored all

browser-check: ## Which browser and chromedriver `make e2e` would use (see scripts/with-browser)
	scripts/with-browser true

e2e: ## Browser journeys through headless Chromium or Chrome; the harness runs chromedriver itself
	scripts/with-browser cargo nextest run --profile $(PROFILE) -p conduit-e2e

lint: ## Formatting and clippy with warnings as errors
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

actionlint: ## The workflow files, with shellcheck on their run: scripts
	actionlint -shellcheck="$$(command -v shellcheck)"

deny: ## cargo deny check: advisories, licences, bans and sources, as deny.toml allows
	@if [ -n "$${GITHUB_ACTIONS:-}" ] || cargo deny fetch db >/dev/null 2>&1; then \
	  cargo deny check; \
	else \
	  echo "deny: the RustSec advisory database cannot be fetched from this machine;" \
	    "checking licences, bans and sources (the deny job on GitHub checks advisories too)"; \
	  cargo deny check bans licenses sources; \
	fi

msrv: ## The declared rust-version builds everything (needs: rustup toolchain install $(MSRV))
	cargo +$(MSRV) check --workspace --all-targets --locked

coverage: ## Line coverage per crate under each test layer, one table: target/coverage/coverage.md
	cargo llvm-cov clean --workspace
	rm -rf $(COVERAGE_DIR) && mkdir -p $(COVERAGE_DIR)
	cargo llvm-cov nextest --no-report --lib --bins
	$(MAKE) --no-print-directory coverage-report LAYER=unit
	cargo llvm-cov nextest --no-report --test '*'
	$(MAKE) --no-print-directory coverage-report LAYER=integration
	scripts/with-browser cargo llvm-cov nextest --no-report -p conduit-e2e
	$(MAKE) --no-print-directory coverage-report LAYER=e2e
	mv $(COVERAGE_DIR)/profiles-*/*.profraw $(LLVM_COV_TARGET)/
	$(MAKE) --no-print-directory coverage-report LAYER=any
	$(CI_SUMMARY) coverage $(foreach layer,$(COVERAGE_LAYERS) any,$(layer)=$(COVERAGE_DIR)/$(layer).json) \
	  > $(COVERAGE_DIR)/coverage.md
	cat $(COVERAGE_DIR)/coverage.md

# One layer's numbers; then its raw profiles are put aside, so that the next layer counts only
# its own runs and `any` (all of them together) can count them again.
coverage-report:
	cargo llvm-cov report --json --summary-only --ignore-filename-regex '$(COVERAGE_IGNORE)' \
	  --output-path $(COVERAGE_DIR)/$(LAYER).json
	mkdir -p $(COVERAGE_DIR)/profiles-$(LAYER)
	mv $(LLVM_COV_TARGET)/*.profraw $(COVERAGE_DIR)/profiles-$(LAYER)/

summary: ## Appends JOB's nextest report (or why there is none) to the job summary
	@if [ -f $(JUNIT) ]; then \
	  $(CI_SUMMARY) --append $(SUMMARY_FILE) tests --title $(JOB) \
	    $(if $(GITHUB_ACTIONS),--github-annotations) $(JUNIT); \
	else \
	  printf '### ❌ %s: no test report\n\nThe job stopped before nextest wrote %s (a build error?): see the log.\n\n' \
	    '$(JOB)' '$(JUNIT)' >> $(SUMMARY_FILE); \
	  exit 1; \
	fi

ci: ## Every CI job in turn, all of them even after a failure; their summaries: target/ci-summary.md
	MSRV=$(MSRV) scripts/ci-jobs $(CI_JOBS)

msrv-toolchain: ## Installs the toolchain `make msrv` needs (Rust $(MSRV), minimal profile)
	rustup toolchain install $(MSRV) --profile minimal --no-self-update

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
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) scripts/with-browser python3 scripts/flake-hunt.py $(N)

.PHONY: ui-unit
ui-unit: ## The UI's logic (crates/server/ui-tests) with Node's built-in test runner; no npm
	@if command -v node >/dev/null; then node --test crates/server/ui-tests/*.test.mjs; \
	else echo "node not found: UI unit tests skipped"; fi

# --- Performance (README, "Performance"; docs/performance.md) ---
# `make bench DATABASE=postgres` runs on a fresh database of $(BENCH_POSTGRES_URL)'s server.
DATABASE ?= sqlite
BENCH_POSTGRES_URL ?= $(TEST_DATABASE_URL)

.PHONY: bench load

bench: ## Release Conduit beside a bare axum hello server under wrk -c64: req/s, p99, memory (≤ 3 min)
	BENCH_POSTGRES_URL=$(BENCH_POSTGRES_URL) python3 scripts/bench.py bench --database $(DATABASE)

load: ## Release Conduit under wrk -c64 on the read routes and login; fails on any 5xx or socket error (≤ 60 s)
	BENCH_POSTGRES_URL=$(BENCH_POSTGRES_URL) python3 scripts/bench.py load --database $(DATABASE)

.PHONY: memory
memory: ## Resident memory of the release binary before and after 10 bursts of 40 logins (≤ 32 MiB)
	cargo build --release --bin conduit
	cargo run --release -p conduit-server --example login_bursts

# Every CI job and `.ci/run` call these targets, so a green `make ci` here is a green CI.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# `make unit PROFILE=ci` runs a job as CI does: nextest's ci profile (no fail-fast, one retry,
# JUnit in target/nextest/ci/junit.xml; see .config/nextest.toml), build errors annotated.
PROFILE ?= default
# A PostgreSQL server whose user may create databases; each test makes and drops its own.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# The Rust version Cargo.toml declares, which the msrv target proves.
MSRV := $(shell sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)

# The crates the unit, integration and PostgreSQL jobs test: every member but the browser suite,
# ci-summary included (it is not a default member, so that plain `cargo run` finds one binary).
MEMBERS := --workspace --exclude conduit-e2e
JUNIT := target/nextest/ci/junit.xml
# The UI's tests report here too (node's JUnit reporter), so a failing one is named like any other.
UI_JUNIT := target/ui-tests/junit.xml
# Where job summaries go: GitHub's job summary in a workflow, target/ci-summary.md elsewhere.
SUMMARY_FILE ?= $(or $(GITHUB_STEP_SUMMARY),target/ci-summary.md)
CI_SUMMARY := cargo run --quiet --locked -p conduit-ci-summary --
# Built before a build is piped through it: `cargo run` inside the pipe would wait for the build
# directory that the cargo feeding the pipe holds.
CI_SUMMARY_BIN := target/debug/ci-summary
ANNOTATE := $(if $(GITHUB_ACTIONS),--github-annotations)
# What "Run it alone" puts before its command, per job: what the job sets up around its run.
RERUN_PREFIX_postgres := TEST_DATABASE_URL=$(TEST_DATABASE_URL)
RERUN_PREFIX_e2e := scripts/with-browser

# Each nextest target first removes the last run's JUnit report, which would otherwise be
# summarised as this run's when the build fails.
# As CI runs them (PROFILE=ci), cargo's messages go through `ci-summary diagnostics`: the log reads
# as usual, and each build or clippy error is annotated on its line and listed in the summary.
ifeq ($(PROFILE),ci)
CI_SUMMARY_TOOL := ci-summary-tool
CARGO_JSON := --message-format=json-diagnostic-rendered-ansi
NEXTEST_JSON := --cargo-message-format json-diagnostic-rendered-ansi
DIAGNOSE = | $(CI_SUMMARY_BIN) diagnostics --title $@ --append $(SUMMARY_FILE) $(ANNOTATE)
endif
COVERAGE_DIR := target/coverage
# Coverage measures the product, not the tests: test files, the test kit and the browser suite
# are left out.
COVERAGE_IGNORE := /tests/|/crates/testkit/|/e2e/
COVERAGE_LAYERS := unit integration e2e
# Where cargo-llvm-cov builds and leaves the raw profiles (*.profraw) of each run.
LLVM_COV_TARGET := target/llvm-cov-target
# The jobs of .github/workflows/ci.yml that `make ci` runs, in its order.
CI_JOBS := lint actionlint deny msrv test unit integration postgres e2e coverage

.PHONY: run test unit integration postgres e2e browser-check lint actionlint deny advisories msrv \
	msrv-toolchain coverage coverage-report summary ci ci-summary-tool

run: ## The app on http://localhost:3000 with an embedded SQLite file
	cargo run

test: $(CI_SUMMARY_TOOL) ## What the README promises: unit + integration, no services needed
	cargo test $(CARGO_JSON) $(DIAGNOSE)

# The UI's tests first; the Rust ones run even when they fail, so that the job reports both.
unit: $(CI_SUMMARY_TOOL) ## The UI's JavaScript tests, then the mockall unit tests (crates/*/src)
	rm -f $(JUNIT)
	status=0; $(MAKE) --no-print-directory ui-unit || status=$$?; \
	cargo nextest run --profile $(PROFILE) $(NEXTEST_JSON) $(MEMBERS) --lib --bins $(DIAGNOSE) || status=$$?; \
	exit $$status

integration: $(CI_SUMMARY_TOOL) ## HTTP contract, storage and Pwned Passwords client against real SQLite and wiremock
	rm -f $(JUNIT)
	cargo nextest run --profile $(PROFILE) $(NEXTEST_JSON) $(MEMBERS) --test '*' $(DIAGNOSE)

postgres: $(CI_SUMMARY_TOOL) ## The repository suite, the HTTP suite and the two-instance test against PostgreSQL
	rm -f $(JUNIT)
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) cargo nextest run --profile $(PROFILE) $(NEXTEST_JSON) \
	  $(MEMBERS) --test '*' --run-ignored all $(DIAGNOSE)

browser-check: ## Which browser and chromedriver `make e2e` would use (see scripts/with-browser)
	scripts/with-browser true

# With a backtrace, a journey that fails inside a helper is reported at the journey's own line.
e2e: $(CI_SUMMARY_TOOL) ## Browser journeys through headless Chromium or Chrome; the harness runs chromedriver itself
	rm -f $(JUNIT)
	RUST_BACKTRACE=1 scripts/with-browser cargo nextest run --profile $(PROFILE) $(NEXTEST_JSON) \
	  -p conduit-e2e $(DIAGNOSE)

lint: $(CI_SUMMARY_TOOL) ## Formatting and clippy with warnings as errors
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets $(CARGO_JSON) -- -D warnings $(DIAGNOSE)

ci-summary-tool:
	cargo build --quiet --locked -p conduit-ci-summary

actionlint: ## The workflow files, with shellcheck on their run: scripts
	actionlint -shellcheck="$$(command -v shellcheck)"

# Advisories are not checked here: a new advisory against any dependency would turn every pull
# request red for a reason it did not cause. The nightly `advisories` job checks them.
deny: ## cargo deny check of bans, licences and sources, as deny.toml allows (what a change can break)
	cargo deny check bans licenses sources

advisories: ## cargo deny check advisories: the RustSec database (network), nightly in CI; report in the summary
	@mkdir -p target; status=0; \
	cargo deny --color never check advisories 2> target/advisories.log || status=$$?; \
	cat target/advisories.log >&2; \
	if ((status)); then \
	  $(if $(GITHUB_ACTIONS),echo "::error title=RustSec advisories::cargo deny check advisories failed: see the job summary";) \
	  { printf '### ❌ advisories: `cargo deny check advisories` failed\n\n```text\n'; \
	    head -n 200 target/advisories.log; \
	    printf '```\n\nFor each advisory: `cargo update -p CRATE`, or say in deny.toml why it does not apply' \
	    ' ([advisories] ignore, with a reason).\n\n'; } >> $(SUMMARY_FILE); \
	else printf '### ✅ advisories: none against our dependencies\n\n' >> $(SUMMARY_FILE); fi; \
	exit $$status

msrv: ## The declared rust-version builds everything (needs: rustup toolchain install $(MSRV))
	cargo +$(MSRV) check --workspace --all-targets --locked

coverage: ## Line coverage per crate under each test layer, one table: target/coverage/coverage.md
	cargo llvm-cov clean --workspace
	rm -rf $(COVERAGE_DIR) && mkdir -p $(COVERAGE_DIR)
	cargo llvm-cov nextest --no-report $(MEMBERS) --lib --bins
	$(MAKE) --no-print-directory coverage-report LAYER=unit
	cargo llvm-cov nextest --no-report $(MEMBERS) --test '*'
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

summary: ## Appends JOB's test reports (or why there is none) to the job summary; unit's include the UI's
	@status=0; \
	if [ '$(JOB)' = unit ] && [ -f $(UI_JUNIT) ]; then \
	  $(CI_SUMMARY) --append $(SUMMARY_FILE) tests --title ui-unit $(ANNOTATE) $(UI_JUNIT) || status=1; \
	fi; \
	if [ -f $(JUNIT) ]; then \
	  $(CI_SUMMARY) --append $(SUMMARY_FILE) tests --title $(JOB) $(ANNOTATE) \
	    --rerun-prefix '$(RERUN_PREFIX_$(JOB))' $(JUNIT) || status=1; \
	else \
	  printf '### ❌ %s: no test report\n\nThe job stopped before nextest wrote %s: a build error (listed above when there was one), a timeout or a cancelled run. The log says which.\n\n' \
	    '$(JOB)' '$(JUNIT)' >> $(SUMMARY_FILE); \
	  status=1; \
	fi; \
	exit $$status

ci: ## Every CI job in turn, all of them even after a failure; their summaries: target/ci-summary.md
	MSRV=$(MSRV) scripts/ci-jobs $(CI_JOBS)

msrv-toolchain: ## Installs the toolchain `make msrv` needs (Rust $(MSRV), minimal profile)
	rustup toolchain install $(MSRV) --profile minimal --no-self-update

# --- The bug catalogue (bugs/README.md; docs/testing.md, "Which layer catches which bug") ---
# `make bugs BUG=jwt-accepts-hs512` plants one bug; without BUG, the control run and every bug.
BUG ?=

.PHONY: bugs bugs-selftest

bugs: bugs-selftest ## Plants each bug of bugs/ in a scratch worktree, runs every layer: target/bugs/matrix.md
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) python3 scripts/bugs.py $(if $(BUG),--bug $(BUG))

bugs-selftest: ## The tests of the bug runner's own logic (scripts/test_bugs.py)
	python3 -m unittest discover -s scripts -p 'test_*.py'

# --- Mutation testing and flake hunt (docs/testing.md, "Mutation testing and properties") ---
# `make mutants MUTANTS_SCOPE="-p conduit-domain"` for one crate; MUTANTS_ARGS for anything else
# (CI adds `--in-place`, to build in its own checkout's warm target/, and `--shard K/N`).
MUTANTS_SCOPE ?= --workspace
MUTANTS_ARGS ?=
# `MUTANTS_TIME_LIMIT=20m`: cargo-mutants is interrupted then, and the report covers the mutants
# tested so far and says how many were left (cargo-mutants records each outcome as it goes).
# mutants-diff then fails only if a mutant tested by then was missed.
MUTANTS_TIME_LIMIT ?=
MUTANTS_OUT := target/mutants
MUTANTS = TEST_DATABASE_URL=$(TEST_DATABASE_URL) nice -n 10 \
  $(if $(MUTANTS_TIME_LIMIT),timeout --signal=INT --kill-after=2m $(MUTANTS_TIME_LIMIT)) cargo mutants
BASE ?= main
N ?= 20

.PHONY: mutants mutants-diff mutants-report flake

mutants: ## cargo-mutants with the PostgreSQL tests; score per crate + missed mutants in target/mutants/report.md
	mkdir -p $(MUTANTS_OUT)
	rm -rf $(MUTANTS_OUT)/mutants.out
	status=0; $(MUTANTS) $(MUTANTS_SCOPE) --output $(MUTANTS_OUT) $(MUTANTS_ARGS) \
	  -- --run-ignored all || status=$$?; \
	python3 scripts/mutants-report.py $(MUTANTS_OUT)/mutants.out > $(MUTANTS_OUT)/report.md; \
	cat $(MUTANTS_OUT)/report.md; exit $$status

mutants-diff: ## Only the mutants in this branch's diff against $(BASE); report in target/mutants/report.md
	mkdir -p $(MUTANTS_OUT)
	rm -rf $(MUTANTS_OUT)/mutants.out
	git diff $(BASE)... > $(MUTANTS_OUT)/branch.diff
	if ! grep -q '^+++ b/.*\.rs$$' $(MUTANTS_OUT)/branch.diff; then \
	  echo "No Rust changes against $(BASE): no mutants to test." | tee $(MUTANTS_OUT)/report.md; \
	else \
	  status=0; $(MUTANTS) --workspace --in-diff $(MUTANTS_OUT)/branch.diff --output $(MUTANTS_OUT) \
	    $(MUTANTS_ARGS) -- --run-ignored all || status=$$?; \
	  python3 scripts/mutants-report.py $(MUTANTS_OUT)/mutants.out > $(MUTANTS_OUT)/report.md; \
	  cat $(MUTANTS_OUT)/report.md; \
	  if [ $$status = 124 ]; then \
	    echo "::warning title=mutants-diff::stopped at the $(MUTANTS_TIME_LIMIT) limit: the report covers the mutants tested by then"; \
	    grep -qx '## Missed mutants (0)' $(MUTANTS_OUT)/report.md && status=0 || status=2; \
	  fi; \
	  exit $$status; \
	fi

# What CI's `if: always()` step runs, so that a run cut short (by MUTANTS_TIME_LIMIT or by the
# job's own limit) still leaves its report in the job summary. MUTANTS_DIRS: several output
# directories (the nightly shards) make one report.
MUTANTS_DIRS ?= $(MUTANTS_OUT)/mutants.out
mutants-report: ## The report of the last run (or of MUTANTS_DIRS), appended to the CI job summary too
	@mkdir -p $(MUTANTS_OUT)
	@if $(foreach dir,$(MUTANTS_DIRS),[ -f $(dir)/outcomes.json ] ||) false; then \
	  python3 scripts/mutants-report.py $(MUTANTS_DIRS) > $(MUTANTS_OUT)/report.md; \
	elif [ ! -f $(MUTANTS_OUT)/report.md ]; then \
	  printf '# Mutation testing report\n\nNo report: the job stopped before cargo-mutants tested a mutant (see the log).\n' \
	    > $(MUTANTS_OUT)/report.md; \
	fi
	@cat $(MUTANTS_OUT)/report.md
	@if [ -n "$${GITHUB_STEP_SUMMARY:-}" ]; then cat $(MUTANTS_OUT)/report.md >> "$$GITHUB_STEP_SUMMARY"; fi

flake: browser-check ## Every layer N times (N=20); lists each test that ever failed, with its output
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) scripts/with-browser python3 scripts/flake-hunt.py $(N)

.PHONY: ui-unit
# Node 20 or later also writes $(UI_JUNIT) for the job summary. In CI (PROFILE=ci) a missing
# node is a failure, not a skip.
ui-unit: ## The UI's logic (crates/server/ui-tests) with Node's built-in test runner; no npm
	@rm -f $(UI_JUNIT); \
	if ! command -v node >/dev/null; then \
	  echo "node not found: UI unit tests skipped"; [ '$(PROFILE)' != ci ]; \
	elif node -e 'process.exit(Number(Number(process.versions.node.split(".")[0]) < 20))'; then \
	  mkdir -p $(dir $(UI_JUNIT)); \
	  node --test --test-reporter=spec --test-reporter-destination=stdout \
	    --test-reporter=junit --test-reporter-destination=$(UI_JUNIT) crates/server/ui-tests/*.test.mjs; \
	else node --test crates/server/ui-tests/*.test.mjs; fi

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

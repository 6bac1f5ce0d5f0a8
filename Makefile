# The commands README.md names. Tools install themselves on first use (.ci/install-tools).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(HOME)/.cache/lumicello/tools/node_modules/.bin:$(HOME)/.cache/lumicello/tools/bin:$(PATH)

.PHONY: dev test release check-ops bench fuzz

## Run the app on the embedded SQLite file with a development identity: http://127.0.0.1:3000
dev:
	.ci/install-tools --build-only
	DEV_DEVICE=$${DEV_DEVICE:-dev-laptop} ADMIN_DEVICES=$${ADMIN_DEVICES:-dev-laptop} cargo leptos watch

## Every test: lint, unit, SQLite + PostgreSQL, HTTP, browser, release build, ops checks.
test:
	scripts/test

## The release build the image ships, into dist/.
release:
	.ci/install-tools --build-only
	scripts/build-release

check-ops:
	scripts/check-ops

## Benchmarks (on demand, not part of `make test`): recording vs pgbench; analytics at 10k/1M rows;
## admin browse and export at 1M rows; compare, heat map and milestone effects at 1M rows in 20 events.
bench:
	LEPTOS_OUTPUT_NAME=lumicello TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} cargo bench -p server --bench logging --bench analytics --bench admin --bench insights

## A long property/fuzz run (on demand; `make test` runs 256 cases of each).
fuzz:
	PROPTEST_CASES=$${PROPTEST_CASES:-20000} TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	  cargo test -p domain -p server --features app/ssr --test properties --test fuzz

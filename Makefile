# make run   — install what is missing, build, start Takt on SQLite at http://localhost:8080 with the demo plant
# make test  — install what is missing, build, run the unit tests (ctest) and the end-to-end suite (pytest)
# make check — clang-format and clang-tidy over the sources
PRESET ?= release
BUILD_DIR := build/$(PRESET)
TAKT := $(BUILD_DIR)/src/takt
PYTHON := /usr/bin/python3
JOBS ?= $(shell nproc)

.PHONY: deps configure build run test unit e2e check format bench-solver bench-api clean

deps:
	@scripts/install-deps

configure: deps
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET) >/dev/null

build: configure
	@PRESET=$(PRESET) scripts/build

run: build
	$(TAKT) serve --demo

unit: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

e2e: build
	TAKT_BINARY=$(abspath $(TAKT)) $(PYTHON) -m pytest tests/e2e -q

test: unit e2e

check: configure
	@scripts/check-style

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

bench-solver: build
	bench/solver-quality

bench-api: build
	bench/api-load

clean:
	rm -rf build

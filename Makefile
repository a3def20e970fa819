# SoomCare — the two commands a new developer needs: `make run` and `make test`.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
RUN_DB ?= sqlite:./var/soomcare.db
# ccache hits across clones and build folders (CI builds a fresh clone elsewhere).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: deps run build release debug test test-asan coverage bench api-examples clean

deps:
	@scripts/install-deps.sh

build/release/build.ninja: CMakeLists.txt
	cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOOM_WERROR=ON $(CMAKE_FLAGS)

build/debug/build.ninja: CMakeLists.txt
	cmake -S . -B build/debug -G Ninja -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)

release: deps build/release/build.ninja
	cmake --build build/release -j $(JOBS) --target soomcare

debug: deps build/debug/build.ninja
	cmake --build build/debug -j $(JOBS)

build: release

# Builds a Release binary, migrates the SQLite database under ./var and starts everything.
run: release
	@mkdir -p var
	./build/release/soomcare migrate --database.url "$(RUN_DB)"
	./build/release/soomcare seed content --dir content/articles --database.url "$(RUN_DB)"
	@echo ""
	@echo "  SoomCare is starting:"
	@echo "    API          http://127.0.0.1:8080   (docs: http://127.0.0.1:8080/docs)"
	@echo "    Back office  http://127.0.0.1:8081   (metrics: /metrics)"
	@echo "  Stop with Ctrl+C (graceful shutdown)."
	@echo ""
	exec ./build/release/soomcare serve --database.url "$(RUN_DB)"

# Debug build, then every unit and integration test on SQLite and on a throwaway PostgreSQL 15.
test: debug
	scripts/run-tests.sh build/debug

test-asan: deps
	cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSOOM_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build build/asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 scripts/run-tests.sh build/asan

coverage: deps
	cmake -S . -B build/coverage -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSOOM_COVERAGE=ON $(CMAKE_FLAGS)
	cmake --build build/coverage -j $(JOBS)
	find build/coverage -name '*.gcda' -delete
	scripts/run-tests.sh build/coverage
	# --gcov-ignore-parse-errors: gcovr 5.2 stops on the negative branch counts that gcov
	# reports when several processes updated one .gcda at once.
	set -o pipefail; gcovr -r . --object-directory build/coverage --filter 'src/' --exclude '.*_test\.cpp' \
	  --exclude 'src/db/testing/.*' --gcov-ignore-parse-errors \
	  --print-summary --html-details build/coverage/coverage.html | tail -n 3

bench: release
	bench/run.sh build/release

# Refreshes docs/api-examples.json from the responses captured by the last `make test`.
api-examples:
	python3 scripts/collect_api_examples.py build/debug/api-examples docs/api-examples.json

clean:
	rm -rf build

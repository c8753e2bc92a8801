# The two commands of the README: `make run` (build if needed, serve) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run build check test test-quick clean bench vendor

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

build: setup
	$(BIN)/cxkg build

check: setup
	$(BIN)/cxkg check

# Build the graph if there is none yet, then serve it on http://127.0.0.1:5000/
run: setup
	@test -d var/store || $(BIN)/cxkg build
	$(BIN)/cxkg serve

test: setup
	$(BIN)/python -m pytest -q

# The inner loop, under a minute: the tests not marked slow (see tests/conftest.py)
test-quick: setup
	$(BIN)/python -m pytest -q -m "not slow"

# The benchmark suite (about 30 min): writes BENCHMARKS.md and bench/results.json
bench: setup
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/cxkg bench

# The query editor's browser code (CodeMirror 6) from npm, pinned in package.json and
# package-lock.json, bundled into api/static/vendor/; and the accessibility tests' axe-core
# (a test tool, never served), copied into tests/vendor/. Both are committed, so only
# whoever upgrades them needs node and the network.
vendor:
	npm ci --no-audit --no-fund
	npm run build
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE node_modules/axe-core/LICENSE-3RD-PARTY.txt tests/vendor/

clean:
	rm -rf var/store var/store.new var/store.dumps $(VENV)

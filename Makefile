# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run build check test clean

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

run: build check
	$(BIN)/cxkg query --cq cq01

test: setup
	$(BIN)/python -m pytest -q

clean:
	rm -rf var/store var/store.new $(VENV)

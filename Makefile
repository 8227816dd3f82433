# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# `make test` also installs the Debian packages the tests need (.ci/apt-packages.txt).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install system-packages data schema-doc clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/nabb run

# LibreOffice and Chromium, which the report and template tests use (installed if missing).
system-packages:
	./.ci/install-packages

test: $(STAMP) system-packages
	$(BIN)/python -m pytest -q

# Rebuild the embedded default workbook from its CSV sources in data/default/.
data: $(STAMP)
	$(BIN)/python data/build_default.py

schema-doc: $(STAMP)
	$(BIN)/nabb schema-doc -o docs/schema.md

clean:
	rm -rf $(VENV) reports/*/ .pytest_cache

# `make run`: set up and extract data/raw into data/processed. `make test`: set up and run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/thaiplan extract data/raw --out data/processed

# pytest exits 5 when it collects no test; that must fail, as every other non-zero exit does.
test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data/processed/*.parquet

.PHONY: docs
docs: setup
	$(BIN)/python -m pipeline.docs README.md

# `make run`: set up and extract data/raw into data/processed. `make test`: set up and run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup sysdeps clean

setup: sysdeps $(STAMP)

# Debian packages listed in packages.apt, installed only when missing (needs root, as on CI).
APT_PACKAGES := $(shell sed -e 's/\#.*//' packages.apt)
sysdeps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

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
	rm -rf $(VENV) data/processed/*.parquet data/processed/tables

.PHONY: docs
docs: setup
	$(BIN)/python -m pipeline.docs README.md

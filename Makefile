# The two commands: `make run` (the demo, then the app) and `make test`.
# Both bootstrap .venv themselves on a fresh machine with only Python 3.11+, pip and make.

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
# This machine's pip configuration names local index folders that may not exist: drop pip's
# warnings about them, keep every other line (and pip's exit status, thanks to pipefail).
QUIET_PIP := { grep -v "is ignored: it is neither a file nor a directory" || true; }
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The real vLLM (CPU build) for the `vllm` tests lives in an environment of its own: its pins
# (openai>=2) conflict with ragas's (openai<2). The workbench talks to it over HTTP.
VLLM_VENV := .venv-vllm
VLLM_STAMP := $(VLLM_VENV)/.installed
VLLM_BIN := $(VLLM_VENV)/bin
PORT ?= 8501
PYTEST_ARGS ?=

.PHONY: install install-vllm run test bench clean

install: $(STAMP)

install-vllm: $(VLLM_STAMP)

$(VLLM_STAMP): scripts/install_vllm.sh
	PYTHON=$(PYTHON) scripts/install_vllm.sh $(VLLM_VENV)
	@touch $(VLLM_STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]' 2>&1 | $(QUIET_PIP)
	@touch $(STAMP)

run: install
	$(BIN)/workbench demo
	$(BIN)/workbench app --port $(PORT)

test: install install-vllm
	WORKBENCH_VLLM_PYTHON=$(CURDIR)/$(VLLM_BIN)/python $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install install-vllm
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(VLLM_VENV) .pytest_cache workbench.duckdb workbench.duckdb.wal workbench.duckdb.knock

# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus
DEV_SET ?= ../shared/eval/dev.jsonl
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup run test bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/tinhgon ingest --if-empty $(CORPUS)
	$(VENV)/bin/tinhgon serve --with-ui

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) -m eval.bench_retrieval

clean:
	rm -rf $(VENV) data .pytest_cache

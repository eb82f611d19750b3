# Two commands set everything up on a fresh machine:
#   make chat   - create .venv if needed and start the terminal chat
#   make test   - create .venv if needed and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: chat test ask validate lint bench clean help

help:
	@echo "make chat            start the terminal chat"
	@echo "make test            run the test suite (what CI runs)"
	@echo "make ask Q='...'     answer one question"
	@echo "make validate        check the bundled knowledge base"
	@echo "make bench           run the speed benchmarks (results in benchmarks/results/)"

# (Re)install when pyproject.toml changes; the stamp records the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

chat: $(STAMP)
	$(BIN)/bwc-bot chat

test: $(STAMP)
	$(BIN)/python -m pytest -q

ask: $(STAMP)
	@test -n "$(Q)" || { echo 'usage: make ask Q="how long should footage be kept?"'; exit 2; }
	$(BIN)/bwc-bot ask "$(Q)"

validate: $(STAMP)
	$(BIN)/bwc-bot validate --strict

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info

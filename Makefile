# Harbor's verbs. The two that matter: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
MODEL := models/harbor.tar.gz
RASA_DATA := data/nlu data/rules data/stories
TRAINING_INPUTS := config.yml domain.yml $(shell find $(RASA_DATA) bot/dialogue -name '*.yml' -o -name '*.py' 2>/dev/null)
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help run chat test test-python validate test-stories train lint eval-crisis bench clean lock

help:
	@echo "make run          set everything up and start Harbor (terminal chat, or Telegram with TELEGRAM_BOT_TOKEN)"
	@echo "make test         set everything up and run every test"
	@echo "make train        train the Rasa model (only when its data changed)"
	@echo "make chat         same as make run"
	@echo "make validate     rasa data validate"
	@echo "make eval-crisis  measure the crisis detector on the labelled sets"
	@echo "make bench        time the crisis detector"
	@echo "make lint         ruff and a secret scan"
	@echo "make clean        remove the virtual environment, models and var/"

$(INSTALLED): pyproject.toml constraints.txt
	@PY310=$$(scripts/find-python310) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$PY310"; $$PY310 -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0"
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $@

# Rasa trains only when its inputs changed (and reuses its cache for unchanged components).
$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	$(PY) -m rasa train --data $(RASA_DATA) --fixed-model-name harbor --out models
	@touch $@

train: $(MODEL)

run chat: $(INSTALLED) $(MODEL)
	@$(PY) -m bot.run

test: $(INSTALLED) $(MODEL) validate test-python test-stories

test-python: $(INSTALLED) $(MODEL)
	$(PY) -m pytest -q

validate: $(INSTALLED)
	$(PY) -m rasa data validate --data $(RASA_DATA) --domain domain.yml --config config.yml --fail-on-warnings

test-stories: $(INSTALLED) $(MODEL)
	$(PY) -m rasa test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out var/rasa-test-results

eval-crisis: $(INSTALLED)
	@for set in tests/data/crisis_eval.jsonl tests/data/crisis_holdout*.jsonl; do \
	  echo "== $$set"; $(PY) -m bot.safety.evaluation $$set || exit 1; done

bench: $(INSTALLED)
	@$(PY) -m bot.safety.bench

lint: $(INSTALLED)
	$(PY) -m ruff check bot actions tests
	@$(PY) scripts/secret_scan.py

lock: $(INSTALLED)
	@{ head -2 constraints.txt; $(PY) -m pip freeze --exclude-editable; } > constraints.new && mv constraints.new constraints.txt

clean:
	rm -rf $(VENV) models var .rasa results

# Harbor's verbs. The two that matter: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
MODEL := models/harbor.tar.gz
# The crisis detector's learned tier, trained from the labelled corpus (data/safety/learned_tier.yml).
DETECTOR_TIER := models/crisis-learned-tier.json
DETECTOR_TRAINING := data/safety/learned_tier.yml bot/safety/learned.py bot/safety/train_learned.py $(wildcard data/nlu/*.yml) \
  $(wildcard data/safety/corpus/*.jsonl) $(wildcard tests/data/crisis_eval.jsonl tests/data/crisis_holdout*.jsonl)
RASA_DATA := data/nlu data/rules data/stories
TRAINING_INPUTS := config.yml data/flows.yml $(shell find domain $(RASA_DATA) bot/dialogue bot/content/flows.py -name '*.yml' -o -name '*.py' 2>/dev/null)
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help run chat test test-python validate test-stories test-nlu train train-detector lint eval-crisis bench clean lock

help:
	@echo "make run          set everything up and start Harbor (terminal chat, or Telegram with TELEGRAM_BOT_TOKEN)"
	@echo "make test         set everything up and run every test"
	@echo "make train        train the Rasa model and the crisis detector's learned tier (when their data changed)"
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
	$(PY) -m rasa train --data $(RASA_DATA) --domain domain --fixed-model-name harbor --out models
	@touch $@

$(DETECTOR_TIER): $(INSTALLED) $(DETECTOR_TRAINING)
	$(PY) -m bot.safety.train_learned

train-detector: $(DETECTOR_TIER)

train: $(MODEL) $(DETECTOR_TIER)

run chat: $(INSTALLED) $(MODEL) $(DETECTOR_TIER)
	@$(PY) -m bot.run

test: $(INSTALLED) $(MODEL) $(DETECTOR_TIER) validate test-python test-stories test-nlu

test-python: $(INSTALLED) $(MODEL) $(DETECTOR_TIER)
	$(PY) -m pytest -q

validate: $(INSTALLED)
	$(PY) -m rasa data validate --data $(RASA_DATA) --domain domain --config config.yml --fail-on-warnings

test-stories: $(INSTALLED) $(MODEL)
	$(PY) -m rasa test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out var/rasa-test-results

# Intent classification on held-out phrasings nobody trained on (tests/nlu_holdout/): the
# weighted F1 is printed, and must stay at or above NLU_MIN_F1.
NLU_MIN_F1 := 0.80
test-nlu: $(INSTALLED) $(MODEL)
	@mkdir -p var
	$(PY) -m rasa test nlu --nlu tests/nlu_holdout --model $(MODEL) --out var/rasa-nlu-results > var/rasa-nlu-test.log 2>&1 || { tail -20 var/rasa-nlu-test.log; exit 1; }
	@$(PY) scripts/nlu_f1.py var/rasa-nlu-results/intent_report.json $(NLU_MIN_F1)

eval-crisis: $(INSTALLED) $(DETECTOR_TIER)
	@$(PY) -m bot.safety.scoreboard

bench: $(INSTALLED) $(DETECTOR_TIER)
	@$(PY) -m bot.safety.bench

lint: $(INSTALLED)
	$(PY) -m ruff check bot actions tests
	@$(PY) scripts/secret_scan.py

lock: $(INSTALLED)
	@{ head -2 constraints.txt; $(PY) -m pip freeze --exclude-editable; } > constraints.new && mv constraints.new constraints.txt

clean:
	rm -rf $(VENV) models var .rasa results

# Everything a new machine needs, from a clean checkout: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NOW    := 2026-11-20T18:00:00Z
JS     := tests/js

.PHONY: setup demo test lint fuzz bench corpus clean

$(BIN)/calsync: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

setup: $(BIN)/calsync

# The main job on the bundled samples: no server, no config of your own.
demo: setup
	@mkdir -p demo-out
	$(BIN)/calsync --config samples/config.toml sync samples/calendar.ics --now $(NOW) --dry-run
	$(BIN)/calsync --config samples/config.toml sync samples/calendar.ics --now $(NOW) -o demo-out/followups.ics
	@echo
	@echo "Wrote demo-out/followups.ics (import it into any calendar). One of its drafts:"
	@echo
	@$(BIN)/python -c "import icalendar; c = icalendar.Calendar.from_ical(open('demo-out/followups.ics','rb').read()); t = [x for x in c.walk('VTODO') if 'Dana' in str(x['SUMMARY'])][0]; print(t['SUMMARY']); print(); print(t['DESCRIPTION'])"

# Mozilla's ical.js (Thunderbird's parser) for tests/test_clients.py: needs Node.js and npm.
# CALSYNC_SKIP_NODE=1 skips it on a machine without Node.js; otherwise its absence fails the run.
$(JS)/node_modules/.package-lock.json: $(JS)/package-lock.json
	@if [ "$(CALSYNC_SKIP_NODE)" = 1 ]; then echo "CALSYNC_SKIP_NODE=1: ical.js not installed"; \
	else cd $(JS) && npm ci --no-audit --no-fund --ignore-scripts; fi

test: setup $(JS)/node_modules/.package-lock.json
	$(BIN)/ruff check calsync tests bench
	$(BIN)/python -m pytest -q

# Speed and memory against baselines measured in the same run (about 7 minutes; see bench/run.py).
bench: setup
	$(BIN)/python bench/run.py

# How well calsync reads the invite corpus (tests/data/invites/): a score per field.
corpus: setup
	$(BIN)/python tests/corpus.py

# Mutated calendars through the whole command, far longer than `make test` does (a few minutes).
FUZZ_EXAMPLES ?= 2000
fuzz: setup
	CALSYNC_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/test_fuzz.py

lint: setup
	$(BIN)/ruff check calsync tests
	$(BIN)/ruff format --check calsync tests

clean:
	rm -rf $(VENV) demo-out .pytest_cache .hypothesis *.egg-info $(JS)/node_modules

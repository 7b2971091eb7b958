# Everything a new machine needs, from a clean checkout: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NOW    := 2026-11-20T18:00:00Z

.PHONY: setup demo test lint fuzz clean

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

test: setup
	$(BIN)/ruff check calsync tests
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check calsync tests
	$(BIN)/ruff format --check calsync tests

clean:
	rm -rf $(VENV) demo-out .pytest_cache .hypothesis *.egg-info

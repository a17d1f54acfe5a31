# Puente: `make demo` serves the platform with demo data; `make test` runs every check.
# The first of the supported Pythons (3.11 to 3.13, pyproject's requires-python) found.
PYTHON ?= $(firstword $(foreach v,3.11 3.12 3.13,$(shell command -v python$(v) 2>/dev/null)) python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/puente
CHROMIUM ?= /usr/bin/chromium
export PUENTE_CHROMIUM := $(CHROMIUM)

.PHONY: demo test install lint format sqlite-tests postgres-tests serve messages translations bench clean openapi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==26.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e . --group test
	touch $@

install: $(VENV)/.installed translations

# .mo files are built from the .po files by Babel, so no GNU gettext is needed.
translations: $(VENV)/.installed
	@$(BIN)/puente compiletranslations --quiet

demo: install
	DEBUG=true $(BIN)/puente migrate --no-input --verbosity 0 --skip-checks
	DEBUG=true $(BIN)/puente load-demo --if-changed --skip-checks
	DEBUG=true $(BIN)/puente runserver --skip-checks 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install lint
	@bash scripts/test.sh

# Refresh the .po catalogs from the source (needs GNU gettext's xgettext): the staff
# interface's, then the public portal's in every portal language (docs/translations.md).
messages: $(VENV)/.installed
	cd puente && ../$(BIN)/puente makemessages --locale es --no-location --no-obsolete --ignore "*/tests/*" --ignore "500.html"
	$(BIN)/puente portalmessages

# The API's schema as served at /api/v1/openapi.json; a test fails when this file is stale.
openapi: $(VENV)/.installed
	$(BIN)/puente export_openapi_schema --api puente.api.api --output docs/openapi.json --indent 1 --sorted

bench: install
	@command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var

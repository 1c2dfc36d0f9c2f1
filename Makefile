# Informes: two commands for a newcomer.
#   make run    set up and serve http://127.0.0.1:8000 with demo data (SQLite)
#   make test   set up and run the whole test suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install install-test run test lint migrate demo lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.instalado: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e .
	touch $@

$(VENV)/.instalado-test: pyproject.toml requirements.lock $(VENV)/.instalado
	$(BIN)/pip install -q -c requirements.lock -e ".[test]"
	touch $@

node_modules/.instalado: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install:
	scripts/paquetes_sistema.sh run
	$(MAKE) $(VENV)/.instalado

install-test:
	scripts/paquetes_sistema.sh test
	$(MAKE) $(VENV)/.instalado-test node_modules/.instalado

migrate: install
	$(BIN)/python manage.py migrate --noinput

run: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py cargar_demo
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-test
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the pinned versions after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

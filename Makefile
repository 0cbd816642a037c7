# Luoshi: two commands do everything on a fresh machine.
#   make run   — install, migrate, load the seed documents as a demo, serve on 127.0.0.1:8000
#   make test  — install (with test tools and Debian's chromium) and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DOCS ?= ../shared/seeds
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# `make test` runs the suite in this many pytest-xdist processes (each with its own test database,
# live servers on free ports); whole files go to one process, so a module's shared fixture loads once.
TEST_WORKERS ?= 2
export DOCS

.PHONY: run test install install-test browser-deps pdf-font lint typecheck bench tick worker messages clean

# Pure modules are type-checked strictly: the extraction pipeline, the calendar, every rules.py.
STRICT_TYPED := luoshi/documents/extraction luoshi/core/workdays.py $(wildcard luoshi/*/rules.py) \
	luoshi/core/units.py luoshi/core/periods.py luoshi/core/uploads.py luoshi/core/kept_uploads.py luoshi/ledger/linking
# The whole tree is type-checked too, with the django-stubs plugin (it imports config.settings, which
# read var/secret_key). The strict run keeps its own cache: one cache for both would be rebuilt each run.
TYPECHECK := $(BIN)/mypy --strict --cache-dir .mypy_cache/strict $(STRICT_TYPED) && $(BIN)/mypy luoshi config

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Where the laptop install keeps its database, files and key (settings read LUOSHI_VAR_DIR too).
VAR_DIR := $(or $(LUOSHI_VAR_DIR),var)

$(VENV)/.installed: pyproject.toml | $(BIN)/python $(VAR_DIR)/secret_key
	$(BIN)/pip install --quiet -e .
	touch $@

# With DEBUG off Luoshi needs a SECRET_KEY; a laptop install keeps a random one here (production
# sets SECRET_KEY in the environment, see docs/deploy.md).
$(VAR_DIR)/secret_key:
	mkdir -p $(VAR_DIR)
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python $(VAR_DIR)/secret_key
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser-deps

# Browser tests drive Debian's chromium (never a downloaded browser); LibreOffice checks exports;
# poppler (pdftoppm, pdftotext) checks that briefing PDFs show their Chinese text.
browser-deps: pdf-font
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v soffice >/dev/null \
	  && command -v pdftotext >/dev/null || { \
	  echo "Installing Debian chromium, chromedriver, LibreOffice, poppler and CJK fonts…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    chromium chromium-driver libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils >/dev/null; }

# Briefing PDFs embed a CJK TrueType font: WenQuanYi Zen Hei (GPL-2.0 with font embedding exception).
PDF_FONT_FILE ?= /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
pdf-font:
	@[ -n "$$LUOSHI_PDF_FONT" ] || [ -f "$(PDF_FONT_FILE)" ] || { \
	  echo "Installing the Debian font fonts-wqy-zenhei for briefing PDFs…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    fonts-wqy-zenhei >/dev/null; }

run: install pdf-font
	$(BIN)/luoshi demo --docs "$(DOCS)"
	$(BIN)/luoshi collectstatic --noinput --verbosity 0
	@echo "落实 Luoshi: http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@# One queue worker (jobs, the hourly tick) beside the web server; both stop together.
	$(BIN)/luoshi worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --error-logfile -

test: install-test
	$(BIN)/ruff check luoshi config bench
	$(TYPECHECK)
	$(BIN)/luoshi makemigrations --check --dry-run --verbosity 0 || { echo "Missing migrations: run 'luoshi makemigrations'"; exit 1; }
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check luoshi config bench

typecheck: install-test
	$(TYPECHECK)

bench: install
	$(BIN)/python bench/bench_extraction.py
	$(BIN)/python bench/bench_excel_import.py
	@echo "Dashboard (PostgreSQL): DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench $(BIN)/python bench/bench_dashboard.py"

# Scheduled work: run from cron or a systemd timer (idempotent; see docs/deploy.md).
tick: install
	$(BIN)/luoshi tick

# The task queue's consumer (background jobs, the hourly tick) for multi-process deployments.
worker: install
	$(BIN)/luoshi worker

# Refresh the English catalogue after changing interface strings, then translate and compile.
messages: install
	cd luoshi && ../$(BIN)/luoshi makemessages -l en --no-obsolete --ignore=locale
	$(BIN)/luoshi compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var/static

# eaf: two commands on a fresh machine.
#   make build   installs what is missing, then runs the main job on models/
#   make test    installs the dev tools, then lint, types, layers and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EAF    := $(BIN)/eaf
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help build test serve bench system-deps browser-deps clean distclean

help:
	@echo "make build   install what is missing (venv, Python deps, Graphviz), validate models/,"
	@echo "             check the JSON Schemas and write build/model.json"
	@echo "make test    install the dev tools, then lint, type checks and the whole test suite"
	@echo "make serve   preview the docs site (arrives with the site)"
	@echo "make bench   run the validation benchmark (benchmarks/)"
	@echo "make clean   remove build/"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Graphviz's dot (diagrams) and a font with Vietnamese glyphs: installed with apt-get when
# missing and we are root; otherwise say how.
system-deps:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Graphviz with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends graphviz fonts-noto-core >/dev/null; \
	  else \
	    echo "Graphviz 'dot' is missing: install it with 'sudo apt-get install graphviz' (Debian/Ubuntu) or 'brew install graphviz' (macOS)"; \
	    exit 1; \
	  fi; \
	fi

# Chromium for the browser tests of the site; without it those tests are skipped.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Chromium with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: browser tests will be skipped (install with 'sudo apt-get install chromium')"; \
	  fi; \
	fi

build: $(STAMP) system-deps
	$(EAF) schema --check
	$(EAF) build

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q

serve: $(STAMP)
	@echo "the site preview arrives with the docs site (issue 6); nothing to serve yet"
	@exit 1

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV) *.egg-info

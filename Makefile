# eaf: two commands on a fresh machine.
#   make build   installs what is missing, then runs the main job on models/
#   make test    installs the dev tools, then lint, types, layers and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EAF    := $(BIN)/eaf
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

# apt-get waits up to 10 minutes for a dpkg lock that another apt-get holds instead of failing.
APT_GET     := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600
APT_INSTALL := $(APT_GET) install -y -qq --no-install-recommends

# The export checkers the tests run (likec4, mmdc, mxgraph; tests/tools/package.json), installed
# with npm into a cache folder outside the repository, once per version of the lock file.
TOOLS       ?= $(or $(EAF_TOOLS),$(HOME)/.cache/eaf-tools)
TOOLS_LOCK  := tests/tools/package-lock.json
TOOLS_STAMP := $(TOOLS)/.installed-$(shell cat $(TOOLS_LOCK) 2>/dev/null | cksum | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help build test serve bench system-deps browser-deps office-deps tools clean distclean

help:
	@echo "make build   install what is missing (venv, Python deps, Graphviz), validate models/,"
	@echo "             check the JSON Schemas, write build/model.json and build/gaps, draw the"
	@echo "             diagrams and build the site into build/site"
	@echo "make test    install the dev tools, then lint, type checks and the whole test suite"
	@echo "make serve   preview the docs site with live reload (http://127.0.0.1:8000)"
	@echo "make bench   run the validation benchmark (benchmarks/)"
	@echo "make tools   install the export checkers (likec4, mmdc, mxgraph) into $(TOOLS)"
	@echo "make clean   remove build/"

# `make build` installs eaf and what it runs on; `make test` adds the test and lint tools.
$(STAMP): pyproject.toml setup.py eaf/load/_compose.c
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

$(DEVSTAMP): $(STAMP)
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(DEVSTAMP)

# Graphviz's dot (diagrams) and a font with Vietnamese glyphs: installed with apt-get when
# missing and we are root; otherwise say how.
system-deps:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Graphviz with apt-get"; \
	    $(APT_GET) update -qq && $(APT_INSTALL) graphviz fonts-noto-core >/dev/null && dot -V; \
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
	    $(APT_GET) update -qq && $(APT_INSTALL) chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: the browser tests will be skipped (install it with 'sudo apt-get install chromium')"; \
	  fi; \
	fi

# LibreOffice (Calc, headless) for the test that opens the XLSX export; skipped without it.
office-deps:
	@if ! command -v soffice >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing LibreOffice Calc with apt-get"; \
	    $(APT_GET) update -qq && $(APT_INSTALL) libreoffice-calc-nogui >/dev/null; \
	  else \
	    echo "LibreOffice is missing: the XLSX test will be skipped (install it with 'sudo apt-get install libreoffice-calc-nogui')"; \
	  fi; \
	fi

# npm packages pinned by tests/tools/package-lock.json; Chromium is the system's (no download).
tools: $(TOOLS_STAMP)

$(TOOLS_STAMP): $(TOOLS_LOCK) tests/tools/package.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm is missing: the likec4, mmdc and draw.io tests will be skipped (install Node.js >= 20.19 and npm)"; \
	  exit 0; \
	fi; \
	node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
	  || { echo "Node.js $$(node --version) is too old for likec4: install Node.js >= 20.19"; exit 1; }; \
	echo "installing the export checkers into $(TOOLS)"; \
	mkdir -p $(TOOLS) && cp tests/tools/package.json $(TOOLS_LOCK) $(TOOLS)/ && \
	cd $(TOOLS) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-fund --no-audit --loglevel=error >/dev/null && \
	rm -f $(TOOLS)/.installed-* && touch $(TOOLS_STAMP)

build: $(STAMP) system-deps
	$(EAF) schema --check
	$(EAF) build

test: $(DEVSTAMP) system-deps browser-deps office-deps tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	EAF_TOOLS=$(TOOLS) $(BIN)/pytest -q -n auto --maxprocesses 4

serve: $(STAMP) system-deps
	$(EAF) site serve

bench: $(DEVSTAMP)
	$(BIN)/python benchmarks/bench_validate.py

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV) *.egg-info

# Two commands matter:  `make lab`  (open the course)  and  `make test`  (run every test).
# Everything else is a helper they share. Run `make help` for the list.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NB     ?= notebooks/01_friendship_vs_therapy.ipynb
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
CHROMIUM  ?= /usr/bin/chromium

.PHONY: help setup lab present test unit nbval browser validate outputs check-outputs new-notebook bench clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed; run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP)  ## create .venv with the pinned packages and the course package

lab: setup  ## open the course in JupyterLab (127.0.0.1, token in the printed URL)
	$(BIN)/jupyter lab --ip 127.0.0.1 --no-browser $(ROOT_FLAG) --ServerApp.root_dir=notebooks \
	  --LabApp.default_url=/lab/tree/00_start_here.ipynb

present: setup  ## present a notebook in class, code hidden: make present NB=notebooks/01_...ipynb
	@# A scratch answer store: the projector never shows (or keeps) the presenter's own answers.
	THERAPY_BOUNDARIES_ANSWERS=$$(mktemp -d)/answers.json \
	$(BIN)/voila $(NB) --Voila.ip=127.0.0.1 --token --no-browser \
	  --MappingKernelManager.cull_idle_timeout=900 --MappingKernelManager.cull_interval=60

test: setup  ## every test: data, unit, widgets, strict nbval, real browser (Chromium)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider -q -rs

unit: setup  ## only the fast tests (no notebooks, no browser)
	$(BIN)/python -m pytest tests -m "not browser" -q

nbval: setup  ## only strict nbval over the notebooks
	$(BIN)/python -m pytest notebooks --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -q

browser: setup  ## only the real-browser tests
	$(BIN)/python -m pytest tests -m browser -q -rs

validate: setup  ## check the CSV files in data/ after editing them
	$(BIN)/therapy-boundaries-validate

outputs: setup  ## re-run every notebook in a fresh kernel and store normalized outputs
	$(BIN)/python -m therapy_boundaries.devtools.outputs

check-outputs: setup  ## fail if a stored notebook is not normalized or not run top to bottom
	$(BIN)/python -m therapy_boundaries.devtools.outputs --check

new-notebook: setup  ## start a notebook and its guide from the template: make new-notebook NUMBER=07 TITLE="..."
	$(BIN)/python -m therapy_boundaries.devtools.new_notebook "$(NUMBER)" "$(TITLE)"

bench: setup  ## cost of the course against bare pandas+ipywidgets, as ratios
	$(BIN)/python -m therapy_boundaries.devtools.bench

clean:  ## remove the virtual environment
	rm -rf $(VENV)

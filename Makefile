# The two commands of README.md: `make run` and `make test`. Both create .venv and install what they need.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8501
HOST    ?= 127.0.0.1

.PHONY: run test test-lint test-fast test-postgres test-browser test-reliability lint bench venv lock

# Installs exactly what requirements/*.txt lock (every file checked against its sha256), then the
# project itself without resolving anything. Update the locks as README says ("Dependencies").
$(VENV)/.run-installed: requirements/run.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/run.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(STAMP): requirements/test.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.run-installed

venv: $(STAMP)

run: $(VENV)/.run-installed
	$(BIN)/cdm-quality db upgrade
	$(BIN)/cdm-quality demo --if-empty
	$(BIN)/uvicorn cdm_quality.ui.server:app --host $(HOST) --port $(PORT)

# The whole suite, in parts (tests/parts.py): lint+types, fast (SQLite, no browser), postgres
# (the PostgreSQL copies; skipped without CDM_QUALITY_TEST_POSTGRES_URL), browser, reliability;
# then the time each part took. `make test-fast` etc. run one part.
test: $(STAMP)
	$(BIN)/python tests/parts.py -- $(PYTEST_ARGS)

test-lint: $(STAMP)
	$(BIN)/python tests/parts.py lint+types

test-fast test-postgres test-browser test-reliability: $(STAMP)
	$(BIN)/python tests/parts.py $(@:test-%=%) -- $(PYTEST_ARGS)

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

# Re-resolve the lock files from pyproject.toml (newest versions allowed by its bounds); needs uv
# (`python3 -m pip install uv`). Read the diff, run `make test`, commit the lock files.
lock:
	for f in run test; do \
	  uv pip compile pyproject.toml requirements/build.in $$( [ $$f = test ] && echo --extra test ) \
	    --universal --python-version 3.11 --generate-hashes --quiet -o requirements/$$f.txt || exit 1; \
	done

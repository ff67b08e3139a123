# The two set-up commands of the README: `make demo` and `make test`. Both build the virtualenv
# from pyproject.toml first (once, again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test venv bench-quality clean

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/ppd demo

# Integration tests start the real Kafka and Elasticsearch (deploy/local/services up) themselves;
# whatever this run started is stopped again at the end, quietly, so pytest's summary ends the output.
test: $(STAMP)
	@if deploy/local/services status >/dev/null 2>&1; then was_up=yes; else was_up=no; fi; \
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ "$$was_up" = no ]; then deploy/local/services down >/dev/null 2>&1 || true; fi; \
	exit $$rc

bench-quality: $(STAMP)
	$(VENV)/bin/python bench/quality.py --write

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

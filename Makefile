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

test: $(STAMP)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

bench-quality: $(STAMP)
	$(VENV)/bin/python bench/quality.py --write

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

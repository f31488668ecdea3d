# make test / make quickstart bootstrap the environment in .venv/ first when it is missing.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: env test quickstart

env:
	@VENV=$(VENV) bash tools/bootstrap.sh

test: env
	$(PYTHON) -m pytest tests $(PYTEST_ARGS)

quickstart: env
	@PYTHON=$(PYTHON) bash tools/quickstart.sh

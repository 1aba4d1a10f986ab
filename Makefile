# Two entry points do all the set-up on a fresh machine:
#   make demo   convert the bundled fixtures to JSON, Markdown and WXR under out/
#   make test   lint, type-check and run the whole test suite
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: setup demo test lint typecheck pytest system-tools clean

# setup.py compiles the hot path with mypyc, and the tree walk with Cython: a changed source is
# built again. The bytecode of the other modules is compiled too, as pip does for an installed
# package: where PYTHONDONTWRITEBYTECODE is set, every run would compile them again (~50 ms).
$(BIN)/.installed: pyproject.toml setup.py $(shell find blogmigrate -name '*.py' -o -name '*.pyx')
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q blogmigrate
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/blogmigrate convert fixtures/pages --to json -o out/blog.json --force --report out/report.json
	$(BIN)/blogmigrate convert fixtures/pages --to markdown -o out/markdown --force
	$(BIN)/blogmigrate convert fixtures/pages --to wxr -o out/blog.wxr --force
	@echo "Done: out/blog.json, out/markdown/, out/blog.wxr (report: out/report.json)"

system-tools:
	bash scripts/install-system-tools.sh

lint: setup
	$(BIN)/ruff check blogmigrate tests bench
	$(BIN)/ruff format --check blogmigrate tests bench

typecheck: setup
	$(BIN)/mypy

pytest: setup system-tools
	$(BIN)/pytest
	BLOGMIGRATE_PURE_PYTHON=1 $(BIN)/pytest -m spies

test: lint typecheck pytest

clean:
	rm -rf out .mypy_cache .ruff_cache .pytest_cache

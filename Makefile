# newscrawl: `make demo` runs the crawler on the embedded offline mirror, `make test` the tests.
# Both create a local virtualenv (.venv) on first use; only Python 3.11+, make and pip needed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench crawl clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newscrawl demo

test: $(STAMP)
	$(BIN)/ruff check newscrawl tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check newscrawl tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/extract.py

# The live site, politely: `make crawl ARGS="-a sections=tin-tuc -a max_pages=2"`.
crawl: $(STAMP)
	$(BIN)/scrapy crawl baodantoc $(ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

# Shortcuts for the scripts; the scripts are the source of truth.
.PHONY: setup demo test lint bench

setup:
	bash scripts/setup.sh

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

bench:
	bash scripts/bench.sh --json bench/results/startup.json

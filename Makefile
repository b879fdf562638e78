# Shortcuts for the scripts; the scripts are the source of truth.
.PHONY: setup demo test lint bench bench-quick bench-startup

setup:
	bash scripts/setup.sh

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

# Startup figures, then the kernel suite against Numba, CPython and C; regenerates
# docs/benchmarks/ (report.md and the plots). About five minutes; bench-quick: a minute or two.
bench:
	bash scripts/bench.sh

bench-quick:
	bash scripts/bench.sh --quick

# Import time, first-compile time and call overhead only (bench/startup.py).
bench-startup:
	bash scripts/bench.sh --startup-only

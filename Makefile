# The project's everyday commands. `make demo` and `make test` are the README's two commands.
.PHONY: setup demo demo-fresh test lint unit soak bench audit pip-audit clean

setup:
	./scripts/setup.sh

demo: setup
	./scripts/demo.sh

# The demo from a new bundle (`make demo` keeps the data and what people did in it).
demo-fresh: setup
	DEMO_FRESH=1 ./scripts/demo.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy robot fake_systems tests

# Two test processes: the end-to-end tests wait on browsers and servers much of the time.
test: setup lint audit
	.venv/bin/pytest -m "not soak" -q -n 2

soak: setup
	.venv/bin/pytest -m soak -q

bench: setup
	.venv/bin/python tests/benchmarks/bench_decide.py
	.venv/bin/python -m tests.benchmarks.bench_load
	.venv/bin/python -m tests.benchmarks.bench_robot --invoices 1000
	.venv/bin/python -m tests.benchmarks.bench_processes

# Known vulnerabilities in the pinned dependencies, from PyPI's vulnerability data (part of
# `make test`). Where OSV and PyPI's per-release pages answer, `make pip-audit` asks them too.
audit: setup
	.venv/bin/python scripts/audit_pins.py constraints.txt

pip-audit: setup
	.venv/bin/pip-audit -r constraints.txt --no-deps --disable-pip

clean:
	rm -rf demo data runs .pytest_cache .mypy_cache .ruff_cache

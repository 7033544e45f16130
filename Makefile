# The project's everyday commands. `make demo` and `make test` are the README's two commands.
.PHONY: setup demo test lint unit soak bench clean

setup:
	./scripts/setup.sh

demo: setup
	./scripts/demo.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy robot fake_systems

test: setup lint
	.venv/bin/pytest -m "not soak" -q

soak: setup
	.venv/bin/pytest -m soak -q

bench: setup
	.venv/bin/python tests/benchmarks/bench_decide.py
	.venv/bin/python tests/benchmarks/bench_load.py

clean:
	rm -rf demo data runs .pytest_cache .mypy_cache .ruff_cache

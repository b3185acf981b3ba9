# The two commands of the README: `make test` and `make train`. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FASHION_MNIST_DIR := /usr/share/datasets/fashion-mnist

.PHONY: install test lint train bench dataset clean

install: $(STAMP) dataset

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[reference,dev]'
	touch $(STAMP)

# Fashion-MNIST from Debian's package when it is missing; never fails the install.
dataset:
	@if ls $(FASHION_MNIST_DIR)/train-images-idx3-ubyte* >/dev/null 2>&1; then \
		echo "Fashion-MNIST: found in $(FASHION_MNIST_DIR)"; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Fashion-MNIST: installing Debian's dataset-fashion-mnist"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null) \
		|| echo "Fashion-MNIST: apt-get failed; the data sets will look for the files elsewhere (see README)"; \
	else \
		echo "Fashion-MNIST: not found. On Debian/Ubuntu run 'sudo apt-get install dataset-fashion-mnist';"; \
		echo "elsewhere put the four IDX .gz files in ./data/FashionMNIST/raw/ or pass download=True."; \
	fi

# The linter first (seconds; its rules are pyproject's [tool.ruff]), then the suite on both cores.
test: install lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

# The main job: the guide's feed-forward net with Adam on Fashion-MNIST (about 10 s an epoch on 2 cores).
train: install
	$(BIN)/python -m minitorch_es train --model mlp --optimizer adam --lr 1e-3 --epochs 10 --out runs/latest

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info

"""The layers of ARCHITECTURE.md, kept by parsing every import of the package: data flows one way, from the kernels
up to the training program.

A module may import, when it is loaded, only modules of its own layer or below, and never across the sibling rules
(optim and utils.data do not know nn's layers; nn reaches the kernels through the ops). A function may look up, when
it runs, only what ``RUN_TIME_REFERENCES`` lists, each with its reason. Nothing in the package imports torch or
reference when it is loaded. Imports under ``if TYPE_CHECKING:`` are annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "minitorch_es"

# The first part of a module's name below minitorch_es -> its layer (ARCHITECTURE.md draws them).
LAYERS = {
    "dtypes": 0, "device": 0, "size": 0, "random": 0, "formatting": 0, "cuda": 0, "tuning": 0,
    "kernels": 1,
    "autograd": 2,
    "ops": 3,
    "tensor": 4, "tensor_methods": 4, "creation": 4, "linalg": 4, "serialization": 4,
    "nn": 5, "optim": 5, "utils": 5, "func": 5,
    "vision": 6,
    "training": 7,
    "__init__": 8, "__main__": 8,
}
# Imports the layers allow but the house does not: (importing part, imported part) -> why not.
FORBIDDEN = {
    ("optim", "nn"): "an optimizer knows Parameters (tensors), not layers",
    ("utils", "nn"): "data loading knows tensors, not layers",
    ("utils", "optim"): "data loading knows tensors, not optimizers",
    ("nn", "optim"): "layers do not know how they are trained",
    ("nn", "kernels"): "nn reaches the kernels through the ops",
    ("tensor", "kernels"): "Tensor reaches the kernels through the ops",
    ("autograd", "kernels"): "the engine runs Functions, never kernels",
    ("kernels", "dtypes"): "kernels are pure array functions: NumPy and Numba only",
    ("kernels", "device"): "kernels are pure array functions: NumPy and Numba only",
    ("kernels", "size"): "kernels are pure array functions: NumPy and Numba only",
    ("kernels", "random"): "kernels are pure array functions: NumPy and Numba only",
}
# Upward references looked up when a function runs (a module-level import would be circular) -> why.
RUN_TIME_REFERENCES = {
    ("ops", "tensor"): "tensor.py imports the ops (its operators call them); the ops wrap results in Tensor",
    ("autograd", "tensor"): "Function.apply wraps its output in a Tensor, whose backward calls the engine",
    ("autograd", "ops"): "the functional API, gradcheck and batched grad stack and reshape gradients with the ops, "
                         "as PyTorch's torch.autograd.functional does",
    ("serialization", "nn"): "loading a file rebuilds the Parameters it holds",
}
RUN_TIME_OUTSIDE = {
    ("training", "reference"): "--backend torch runs the same loop on PyTorch (reference/), only when asked",
    ("training", "torch"): "--backend torch and checkpoints of PyTorch models",
    ("serialization", "torch"): "reading a file that torch.save wrote, when PyTorch is installed",
}


def _part(module: str) -> str:
    """The layer key of a dotted module name below minitorch_es."""
    return module.split(".")[1] if module.count(".") else "__init__"


def _modules():
    """(path, dotted name, the package its relative imports start from) of every module of the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        package = parts[:-1]  # for a/b/c.py and for a/b/__init__.py alike: a.b
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield path, name, package


def _type_checking_lines(tree: ast.AST) -> set:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                if hasattr(child, "lineno"):
                    lines.add(child.lineno)
    return lines


def _imports(path: Path, package: list):
    """(imported module, loaded with the module (True) or when a function runs (False), line) for each import."""
    tree = ast.parse(path.read_text())
    skipped = _type_checking_lines(tree)
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or node.lineno in skipped:
            continue
        at_load = id(node) in top_level
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, at_load, node.lineno
            continue
        if node.level:
            base = package[:len(package) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module
        names = [module] if node.module or not node.level else [f"{module}.{alias.name}" for alias in node.names]
        for name in names:
            yield name, at_load, node.lineno


def _violations():
    for path, name, package in _modules():
        source = _part(name)
        for imported, at_load, line in _imports(path, package):
            where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {imported}"
            top = imported.split(".")[0]
            if top in ("torch", "torchvision", "reference"):
                if at_load or (source, top) not in RUN_TIME_OUTSIDE:
                    yield f"{where}: the package never loads PyTorch or reference with itself"
                continue
            if top != "minitorch_es" or imported == "minitorch_es":
                continue
            target = _part(imported)
            if target == source:
                continue
            if (source, target) in FORBIDDEN:
                yield f"{where}: {FORBIDDEN[(source, target)]}"
            elif LAYERS[target] > LAYERS[source] and (at_load or (source, target) not in RUN_TIME_REFERENCES):
                yield (f"{where}: layer {LAYERS[source]} ({source}) "
                       f"may not reach up to layer {LAYERS[target]} ({target})")


def test_every_module_has_a_layer():
    unknown = sorted({_part(name) for _, name, _ in _modules()} - set(LAYERS))
    assert not unknown, f"add these to LAYERS (and to ARCHITECTURE.md): {unknown}"


def test_imports_follow_the_layers():
    violations = list(_violations())
    assert not violations, "\n".join(violations)


def test_the_parser_sees_the_imports_it_checks():
    """The check is not vacuous: it finds the package's own imports, loaded and run-time ones."""
    found = {(name, imported, at_load) for path, name, package in _modules()
             for imported, at_load, _ in _imports(path, package)}
    assert ("minitorch_es.ops.arithmetic", "minitorch_es.autograd.function", True) in found
    assert ("minitorch_es.ops.operands", "minitorch_es.tensor", False) in found
    assert ("minitorch_es.tensor", "minitorch_es.ops", True) in found


@pytest.mark.parametrize("rule", sorted(FORBIDDEN))
def test_each_forbidden_pair_is_a_pair_of_layers(rule):
    assert rule[0] in LAYERS and rule[1] in LAYERS


# One concept per file, under ~400 lines (STYLE.md); the core Tensor has a little more room.
MOST_LINES = 400
MOST_LINES_FOR = {"minitorch_es/tensor.py": 450}


def test_every_file_holds_one_concept_of_readable_size():
    root = PACKAGE.parent
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = str(path.relative_to(root))
        lines = len(path.read_text().splitlines())
        if lines > MOST_LINES_FOR.get(name, MOST_LINES):
            too_long.append(f"{name}: {lines} lines (at most {MOST_LINES_FOR.get(name, MOST_LINES)})")
    assert not too_long, "split these by concept:\n" + "\n".join(too_long)


def test_both_array_namespaces_have_the_same_names():
    """A backward formula runs on either namespace (ops/array_namespace.py): a name in one only would fail in
    one mode alone."""
    from minitorch_es.ops import numpy_namespace, tensor_namespace

    def public(module):
        return {name for name in vars(module) if not name.startswith("_") and name not in ("annotations", "np",
                                                                                           "dtypes")}

    tensor_names = public(tensor_namespace) - {"arithmetic", "comparison", "einsum_ops", "exp_log", "indexing",
                                                "joining", "padding", "piecewise", "reductions", "rounding", "scans",
                                                "special", "trigonometric", "views"}
    assert public(numpy_namespace) == tensor_names

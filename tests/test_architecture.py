"""The one-way house: nabb's imports point down the layers, and no module imports itself back.

Read from the source with ``ast`` (imports inside functions count too), so a cycle cannot hide
behind a function-level import.  The layers, lowest first::

    vocabulary -> io -> inputs -> model -> solve -> results -> analysis -> reports -> pipeline -> cli

A module may import its own layer and the layers below it, never one above; the failure names
the offending edge.  Each package's ``__init__`` says what lives there and what it may import.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "nabb"

#: layer name -> module prefixes (a prefix covers the module and everything below it;
#: "nabb" itself is the package root only)
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("vocabulary", ("nabb", "nabb.errors", "nabb.schema", "nabb.defaults", "nabb.inputs",
                    "nabb.units",
                    # report languages: texts and number notation, needed by every layer above
                    "nabb.i18n")),
    ("io", ("nabb.io",)),
    ("inputs", ("nabb.guard", "nabb.scenarios", "nabb.synthetic")),
    ("model", ("nabb.model",)),
    ("solve", ("nabb.solve",)),
    ("results", ("nabb.results", "nabb.kpis", "nabb.run")),
    ("analysis", ("nabb.explain", "nabb.compare", "nabb.sweep", "nabb.uncertainty",
                  "nabb.capacity")),
    ("reports", ("nabb.reports",)),
    ("pipeline", ("nabb.pipeline",)),
    ("cli", ("nabb.cli", "nabb.__main__", "nabb.portal")),
]
MAX_LINES = 800


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _owner(name: str, known: dict[str, Path]) -> str:
    """The module an imported name lives in (``nabb.io.cells.write_cell`` -> ``nabb.io.cells``)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def imports(module: str, path: Path, known: dict[str, Path]) -> dict[str, int]:
    """nabb modules imported by ``module`` (anywhere in it), with the line of the first import."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # ``from pkg import x`` runs pkg's __init__ first, so it imports pkg (but for the
            # root "nabb", whose __init__ holds only the version) as well as the module pkg.x
            names = ([origin] if origin != "nabb" else []) + [
                f"{origin}.{a.name}" if f"{origin}.{a.name}" in known else origin
                for a in node.names]
        for name in names:
            if name == "nabb" or name.startswith("nabb."):
                target = _owner(name, known)
                if target and target != module:
                    found.setdefault(target, node.lineno)
    return found


def layer_of(module: str) -> int:
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            hit = module == prefix or (prefix != "nabb" and module.startswith(prefix + "."))
            if hit and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    if best is None:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in {__file__}")
    return best


@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, int]]:
    known = modules()
    return {m: imports(m, p, known) for m, p in known.items()}


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_module_has_a_layer(graph):
    for module in graph:
        layer_of(module)


def test_no_import_cycles(graph):
    found = cycles(graph)
    described = []
    for component in found:
        members = set(component)
        edges = [f"{a} -> {b} (line {graph[a][b]})" for a in component for b in graph[a]
                 if b in members]
        described.append("cycle among " + ", ".join(component) + ": " + "; ".join(edges))
    assert not found, "\n".join(described)


def test_imports_point_down_the_layers(graph):
    wrong = [f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]}) at line "
             f"{line} of {modules()[a].relative_to(PACKAGE.parent)}"
             for a, targets in sorted(graph.items()) for b, line in sorted(targets.items())
             if layer_of(b) > layer_of(a)]
    assert not wrong, "imports that point up the layers:\n" + "\n".join(wrong)


def test_no_module_is_longer_than_the_limit():
    long = [f"{p.relative_to(PACKAGE.parent)}: {n} lines" for p in sorted(PACKAGE.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, f"modules over {MAX_LINES} lines:\n" + "\n".join(long)


def test_every_package_says_what_lives_there():
    silent = [str(p.relative_to(PACKAGE.parent)) for p in sorted(PACKAGE.rglob("__init__.py"))
              if "migrations" not in p.parts
              and not (ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "").strip()]
    assert not silent, "package __init__ without a docstring (what lives here, what it may import): " \
        + ", ".join(silent)


# The checks above must be able to fail: each one is run on a small graph with the fault.
def test_cycle_finder_sees_a_cycle_through_three_modules():
    g = {"nabb.a": {"nabb.b": 1}, "nabb.b": {"nabb.c": 1}, "nabb.c": {"nabb.a": 1}, "nabb.d": {}}
    assert cycles(g) == [["nabb.a", "nabb.b", "nabb.c"]]
    assert cycles({"nabb.a": {"nabb.b": 1}, "nabb.b": {}}) == []


def test_layer_order_puts_pipeline_above_reports_and_io_below_model():
    assert layer_of("nabb.io.reader") < layer_of("nabb.model.land") < layer_of("nabb.solve")
    assert layer_of("nabb.reports.html") < layer_of("nabb.pipeline") < layer_of("nabb.cli")
    assert layer_of("nabb") == 0 and layer_of("nabb.explain.checks") == 6


def test_from_package_import_module_counts_as_importing_the_package(tmp_path):
    """``from nabb.i18n import numbers`` inside nabb.i18n.language runs nabb/i18n/__init__,
    which imports language: a cycle, even though numbers itself imports nothing."""
    init, language, numbers = (tmp_path / f"{n}.py" for n in ("init", "language", "numbers"))
    init.write_text("from nabb.i18n.language import text\n")
    language.write_text("from nabb.i18n import numbers\n")
    numbers.write_text("")
    known = {"nabb.i18n": init, "nabb.i18n.language": language, "nabb.i18n.numbers": numbers}
    graph = {m: imports(m, p, known) for m, p in known.items()}
    assert graph["nabb.i18n.language"] == {"nabb.i18n": 1, "nabb.i18n.numbers": 1}
    assert cycles(graph) == [["nabb.i18n", "nabb.i18n.language"]]


def test_function_level_imports_count(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from nabb.pipeline import solve_inputs\n    return solve_inputs\n")
    known = {"nabb.m": src, "nabb.pipeline": src}
    assert imports("nabb.m", src, known) == {"nabb.pipeline": 2}

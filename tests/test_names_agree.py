"""The names agree: one set of constraint families in the model, the registry, the page and the tests.

Four places name the LP's constraint families: the Pyomo components of a built model, the
registry (:data:`nabb.model.families.FAMILIES`), the constraint table of
``models/formulation.md`` and the ``test_<family>`` functions in ``tests/``.  They must hold
the same set; a failure lists, per place, the names it lacks and the names only it has.
The symbols in each rule's ``:math:`` docstring must appear in that family's formula on
the page, and the registry must say where the rule is declared and how many indices it has.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pyomo.environ as pyo
import pytest

from nabb.model import build
from nabb.model.families import BY_NAME, FAMILIES
from nabb.pipeline import load

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "models" / "formulation.md"
MODEL_DIR = ROOT / "nabb" / "model"
#: endings of constraint names: a test named test_<x> with x ending so is meant for a family
FAMILY_ENDINGS = ("_max", "_min", "_met", "_target", "_balance", "_persists")


@pytest.fixture(scope="module")
def model() -> pyo.ConcreteModel:
    """The default model with an arc capacity, so that every family is declared (a family
    whose data is empty, such as regional targets in the default, is declared with no rows)."""
    inputs = load(None).copy()
    inputs.settings["transport_arc_capacity_t"] = 100_000.0
    return build(inputs)


def model_names(m: pyo.ConcreteModel) -> set[str]:
    return {c.name for c in m.component_objects(pyo.Constraint, active=True)}


def page_rows() -> dict[str, str]:
    """Constraint name -> formula, from the table under "## Constraints" on the page."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("\n## Constraints", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([a-z_]+)\[[^\]]*\]`\s*\|(.*?)\|[^|]*\|\s*$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def family_test_names() -> set[str]:
    names = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                names.add(node.name[len("test_"):])
    return names


def differences(sets: dict[str, set[str]]) -> list[str]:
    """Per place: the names the others hold and it lacks, and the names only it holds."""
    every = set().union(*sets.values())
    out = []
    for place, names in sets.items():
        if every - names:
            out.append(f"{place} lacks {sorted(every - names)}")
        only = names - set().union(*(v for k, v in sets.items() if k != place))
        if only:
            out.append(f"only {place} has {sorted(only)}")
    return out


def test_model_registry_page_and_tests_name_the_same_families(model):
    registry = {f.name for f in FAMILIES}
    tests = family_test_names()
    sets = {
        "the built model": model_names(model),
        "the registry (nabb/model/families.py)": registry,
        "models/formulation.md": set(page_rows()),
        # a family counts as tested when test_<family> exists; a test named like a family
        # that no other place knows is listed too
        "the test_<family> functions": ({n for n in tests if n in registry}
                                        | {n for n in tests if n.endswith(FAMILY_ENDINGS)}),
    }
    diff = differences(sets)
    assert not diff, "constraint names disagree:\n" + "\n".join(diff)


def test_differences_show_where_names_disagree():
    diff = differences({"model": {"a", "b"}, "page": {"a", "c"}})
    assert diff == ["model lacks ['c']", "only model has ['b']", "page lacks ['b']",
                    "only page has ['c']"]


def symbols(tex: str) -> set[str]:
    r"""The symbols of a formula: a letter or Greek letter with its superscript (``K^L``,
    ``\alpha``), a ``\text{...}`` word, or a barred symbol (``\bar K``); subscripts (indices)
    are dropped, and so are operators (``\le``, ``\sum``, ``\cdot``)."""
    operators = {"le", "ge", "leq", "geq", "sum", "cdot", "text", "max", "min", "big", "Big",
                 "left", "right", "quad", "in", "ldots", "dots", "mathrm", "bar", "tau"}
    out: set[str] = set()
    i, n = 0, len(tex)

    def group(j: int) -> tuple[str, int]:
        """The braced group or single character at j, and the index after it."""
        if j < n and tex[j] == "{":
            depth, k = 0, j
            while k < n:
                depth += {"{": 1, "}": -1}.get(tex[k], 0)
                if depth == 0:
                    return tex[j + 1:k], k + 1
                k += 1
            return tex[j + 1:], n
        if j < n and tex[j] == "\\":
            m = re.match(r"\\[A-Za-z]+", tex[j:])
            return m.group(0), j + len(m.group(0))
        return tex[j:j + 1], j + 1

    bar = False
    while i < n:
        ch = tex[i]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+)", tex[i:])
            if not m:
                i += 2
                continue
            word = m.group(1)
            i += len(m.group(0))
            if word == "text":
                inner, i = group(i)
                head = inner.strip()
            elif word == "bar":
                bar = True
                continue
            elif word in operators:
                continue
            else:
                head = "\\" + word
        elif ch.isalpha():
            head = ch
            i += 1
        elif ch == "_":
            _, i = group(i + 1)
            continue
        else:
            i += 1
            continue
        while i < n and tex[i] == " ":
            i += 1
        sup = ""
        if i < n and tex[i] == "^":
            sup, i = group(i + 1)
        out.add(("\\bar " if bar else "") + head + (f"^{sup}" if sup else ""))
        bar = False
    return out


def rule_docstrings() -> dict[str, tuple[str, str]]:
    """Family rule function -> (module, docstring), from the model's source."""
    found = {}
    for path in sorted(MODEL_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in BY_NAME:
                found[node.name] = (path.stem, ast.get_docstring(node) or "")
    return found


def test_symbols_in_the_model_docstrings_match_the_page():
    page = page_rows()
    wrong = []
    for name, (_, doc) in sorted(rule_docstrings().items()):
        maths = re.findall(r":math:`([^`]*)`", doc)
        if not maths or name not in page:
            continue
        on_page = set().union(*(symbols(m) for m in re.findall(r"\$([^$]*)\$", page[name])))
        extra = set().union(*(symbols(m) for m in maths)) - on_page
        if extra:
            wrong.append(f"{name}: the docstring writes {sorted(extra)}, the page "
                         f"({PAGE.name}) has {sorted(on_page)}")
    assert not wrong, "maths symbols disagree:\n" + "\n".join(wrong)


def test_symbols_reads_letters_superscripts_words_and_bars():
    assert symbols(r"X_{rpt} \le \alpha_p (\bar K_{rpt} + N_{rpt})") == {"X", r"\alpha", r"\bar K", "N"}
    assert symbols(r"X_{rpt} \ge u^L \sum K^L") == {"X", "u^L", "K^L"}
    assert symbols(r"a_p (\text{new capacity})") == {"a", "new capacity"}


def test_registry_says_where_each_family_is_declared_and_its_index(model):
    docs = rule_docstrings()
    wrong = []
    for f in FAMILIES:
        where = docs.get(f.name, ("?", ""))[0]
        if where != f.module:
            wrong.append(f"{f.name}: registry says nabb/model/{f.module}.py, the rule is in "
                         f"nabb/model/{where}.py")
        comp = getattr(model, f.name, None)
        if comp is not None and len(comp):
            dim = len(next(iter(comp.keys())) if comp.dim() != 1 else (1,))
            if dim != len(f.index):
                wrong.append(f"{f.name}: registry index {f.index}, the model's has {dim} parts")
    assert not wrong, "\n".join(wrong)

"""Why a hard-constrained model is infeasible, in rules and input cells.

First an elastic re-solve (every hard rule may be violated at a price, every limit firm) names
the rules that cannot hold; a second (the limits elastic) names the input limits in the way;
then the HiGHS irreducible infeasible subsystem, by highspy version.  Both work on a copy.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import highspy
import numpy as np

from nabb.explain.checks import Finding
from nabb.explain.lp import INF, SLACK_TOL, clone_highs, family_rows, row_name, status_of
from nabb.explain.sentences import amount, consecutive_runs, context, say_for, years_label
from nabb.io.addressing import InputRef
from nabb.model.data import ModelData
from nabb.model.families import BY_NAME, FAMILIES, Context, nice

if TYPE_CHECKING:  # pragma: no cover
    from nabb.run import Run

#: rules the first elastic re-solve may break, every input limit firm
HARD_RULES = tuple(f.name for f in FAMILIES if f.hard)
#: input limits the second elastic re-solve may relax, every hard rule firm
LIMITS = tuple(f.name for f in FAMILIES if f.input_limit)


def rule_text(ctx: Context, fam: str, idx: tuple) -> tuple[str, list[InputRef]]:
    """A constraint row in words, with the input cells behind it."""
    family = BY_NAME.get(fam)
    if family is None:
        return f"{fam}[{','.join(map(str, idx))}]", []
    return family.rule_text(ctx, idx)


def _link(fam: str) -> str:
    family = BY_NAME.get(fam)
    return family.link if family is not None and family.link else fam


def _elastic(run_: "Run", families: tuple[str, ...]) -> tuple[str, list[tuple[int, float]]]:
    """Minimise total violation of the rows in ``families`` (all else firm); original costs off.

    Every slack is weighted by 1 / (1 + |rhs|), so a violation counts relative to its limit.
    Returns the status and the rows with a non-zero slack and by how much (internal units).
    """
    cp = run_.compiled
    h = clone_highs(cp, warm=False)
    n = cp.num_cols
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    fr = family_rows(cp)
    slack_rows: list[tuple[int, float]] = []
    for fam in families:
        for _, i in fr.get(fam, []):
            lo, up = cp.row_lower[i], cp.row_upper[i]
            rhs = up if up < INF else lo
            w = 1.0 / (1.0 + abs(rhs))
            if lo > -INF:     # >= or = : s+ lets the body fall below lo
                slack_rows.append((i, +1.0))
                h.addCol(w, 0.0, INF, 1, np.array([i], dtype=np.int32), np.array([1.0]))
            if up < INF:      # <= or = : s- lets the body exceed up
                slack_rows.append((i, -1.0))
                h.addCol(w, 0.0, INF, 1, np.array([i], dtype=np.int32), np.array([-1.0]))
    h.setOptionValue("time_limit", 60.0)
    h.run()
    st = status_of(h)
    if st != "Optimal":
        return st, []
    xs = np.asarray(h.getSolution().col_value, float)[n:]
    hits: dict[int, float] = {}
    for (i, sign), v in zip(slack_rows, xs):
        if v > SLACK_TOL:
            hits[i] = hits.get(i, 0.0) + v * sign
    return st, sorted(hits.items(), key=lambda kv: -abs(kv[1]))


def iis_rows(h: highspy.Highs, time_limit: float = 30.0) -> tuple[str, list[int], list[int]]:
    """Rows and columns of an irreducible infeasible subsystem, by highspy version.

    highspy >= 1.13: ``st, iis = h.getIis()`` with ``iis_strategy`` a bitmap (FromLp |
    Irreducible); 1.12: light by default, strategy 1 = full from LP with row priority;
    <= 1.11: ``h.getIis(iis)`` with strategy 0 = full (HiGHS release notes).
    """
    ver = (h.versionMajor(), h.versionMinor())
    h.setOptionValue("time_limit", float(time_limit))
    try:
        if ver >= (1, 13):
            s = highspy.IisStrategy
            h.setOptionValue("iis_strategy", int(s.kIisStrategyFromLp) | int(s.kIisStrategyIrreducible))
            st, iis = h.getIis()
            ok, rows, cols = iis.valid_, list(iis.row_index_), list(iis.col_index_)
        else:
            h.setOptionValue("iis_strategy", 1 if ver == (1, 12) else 0)
            iis = highspy.HighsIis()
            st = h.getIis(iis)
            ok, rows, cols = iis.valid, list(iis.row_index), list(iis.col_index)
    except (AttributeError, TypeError) as exc:   # an API this wrapper does not know
        return f"IIS not available in highspy {ver[0]}.{ver[1]}: {exc}", [], []
    if st != highspy.HighsStatus.kOk or not ok:
        return f"IIS not found (status {st}, valid {ok})", [], []
    return "ok", [int(i) for i in rows], [int(j) for j in cols]


def _grouped(run_: "Run", hits: list[tuple[int, float]]) -> list[tuple[str, str, list[InputRef], float]]:
    """Merge rows of one family and key over consecutive years: (family, text, refs, max amount)."""
    cp = run_.compiled
    d: ModelData = cp.model.data
    ctx = context(run_)
    groups: dict[tuple, dict[int, tuple[int, float]]] = {}
    for i, v in hits:
        fam, idx = row_name(cp, i)
        t = idx[-1] if idx and isinstance(idx[-1], int) and idx[-1] in d.years else None
        key = (fam, idx[:-1] if t is not None else idx)
        groups.setdefault(key, {})[t if t is not None else -1] = (i, v)
    out = []
    for (fam, key), by_year in groups.items():
        years = [t for t in by_year if t != -1]
        runs = consecutive_runs(years, d.years) if years else [[-1]]
        for ys in runs:
            last = ys[-1]
            i, _ = by_year[last]
            fam_, idx = row_name(cp, i)
            text, refs = rule_text(ctx, fam_, idx)
            if years:
                per_year = {y: rule_text(ctx, fam_, row_name(cp, by_year[y][0])[1])[0] for y in ys}
                same = len({v.replace(f" in {y}", "") for y, v in per_year.items()}) == 1
                if same:
                    text = text.replace(f" in {last}", "") + f" in {years_label(ys)}"
                else:
                    text = " / ".join(per_year[y] for y in ys)
            seen, uniq = set(), []
            for y in ys:
                for r in rule_text(ctx, fam_, row_name(cp, by_year[y][0])[1])[1]:
                    if r.where not in seen:
                        seen.add(r.where)
                        uniq.append(r)
            out.append((fam, text, uniq, max(abs(by_year[y][1]) for y in ys)))
    return out


def with_every_recipe(run_: "Run") -> "Run":
    r"""The run with its LP built with a column for every recipe, when the large-model recipe
    substitution left one out per demand key (nabb.model.demand.recipe_substitution).

    The elastic re-solves let ``demand_met`` fall short of or exceed the demand; with
    :math:`U_{q_0} = D - \sum_{q \ne q_0} U_q` substituted that row only says
    :math:`U_{q_0} \ge 0`, and relaxing it would build negative conventional homes.  The
    diagnosis is an infeasible run's only re-solve, so it rebuilds the LP as small models
    state it (the same feasible set) and diagnoses that.
    """
    import copy
    import dataclasses
    from nabb.model import build
    from nabb.solve import compile_model
    m = run_.compiled.model
    if not getattr(m, "substituted_recipe", None):
        return run_
    d = copy.copy(m.data)
    d.meta = {**d.meta, "recipe_substitution": False}
    return dataclasses.replace(run_, compiled=compile_model(build(d)))


def diagnose_infeasible(run_: "Run", use_iis: bool = True) -> list[Finding]:
    """Why a hard-constrained model is infeasible, in rules and input cells."""
    run_ = with_every_recipe(run_)
    cp = run_.compiled
    say = say_for(run_.inputs)
    out: list[Finding] = []
    # 1. which hard rules cannot hold, with every input limit firm
    st, hits = _elastic(run_, HARD_RULES)
    broken: list[str] = []
    if st == "Optimal":
        for fam, text, refs, v in _grouped(run_, hits):
            broken.append(text)
            out.append(Finding("elastic", _link(fam),
                               say("infeasible.cannot", rule=text,
                                   amount=amount(BY_NAME.get(fam), v, say)),
                               refs, amount=v, lang=say.code))
    # 2. which input limits stand in the way, with the hard rules firm
    st2, hits2 = _elastic(run_, LIMITS)
    if st2 == "Optimal" and hits2:
        for fam, text, refs, v in _grouped(run_, hits2):
            out.append(Finding("elastic", _link(fam),
                               say("infeasible.conflict", rule=text[0].lower() + text[1:],
                                   amount=amount(BY_NAME.get(fam), v, say)),
                               refs, amount=v, lang=say.code))
    elif st2 != "Optimal":
        out.append(Finding("elastic", "structure",
                           say("infeasible.structure",
                               rules="; ".join(broken) or say("infeasible.see_iis")),
                           [], lang=say.code))
    # 3. the solver's own irreducible infeasible subsystem
    if use_iis:
        h = clone_highs(cp, warm=False)
        msg, rows, cols = iis_rows(h)
        if msg != "ok":
            out.append(Finding("iis", "solver", msg, [], severity="warning", lang=say.code))
        else:
            texts, refs, balances = [], [], set()
            rule_rows = []
            for i in rows:
                fam, idx = row_name(cp, i)
                if fam == "commodity_balance":
                    balances.add(nice(idx[1], say))
                else:
                    rule_rows.append((i, 0.0))
            seen = set()
            for fam, text, r, _ in _grouped(run_, rule_rows):
                texts.append(text)
                for x in r:
                    if x.where not in seen:
                        seen.add(x.where)
                        refs.append(x)
            tail = []
            if balances:
                tail.append(say("infeasible.balances", commodities=", ".join(sorted(balances))))
            if cols:
                tail.append(say("infeasible.bounds", count=len(cols)))
            linked = say("infeasible.linked", through=say("infeasible.and").join(tail)) if tail else ""
            out.append(Finding("iis", "solver",
                               say("infeasible.iis", rules="; ".join(texts), linked=linked),
                               refs, lang=say.code))
    return out

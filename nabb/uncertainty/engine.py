r"""Solving N samples fast and exactly: affine LP updates, structure groups, warm starts.

Why this is exact, not approximate
----------------------------------
1. *Centre.*  The LP is compiled once at the centre p0 (the median of every parameter).
2. *Slopes.*  For each parameter i it is compiled again with only p_i moved (to its 90%
   quantile, or another value with the same structure); the difference of the LP data
   (costs, matrix entries, bounds) divided by the move is its slope.  The LP of a sample is
   then predicted as X(p) = X(p0) + sum_i (p_i - p0_i) slope_i.
3. *Checks.*  The prediction is compared with a full compile at the first two samples (all
   parameters moved at once): a parameter that enters non-linearly (a discount rate) or two
   that multiply each other are caught here, and the run falls back to rebuilding every
   sample (``mode = rebuild``), slower but exact.
4. *Structure.*  Some draws change the LP's shape: a heavier non-biobased mass can push a
   recipe below the 30% threshold, so its homes leave the biobased target row.  For every
   sample the model data is prepared (cheap: no Pyomo) and its *structure signature* is taken
   (every index set, flag and integer, and which numbers are zero).  Samples with the base
   signature use the affine model above.  Each other signature is a *structure group*: it is
   compiled exactly at its first sample, the slopes are carried over to its sparsity pattern,
   and the prediction is checked against a compile at its second sample; a group that fails
   the check, or whose rows and columns differ, rebuilds each of its samples.  The number of
   groups, compiles and rebuilt samples is reported.

Reproducible across 1, N workers and a cluster: the samples are drawn on the master; every
sample starts from its group's reference basis (the optimal basis at the group's first
sample), never from whatever sample a worker solved before, so its answer does not depend on
how the samples were split.
"""
from __future__ import annotations

import hashlib
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from nabb.errors import InputError, Issue, NabbError
from nabb.i18n import Lang, text
from nabb.inputs import Inputs
from nabb.sweep.dask import queue_reporter, run_chunks_dask
from nabb.sweep.local import Progress
from nabb.sweep.update import (AFFINE_RTOL, Affine, Arrays, LPData, add_scaled, arrays_of,
                               compiled_from_arrays, mismatch, push, slope_of)
from nabb.uncertainty.kpis import Indexer, KpiData, sample_kpis
from nabb.uncertainty.spec import Applier, Spec



# --------------------------------------------------------------------------- structure signature

def signature(d) -> str:
    """Hash of everything in the model data that can change the LP's shape.

    Index sets, lists, flags, integers and strings enter as they are; a float enters only
    as "zero or not" (a zero coefficient is a missing matrix entry) and "finite or not".
    """
    h = hashlib.sha1()

    def walk(x: Any) -> None:
        if isinstance(x, bool) or x is None or isinstance(x, (str, int, np.integer)):
            h.update(repr(x).encode())
        elif isinstance(x, float):
            h.update(b"0" if x == 0.0 else (b"f" if math.isfinite(x) else b"i"))
        elif isinstance(x, dict):
            h.update(b"{")
            for k, v in x.items():
                h.update(repr(k).encode())
                walk(v)
            h.update(b"}")
        elif isinstance(x, (list, tuple)):
            h.update(b"[")
            for v in x:
                walk(v)
            h.update(b"]")
        else:
            h.update(repr(type(x)).encode())
    from dataclasses import fields
    for f in fields(d):
        if f.name in ("meta",):
            continue
        h.update(f.name.encode())
        walk(getattr(d, f.name))
    h.update(repr(bool(d.meta.get("hard_targets"))).encode())
    return h.hexdigest()


def pattern_key(cp) -> str:
    """Hash of the LP's size, row senses and non-zero pattern, without a pass over Pyomo names.

    Two compiles of model data with the same structure signature build the same components
    in the same order, so their rows and columns can only differ in number or pattern; this
    compares them in milliseconds where ``structure_key`` spends 0.2-0.5 s on names."""
    h = hashlib.sha1()
    h.update(f"{len(cp.columns)}:{len(cp.rows)}:".encode())
    h.update(np.fromiter((s for _, s in cp.rows), dtype=np.int8, count=len(cp.rows)).tobytes())
    h.update(np.asarray(cp.A.indptr, dtype=np.int64).tobytes())
    h.update(np.asarray(cp.A.indices, dtype=np.int64).tobytes())
    return h.hexdigest()


def shape_key(cp) -> str:
    """Hash of the column and row identities (not the non-zero pattern)."""
    h = hashlib.sha1()
    for v in cp.columns:
        h.update(v.name.encode() + b"\0")
    for con, sign in cp.rows:
        h.update(f"{con.name}:{sign}".encode() + b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- basis

def basis_of(h) -> tuple[np.ndarray, np.ndarray] | None:
    b = h.getBasis()
    if not b.valid:
        return None
    return (np.array([int(s) for s in b.col_status], dtype=np.int8),
            np.array([int(s) for s in b.row_status], dtype=np.int8))


def highs_basis(basis: tuple[np.ndarray, np.ndarray] | None):
    """A highspy.HighsBasis from plain arrays (build once: it costs ~10k Python objects)."""
    import highspy
    if basis is None:
        return None
    status = list(highspy.HighsBasisStatus.__members__.values())
    by_int = {int(s): s for s in status}
    b = highspy.HighsBasis()
    b.col_status = [by_int[int(s)] for s in basis[0]]
    b.row_status = [by_int[int(s)] for s in basis[1]]
    b.valid = True
    return b


def set_basis(h, basis) -> None:
    """Forget every solver state, then start from ``basis`` (so the answer is a function of the
    LP and the basis only, not of the samples solved before)."""
    h.clearSolver()
    if basis is None:
        return
    if isinstance(basis, tuple):
        basis = highs_basis(basis)
    h.setBasis(basis)


# --------------------------------------------------------------------------- LP models

@dataclass
class Multilinear:
    """X(p) = X0 + sum_i dp_i s_i + sum_(i,j) dp_i dp_j b_ij, dp = p - p0.

    The slopes s_i come from one compile per parameter; a pair (i, j) gets a bilinear term
    only when both touch the same LP entry and a compile at the corner (both moved) shows a
    product there (a carbon price times a material mass, an availability times a capacity).
    Pairs that merely add up on an entry (two cost components) get no term."""
    lin: Affine
    pairs: list[tuple[int, int, dict[str, tuple[np.ndarray, np.ndarray]], float]]

    def at(self, p) -> LPData:
        out = self.lin.at(p)
        p0 = self.lin.p0
        for i, j, terms, off in self.pairs:
            w = (float(p[i]) - p0[i]) * (float(p[j]) - p0[j])
            if w == 0.0:
                continue
            add_scaled(out, terms, off, w)
        return out


@dataclass
class Shifted:
    """A structure group's LP: its exact compile at p_ref, moved by the centre model's change
    from p_ref to p (entries the centre does not have keep their value)."""
    model: Multilinear
    ref: LPData
    at_ref: LPData
    lookup: np.ndarray | None          # group A position -> centre A position (-1 = new entry)

    def at(self, p) -> LPData:
        now = self.model.at(p)
        out = LPData(**{f: getattr(self.ref, f).copy() for f in LPData.FIELDS}, offset=self.ref.offset)
        for f in LPData.FIELDS:
            a, b = getattr(now, f), getattr(self.at_ref, f)
            fin = np.isfinite(a) & np.isfinite(b) & (np.abs(a) < 1e20) & (np.abs(b) < 1e20)
            delta = np.where(fin, a - np.where(fin, b, 0.0), 0.0)
            if f == "A_data" and self.lookup is not None:
                delta = np.where(self.lookup >= 0, delta[np.maximum(self.lookup, 0)], 0.0)
            getattr(out, f)[:] += delta
        out.offset += now.offset - self.at_ref.offset
        return out


def _a_lookup(base_cp, grp_cp) -> np.ndarray | None:
    """Position of each of the group's A entries in the centre's A (-1: not there); None if equal."""
    if (np.array_equal(base_cp.A.indptr, grp_cp.A.indptr)
            and np.array_equal(base_cp.A.indices, grp_cp.A.indices)):
        return None
    n_rows = max(base_cp.A.shape[0], grp_cp.A.shape[0])

    def entries(A) -> np.ndarray:
        """(column, row) of every stored entry, in storage order, as one int64 each."""
        cols = np.repeat(np.arange(A.shape[1], dtype=np.int64), np.diff(A.indptr))
        return cols * n_rows + np.asarray(A.indices, dtype=np.int64)
    base, grp = entries(base_cp.A), entries(grp_cp.A)
    if not base.size:
        return np.full(grp.size, -1, dtype=np.int64)
    order = np.argsort(base, kind="stable")
    at = np.minimum(np.searchsorted(base[order], grp), base.size - 1)
    return np.where(base[order][at] == grp, order[at], -1).astype(np.int64)


def _is_projection(ref: LPData, at_ref: LPData, lookup: np.ndarray | None) -> bool:
    """Is a structure group's exact LP at its first sample the centre model's prediction there,
    on the group's own entries (the centre's LP with some matrix entries left out)?

    Then the group's LP is the centre model restricted to its pattern: ``Shifted`` predicts it
    by the centre's slopes, which the centre's own checks cover, and a second compile to check
    the slopes would test them again.  An entry the centre does not have (lookup -1), or any
    number that differs at the first sample, is not a projection: the group gets that check."""
    if lookup is not None and (lookup < 0).any():
        return False
    proj = LPData(**{f: getattr(at_ref, f) for f in LPData.FIELDS}, offset=at_ref.offset)
    if lookup is not None:
        proj.A_data = at_ref.A_data[lookup]
    if any(getattr(proj, f).shape != getattr(ref, f).shape for f in LPData.FIELDS):
        return False
    return mismatch(proj, ref) <= AFFINE_RTOL


def _overlapping_pairs(slopes: list[dict], offs: list[float]) -> list[tuple[int, int]]:
    owners: dict[tuple[str, int], list[int]] = {}
    for i, sl in enumerate(slopes):
        for f, (idx, _) in sl.items():
            for e in idx.tolist():
                owners.setdefault((f, e), []).append(i)
    pairs = set()
    for who in owners.values():
        for a in range(len(who)):
            for b in range(a + 1, len(who)):
                pairs.add((who[a], who[b]))
    off = [i for i, o in enumerate(offs) if o != 0.0]
    pairs |= {(a, b) for k, a in enumerate(off) for b in off[k + 1:]}
    return sorted(pairs)


# --------------------------------------------------------------------------- plan

@dataclass
class GroupModel:
    """One structure: its LP (affine in the parameters) or 'rebuild'."""
    sig: str
    mode: str                          # "affine" or "rebuild"
    arrays: Arrays | None
    affine: Any
    index: Indexer | None
    basis: tuple[np.ndarray, np.ndarray] | None
    kdata: KpiData | None
    reference: int                     # sample whose compile defines the group (-1 = centre)
    samples: int = 0
    note: str = ""


@dataclass
class Plan:
    inputs: Inputs
    spec: Spec
    values: np.ndarray                 # samples x parameters
    p0: tuple[float, ...]
    groups: dict[str, GroupModel]
    group_of: list[str]                # per sample
    base_sig: str
    mode: str
    note: str
    compiles: int
    setup_s: float
    group_compiles: int = 0            # compiles spent on structure groups (one each, two if checked)
    options: dict[str, Any] = field(default_factory=dict)
    time_limit: float | None = None
    applier: Applier | None = None
    #: the note's catalogue key and values, for the reader's language (nabb.i18n):
    #: ``note`` itself is the English text kept in uncertainty.json
    note_args: tuple[str, dict[str, Any]] = ("", {})

    def for_workers(self) -> "Plan":
        return self


def language_of(inputs: Inputs) -> Lang:
    """The language of the run's console lines (decided once, by nabb.pipeline.load)."""
    return Lang(inputs.settings.get("language") or "en")


def _filled(lang: str, key: str, values: dict[str, Any]) -> str:
    """A catalogue text whose values may be numbers (in the language's notation), lists of
    numbers, or (key, values) of a nested text."""
    say = Lang(lang)

    def one(v: Any) -> Any:
        if isinstance(v, tuple):
            return _filled(lang, v[0], v[1])
        if isinstance(v, list):
            return ", ".join(str(one(x)) for x in v)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return v
        return say.num(v) if isinstance(v, int) else say.g(v, ".1e")
    return say(key, **{k: one(v) for k, v in values.items()})


def _bar(n: int, enabled: bool, lang: Lang, label: str) -> Progress:
    """The progress bar of ``n`` samples in the reader's language."""
    return Progress(n, enabled, label=lang(label), unit=lang("progress.samples"),
                    left=lang("progress.left"), eta=lang("progress.eta"))


def plan_note(plan: "Plan", lang: str) -> str:
    """How the samples are solved, in ``lang`` (the English is ``plan.note``)."""
    key, values = plan.note_args
    return _filled(lang, key, values) if key else plan.note


def _try_compile(d: Any):
    """The compiled LP of prepared model data ``d`` (prepared once: the structure signature
    is taken from the same ``d``), or None when a constraint is infeasible before solving
    (Pyomo says so while compiling, e.g. a hard target with no biobased recipe left)."""
    from pyomo.common.errors import InfeasibleConstraintException
    from nabb.model import build
    from nabb.solve import compile_model
    try:
        return compile_model(build(d))
    except InfeasibleConstraintException:
        return None


def prepared(inputs: Inputs):
    """The model data of one sample, for the uncertainty run's LPs: every recipe a column.

    The recipe substitution of large models (nabb.model.demand.recipe_substitution) puts the
    demand into the cost constants and the row bounds; the per-year cost split of
    nabb.uncertainty.kpis (constants shared out by the centre's shares) and the sample KPIs
    (which read units from columns) would then be exact only while demand is certain.  So
    uncertainty runs build the LP without it, at every size: exact, at a few more columns.
    """
    from nabb.model.data import prepare
    d = prepare(inputs)
    d.meta["recipe_substitution"] = False
    return d


def _data(applier: Applier, values: Sequence[float]):
    inputs = applier.apply(values)
    return inputs, prepared(inputs)


def _solve(cp, options, time_limit, basis):
    from nabb.solve import run
    opts = {"threads": 1, "solver": "simplex"}
    opts.update(options or {})
    set_basis(cp.highs, basis)
    return run(cp, opts, time_limit)


def _probe_values(p, p0: float) -> list[float]:
    """Values of one parameter to probe, farthest first (distinct from p0)."""
    qs = p.dist.ppf(np.array([0.9, 0.1, 0.7, 0.3, 0.99, 0.01]))
    out = []
    for v in qs.tolist() + (list(p.dist.values) if p.dist.kind == "discrete" else []):
        if v != p0 and v not in out:
            out.append(float(v))
    return out


@dataclass
class SignatureJob:
    """What a worker needs to take the structure signature of samples."""
    inputs: Inputs
    spec: Spec
    values: np.ndarray


def signature_rows(job: SignatureJob, chunk: Sequence[tuple[int, Any]],
                   report: Callable[[int, dict], None] | None = None) -> list[dict]:
    applier = Applier(job.inputs, job.spec)
    out = []
    for i, _ in chunk:
        row = {"sample": int(i), "sig": signature(_data(applier, job.values[i])[1]), "status": "optimal"}
        out.append(row)
        if report is not None:
            report(int(i), row)
    return out


def _dask_signatures(job: SignatureJob, chunk, queue_name: str) -> list[dict]:
    return signature_rows(job, chunk, queue_reporter(queue_name))


def signatures(inputs: Inputs, spec: Spec, values: np.ndarray, client: Any = None,
               progress: bool = False, chunk_size: int | None = None) -> list[str]:
    """The structure signature of every sample: here, or spread over a dask client's workers."""
    n = len(values)
    bar = _bar(n, progress, language_of(inputs), "progress.structure")
    job = SignatureJob(inputs, spec, values)
    items = [(i, None) for i in range(n)]
    rows: dict[int, dict] = {}
    try:
        if client is None:
            def rep(i: int, row: dict) -> None:
                rows[i] = row
                bar.advance()
            signature_rows(job, items, rep)
        else:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            size = chunk_size or max(1, math.ceil(n / (4 * workers)))
            chunks = [items[i:i + size] for i in range(0, n, size)]

            def failed(i: int, _p, why: str) -> dict:
                raise NabbError(f"taking the structure signature of sample {i} failed: {why}")
            if run_chunks_dask(job, chunks, _dask_signatures, (), rows, bar, failed, retries=1,
                               client=client, key="sample", prefix="nabb-signatures"):
                raise KeyboardInterrupt
    finally:
        bar.close()
    return [rows[i]["sig"] for i in range(n)]


def make_plan(inputs: Inputs, spec: Spec, values: np.ndarray, options: dict | None = None,
              time_limit: float | None = None, force_rebuild: bool = False,
              progress: Callable[[str], None] | None = None, group_of: list[str] | None = None,
              bar: bool = False) -> Plan:
    from nabb.guard import check_size
    say = progress or (lambda _m: None)
    lang = language_of(inputs)
    check_size(inputs)
    t0 = time.perf_counter()
    applier = Applier(inputs, spec)
    p0 = tuple(float(p.dist.centre) for p in spec.params)
    n, k = values.shape
    say(lang("unc.compiling", params=lang.num(k)))
    inp0, d0 = _data(applier, p0)
    cp0 = _try_compile(d0)
    compiles = 1
    base_sig = signature(d0)
    if group_of is None:
        say(lang("unc.signatures"))
        group_of = signatures(inputs, spec, values, progress=bar)
    counts: dict[str, int] = {}
    for g in group_of:
        counts[g] = counts.get(g, 0) + 1

    def rebuild_plan(reason_key: str, **why: Any) -> Plan:
        args = {"reason": (f"unc.reason.{reason_key}", why)}
        groups = {}
        for g in dict.fromkeys(group_of):
            groups[g] = GroupModel(g, "rebuild", None, None, None, None, None, group_of.index(g),
                                   counts[g], _filled("en", *args["reason"]))
        return Plan(inputs, spec, values, p0, groups, group_of, base_sig, "rebuild",
                    _filled("en", "unc.note.rebuild", args), compiles, time.perf_counter() - t0, 0,
                    options or {}, time_limit, applier, ("unc.note.rebuild", args))

    if force_rebuild:
        return rebuild_plan("requested")
    if cp0 is None:
        return rebuild_plan("centre_infeasible")
    base_key = pattern_key(cp0)
    base_data = LPData.of(cp0)

    def compile_like_centre(q):
        """(compiled, model data) at q when its LP has the centre's structure, else None."""
        nonlocal compiles
        _inp, d = _data(applier, q)
        if signature(d) != base_sig:
            return None
        cp = _try_compile(d)
        compiles += 1
        if cp is None or pattern_key(cp) != base_key:   # same signature: names need no check
            return None
        return cp, d

    slopes, offs = [], []
    probes: list = []
    for i, p in enumerate(spec.params):
        found = None
        for v in _probe_values(p, p0[i]):
            q = list(p0)
            q[i] = v
            same = compile_like_centre(q)
            if same is not None:
                found = (v, *same)
                break
        probes.append(None if found is None else (found[0], found[2]))
        if found is None:
            slopes.append({f: (np.zeros(0, dtype=np.int64), np.zeros(0)) for f in LPData.FIELDS})
            offs.append(0.0)
            if p.dist.kind != "discrete" or len(set(p.dist.values)) > 1:
                say(lang("unc.no_slope", name=p.name))
            continue
        s = slope_of(base_data, LPData.of(found[1]), found[0] - p0[i])
        if s is None:
            return rebuild_plan("bound", name=p.name)
        slopes.append(s[0])
        offs.append(s[1])
    lin = Affine(p0, base_data, slopes, offs)
    pair_terms = []
    for i, j in _overlapping_pairs(slopes, offs):
        if probes[i] is None or probes[j] is None:
            continue
        q = list(p0)
        q[i], q[j] = probes[i][0], probes[j][0]
        same = compile_like_centre(q)
        if same is None:
            continue
        actual, pred = LPData.of(same[0]), lin.at(q)
        w = (q[i] - p0[i]) * (q[j] - p0[j])
        terms = {}
        for f in LPData.FIELDS:
            x, y = getattr(pred, f), getattr(actual, f)
            fin = np.isfinite(y) & (np.abs(y) < 1e20)
            res = np.zeros_like(y)
            res[fin] = y[fin] - x[fin]
            idx = np.flatnonzero(np.abs(res) > 1e-12 * (1 + np.abs(np.where(fin, y, 0.0))))
            terms[f] = (idx, res[idx] / w)
        off = (actual.offset - pred.offset) / w
        if any(idx.size for idx, _ in terms.values()) or abs(off) > 1e-12 * (1 + abs(actual.offset)):
            pair_terms.append((i, j, terms, off if abs(off) > 1e-12 * (1 + abs(actual.offset)) else 0.0))
    aff = Multilinear(lin, pair_terms)
    say(lang("unc.pairs", pairs=lang.num(len(pair_terms))))
    kkeys, kslopes = KpiData.slopes_from(d0, p0, probes)
    kd0 = KpiData.of(d0, p0, kkeys, kslopes)
    idx0 = Indexer.of(cp0)
    h0 = compiled_from_arrays(arrays_of(cp0))
    sol0 = _solve(h0, options, time_limit, None)
    groups: dict[str, GroupModel] = {}
    base_checks = [i for i, g in enumerate(group_of) if g == base_sig][:2]
    for i in base_checks:
        _inp, d_i = _data(applier, values[i])
        if kd0.error(values[i], d_i) > AFFINE_RTOL:
            return rebuild_plan("kpi_data", sample=i)
        cp = _try_compile(d_i)
        compiles += 1
        if cp is None or pattern_key(cp) != base_key:
            return rebuild_plan("structure", sample=i)
        err = mismatch(aff.at(values[i]), LPData.of(cp))
        if err > AFFINE_RTOL:
            return rebuild_plan("lp_data", mismatch=float(err), sample=i)
    groups[base_sig] = GroupModel(base_sig, "affine", arrays_of(cp0), aff, idx0, basis_of(h0.highs),
                                  kd0, -1, counts.get(base_sig, 0), "centre")
    if sol0.status != "optimal":
        groups[base_sig].basis = None
    # the centre's names, hashed once (not once per group: a pass over every name costs ~0.5 s)
    base_shape = shape_key(cp0) if any(g != base_sig for g in counts) else ""
    projections = 0
    compiles_before_groups = compiles
    for g in dict.fromkeys(group_of):
        if g == base_sig:
            continue
        members = [i for i, x in enumerate(group_of) if x == g]
        ref = members[0]
        _inp, d_ref = _data(applier, values[ref])
        cpg = _try_compile(d_ref)
        compiles += 1
        gm = GroupModel(g, "rebuild", None, None, None, None, None, ref, len(members))
        if cpg is None:
            gm.note = "infeasible before solving"
            groups[g] = gm
            continue
        kdg = KpiData.of(d_ref, values[ref], kkeys, kslopes)
        if shape_key(cpg) != base_shape:
            gm.note = "rows or columns differ from the centre's"
            groups[g] = gm
            continue
        ref_data, at_ref, lookup = LPData.of(cpg), aff.at(values[ref]), _a_lookup(cp0, cpg)
        affg = Shifted(aff, ref_data, at_ref, lookup)
        ok, why = True, ""
        if len(members) > 1:
            _inp2, d2 = _data(applier, values[members[1]])
            if kdg.error(values[members[1]], d2) > AFFINE_RTOL:
                ok, why = False, "KPI data slopes do not carry over"
            elif _is_projection(ref_data, at_ref, lookup):
                projections += 1     # the centre's LP minus entries: its slopes hold as checked
            else:
                cp2 = _try_compile(d2)
                compiles += 1
                if cp2 is None or pattern_key(cp2) != pattern_key(cpg):
                    ok, why = False, "two samples of the group compile to different structures"
                else:
                    err = mismatch(affg.at(values[members[1]]), LPData.of(cp2))
                    if err > AFFINE_RTOL:
                        ok, why = False, f"slopes do not carry over (mismatch {err:.1e})"
        if not ok:
            gm.note = why
            groups[g] = gm
            continue
        hg = compiled_from_arrays(arrays_of(cpg))
        solg = _solve(hg, options, time_limit, None)
        groups[g] = GroupModel(g, "affine", arrays_of(cpg), affg, Indexer.of(cpg),
                               basis_of(hg.highs) if solg.status == "optimal" else None, kdg, ref,
                               len(members), "structure group")
    n_groups = len(groups)
    rebuilt = sum(gm.samples for gm in groups.values() if gm.mode == "rebuild")
    args = {"groups": n_groups, "sizes": [gm.samples for gm in groups.values()], "rebuilt": rebuilt,
            "compiles": compiles, "projections": projections}
    # uncertainty.json keeps the English note with plain integers (as it always had)
    note = text("unc.note.affine", "en", **{k: ", ".join(map(str, v)) if isinstance(v, list) else v
                                            for k, v in args.items()})
    return Plan(inputs, spec, values, p0, groups, group_of, base_sig, "affine", note, compiles,
                time.perf_counter() - t0, compiles - compiles_before_groups, options or {}, time_limit,
                applier, ("unc.note.affine", args))


# --------------------------------------------------------------------------- solving a chunk

class _Infeasible(Exception):
    """A sample whose LP has a constraint that no values can satisfy."""


def solve_samples(plan: Plan, chunk: Sequence[tuple[int, Any]], report: Callable[[int, dict], None] | None = None,
                  live: dict | None = None) -> list[dict]:
    """Solve samples; one row per sample, failures included (status failed, with the reason)."""
    live = {} if live is None else live         # group -> Compiled (built once per worker)
    applier = plan.applier or Applier(plan.inputs, plan.spec)
    out = []
    for i, _ in chunk:
        t0 = time.perf_counter()
        vals = plan.values[i]
        row: dict[str, Any] = {"sample": int(i)}
        row.update({p.name: float(v) for p, v in zip(plan.spec.params, vals)})
        note = ""
        g = plan.group_of[i]
        gm = plan.groups[g]
        row["structure_group"] = list(plan.groups).index(g)
        try:
            if gm.mode == "affine":
                d = gm.kdata.at(vals)  # type: ignore[union-attr]
                if g not in live:
                    live[g] = (compiled_from_arrays(gm.arrays), highs_basis(gm.basis))  # type: ignore[arg-type]
                cp, basis = live[g]
                push(cp, gm.affine.at(vals))  # type: ignore[union-attr]
                sol = _solve(cp, plan.options, plan.time_limit, basis)
                index = gm.index
                row["rebuilt"] = False
            else:
                from nabb.model import build
                from nabb.solve import compile_model
                from pyomo.common.errors import InfeasibleConstraintException
                d = prepared(applier.apply(vals))
                row["rebuilt"] = True
                try:
                    cp = compile_model(build(d))
                except InfeasibleConstraintException as err:
                    row["status"] = "infeasible"
                    raise _Infeasible(str(err)) from None
                sol = _solve(cp, plan.options, plan.time_limit, None)
                index = Indexer.of(cp)
            row["status"] = sol.status
            if sol.status == "optimal":
                row.update(sample_kpis(index, d, sol, cp.c, cp.c_offset))  # type: ignore[arg-type]
            else:
                note = sol.model_status
            row["iterations"] = int(sum(sol.iterations.values()))
        except _Infeasible as err:
            note = text("unc.sample.infeasible", "en", why=err)   # samples.csv: English
        except Exception as err:  # noqa: BLE001 - one bad sample never loses the others
            row["status"] = "failed"
            note = f"{type(err).__name__}: {err}"
            live.pop(g, None)
        row["solve_s"] = time.perf_counter() - t0
        row["worker"] = f"{os.uname().nodename}:{os.getpid()}"
        row["note"] = note
        out.append(row)
        if report is not None:
            report(int(i), row)
    return out


def _dask_samples(plan: Plan, chunk, queue_name: str) -> list[dict]:
    """Worker side: one live HiGHS model per structure group for this chunk."""
    return solve_samples(plan, chunk, report=queue_reporter(queue_name))


def run_samples(plan: Plan, workers: int = 1, scheduler: str | None = None, client: Any = None,
                progress: bool = False, chunk_size: int | None = None, retries: int = 1,
                chunk_fn: Callable | None = None) -> tuple[list[dict], bool, float]:
    """Every sample, in order; returns (rows, interrupted, seconds)."""
    n = len(plan.values)
    bar = _bar(n, progress, language_of(plan.inputs), "progress.uncertainty")
    rows: dict[int, dict] = {}
    interrupted = False
    t0 = time.perf_counter()
    items = [(i, None) for i in range(n)]
    try:
        if client is None and scheduler is None and workers <= 1:
            def rep(i: int, row: dict) -> None:
                rows[i] = row
                bar.advance()
            try:
                solve_samples(plan, items, report=rep)
            except KeyboardInterrupt:
                interrupted = True
        else:
            size = chunk_size or max(1, math.ceil(n / (2 * max(1, workers))))
            chunks = [items[i:i + size] for i in range(0, n, size)]

            def failed(i: int, _p, why: str) -> dict:
                return {"sample": i, **{p.name: float(v) for p, v in zip(plan.spec.params, plan.values[i])},
                        "status": "failed", "note": why}
            interrupted = run_chunks_dask(_worker_plan(plan), chunks, chunk_fn or _dask_samples, (), rows, bar,
                                          failed, retries=retries, scheduler=scheduler,
                                          n_workers=max(1, workers), client=client, key="sample",
                                          prefix="nabb-uncertainty")
    finally:
        bar.close()
    for i in range(n):
        if i not in rows:
            rows[i] = {"sample": i, **{p.name: float(v) for p, v in zip(plan.spec.params, plan.values[i])},
                       "status": "not_run", "note": text("unc.sample.not_run", "en")}
    return [rows[i] for i in range(n)], interrupted, time.perf_counter() - t0


def _worker_plan(plan: Plan) -> Plan:
    """The plan without the master's live objects (shipped once to every worker)."""
    return Plan(plan.inputs, plan.spec, plan.values, plan.p0, plan.groups, plan.group_of, plan.base_sig,
                plan.mode, plan.note, plan.compiles, plan.setup_s, plan.group_compiles, plan.options,
                plan.time_limit, None)


def check_spec_inputs(spec: Spec) -> None:
    if not spec.params:
        raise InputError([Issue("", "uncertainty", "", "parameter", "at least one uncertain parameter",
                                "none")])

"""The LP does not depend on Python's string hashing (PYTHONHASHSEED).

Sets of region and commodity codes iterate in an order that changes with the hash seed of
each process.  Where such an order decided the order of a sum, the objective's coefficients
differed in their last bit from one run to the next (the surplus cost put on the balance
rows, ``nabb.model.balance_price_shift``), and HiGHS could take another path to the optimum.
Two processes with different seeds must compile the same bytes.
"""
from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import hashlib, sys
import numpy as np
from nabb.model import build
from nabb.model.data import prepare
from nabb.solve import compile_model
from nabb.synthetic import synthetic_inputs
d = prepare(synthetic_inputs(12, years=3))
d.meta.update(surplus_in_rows=True, lean_columns=True)
cp = compile_model(build(d))
h = hashlib.sha256()
for v in cp.columns:
    h.update(v.name.encode() + b"\0")
for a in (cp.c, cp.A.data, cp.A.indices, cp.A.indptr, cp.row_lower, cp.row_upper, cp.col_lower, cp.col_upper):
    h.update(np.ascontiguousarray(a).tobytes())
print(h.hexdigest(), float(cp.c_offset).hex())
"""


def _digest(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True,
                         check=True, timeout=300)
    return out.stdout.strip()


def test_two_hash_seeds_compile_the_same_lp():
    assert _digest("1") == _digest("2") == _digest("3")

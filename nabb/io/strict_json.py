"""Strict JSON for every file nabb writes: NaN and infinity become null.

Python's ``json`` writes bare ``NaN`` and ``Infinity``, which are not JSON (RFC 8259) and
which strict parsers (JavaScript's ``JSON.parse``, jq, most databases) reject.  Every JSON
file nabb writes goes through :func:`dumps`, which refuses them (``allow_nan=False``) after
:func:`strict` has replaced them with ``None``.
"""
from __future__ import annotations

import json
import math
from typing import Any

import numpy as np


def strict(x: Any) -> Any:
    """A copy with NaN/inf as None, numpy scalars as Python numbers, tuples as lists."""
    if isinstance(x, dict):
        return {str(k): strict(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [strict(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        v = float(x)
        return v if math.isfinite(v) else None
    return x


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps`` that never writes NaN or Infinity; other objects become their text."""
    kwargs.setdefault("default", str)
    return json.dumps(strict(obj), allow_nan=False, **kwargs)

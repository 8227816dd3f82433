"""The scale between the workbooks' units and the LP's internal units (vocabulary layer).

The LP keeps areas in kha, masses in kt, units (homes) in thousands and money in M EUR, so
that its coefficients stay well scaled: a workbook value in ha, t, homes or EUR per ha, t or
home is divided by :data:`K` on the way in (nabb/model/data.py) and results are multiplied
by it on the way out.  A dual in M EUR per kt is k EUR per t: times K is EUR per t.
"""
from __future__ import annotations

#: ha -> kha, t -> kt, homes -> thousand homes, EUR per unit -> M EUR per thousand units
K = 1000.0

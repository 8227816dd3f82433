"""Fast sweeps over numeric levers: the model is built once and each point is changed in place
in HiGHS and re-solved with a hot start (docs/sweeps.md, docs/performance.md).

Modules, in the order data flows through them:

- ``levers``: which levers there are, their values from the command line, the grid of points;
- ``update``: the LP as arrays, the affine model of a lever, ``push`` into a live HiGHS model
  (shared with nabb.uncertainty.engine);
- ``kpis``: the linear map from a solution to the sweep's KPIs;
- ``plan``: compile once, probe the levers, choose affine or rebuild mode;
- ``local``: solve a chunk of points on one live model, the progress bar;
- ``dask``: chunks on dask.distributed (local processes or a cluster), retries, the worker's
  progress queue (shared with nabb.uncertainty.engine);
- ``steady``: the ranges of a lever over which nothing physical changes (and whether the
  whole solution stays the same);
- ``run``: the whole sweep, one tidy frame (:class:`run.SweepResult`); with ``--workers``,
  whether worker processes pay off.

The files (sweep.csv, sweep.xlsx, sweep.png, sweep.json) are written by nabb.reports.sweep.

An analysis: it may import the vocabulary, io, inputs, model, solve and results, never
reports, pipeline or the CLI.
"""

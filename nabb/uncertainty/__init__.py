"""Uncertainty analysis: ``spec`` (the uncertainty sheet as distributions), ``sample`` (LHS,
Sobol, random; correlation groups), ``engine`` (solve samples with the model built once),
``kpis`` and ``stats`` (quantiles, probabilities, no-regret, sensitivity) and ``run`` (the
whole analysis).  Its writers (uncertainty.xlsx, uncertainty.html and the set of four files)
are reports: nabb.reports.uncertainty_workbook, uncertainty_html and uncertainty_outputs.

An analysis: it may import io, inputs, model, solve, results and nabb.sweep (the in-place
updates), never reports' internals through the pipeline or the CLI.
"""

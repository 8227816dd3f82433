"""Reports people read, written from a finished :class:`nabb.run.Run` and its analyses.

* ``workbook`` -- report.xlsx (real Excel tables with units) and the shared table writer;
  ``extras`` -- its extra sheets, native Excel charts and the other files of a run;
  ``xlsx_lang`` -- a Dutch report.xlsx's code values and Summary columns.
* ``html`` -- report.html, the page and its sections, built from ``style`` (colours, font,
  number formats), ``svg`` (chart frame, bar charts), ``sankey`` (field to building),
  ``flowmap`` (flows between regions) and ``series`` (chart data shared with the Excel charts).
* ``console`` -- the KPI lines printed after a run.

Every text comes from :mod:`nabb.i18n` in the run's language (Dutch or English).
* ``compare`` -- the compare workbook of ``nabb compare`` (the comparison: nabb.compare).
* ``sweep`` -- sweep.csv, sweep.xlsx, sweep.png and sweep.json (the sweep: nabb.sweep);
  ``sweep_text`` -- its console table, steady-range sentences and plain account of the run.
* ``labels`` -- KPI keys and levers in words and units (sweep outputs, compare's KPI changes).
* ``uncertainty_workbook``, ``uncertainty_html`` and ``uncertainty_outputs`` -- uncertainty.xlsx,
  uncertainty.html and the four files of ``nabb uncertainty`` as one set (the analysis:
  nabb.uncertainty).

Reports may import everything below them (vocabulary, io, model, solve, results and the
analyses: explain, kpis, compare, sweep, uncertainty) but never ``nabb.pipeline`` or the CLI,
which call them after the analysis.
"""

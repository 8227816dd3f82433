"""Reports people read: report.xlsx (``workbook``), report.html (``html``), the console lines
(``console``) and the extra sheets, charts and files of a run (``extras``).

Reports take a finished :class:`nabb.run.Run` and its analyses (explain, kpis); they may import
everything below them (io, model, solve, results, analysis) but never ``nabb.pipeline`` or the
CLI, which call them.
"""

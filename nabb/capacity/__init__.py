"""Capacity sheets from regional chain coordinators: template, check, annotate and merge.

Each regional chain coordinator fills in one *capacity sheet* a year (the plants that exist
in the region, the plants that are planned, the hectares of fibre crops contracted); the
policy officer checks the sheets and merges them into the scenario workbook's ``capacity``
and ``contracted_area`` sheets, every row with its provenance.  See ``docs/capacity.md``.

What lives here, lowest first (each module imports only those above it in this list):

    text        file labels, cleaning and comparing names, quoting found values
    layout      the sheets and columns of a capacity sheet; Plant, AreaRow, CapacitySheet
    lists       regions, processes, crops and horizon read from a scenario workbook
    template    the blank capacity sheet (nabb template capacity)
    provenance  the provenance cell of a merged row and its row in the sources sheet
    cells       one cell -> a typed value or an issue (CellReader)
    read        one file -> a CapacitySheet and its issues (SheetReader)
    plausible   numbers held against yardsticks: known plants, arable land, other sheets
    check       several files together: duplicates, one sheet per region, plant conflicts
    output      copies of other people's workbooks: never over an input, inert, atomic
    annotate    the annotated copy (every issue at its cell, and the nabb_check sheet)
    table       a data sheet of the scenario workbook, edited in place
    merge       the merge into a copy of the scenario workbook, and changes_between

Layer "analysis": may import nabb.io, nabb.schema, nabb.errors and nabb.defaults (the
vocabulary and io layers), never the model, solve, reports, pipeline or cli.  There are no
re-exports: import from the module that holds a name.
"""

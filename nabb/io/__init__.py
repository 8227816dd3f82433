"""Files in and out: everything that touches a workbook, a path or a byte on disk.

``preflight`` (streaming size and shape checks before openpyxl), ``reader`` (workbook ->
validated :class:`nabb.inputs.Inputs`), ``addressing`` and ``uncertainty_sheet`` (sheet/column/
filter addressing), ``template`` (blank workbooks from the schema), ``cells`` and ``sanitize``
(the one safe cell writer), ``safe_write`` and ``outputs`` (atomic writes, the output-path
guard), ``strict_json``.  May import only the vocabulary (nabb.errors, nabb.schema,
nabb.inputs, nabb.defaults), never the model, the solver or anything above them.
"""

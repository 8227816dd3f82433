"""Capacity sheets from regional chain coordinators (layer "analysis").

Being split into template, read, check, annotate, merge and provenance; for now everything
lives in :mod:`nabb.capacity.read`.  May import nabb.io, nabb.schema, nabb.errors and
nabb.defaults, nothing above them.
"""

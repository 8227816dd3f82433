"""Fast sweeps over numeric levers (the model built once, each point changed in place in HiGHS).

An analysis: it may import the vocabulary, io, inputs, model, solve and results, never
reports, pipeline or the CLI.
"""

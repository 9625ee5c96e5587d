"""Helpers for the therapy-boundaries notebooks.

Modules, each with one job: `data` (load a validated course table), `exercises` (questions and
their feedback, no UI), `widgets` (ipywidgets views over the exercises), `progress` (the
student's opt-in answer store). Importing the package imports none of them, so it stays cheap.
"""

__version__ = "0.1.0"

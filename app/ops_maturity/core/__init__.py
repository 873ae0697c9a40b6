"""The headless core: questionnaires, scoring, roadmap, assessment storage and reports.

Nothing in this package may import textual or rich; tests/test_import_hygiene.py proves it in a
subprocess. The UI and the CLI call into the core, never the other way round.
"""

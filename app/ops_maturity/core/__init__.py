"""The headless core: questionnaires, scoring, roadmap, assessment storage and reports.

Nothing in this package may import textual or rich; tests/core/test_import_hygiene.py proves it
in a subprocess. The UI and the CLI call into the core, never the other way round.

Sub-packages, lowest layer first (pyproject's import-linter contract keeps each from importing
the ones above it):

- `model`: the domain as plain data and pure rules: questionnaire, assessment, votes, scoring,
  roadmap, targets, discussion. No I/O.
- `files`: reading and writing any file safely: bounded reads, atomic writes, locks, process
  checks, user-typed paths, private cache folders.
- `parsing`: TOML documents with positions, so every problem is reported as `path:line:col`,
  all at once.
- `questionnaires`: loading and validating questionnaire files, and the bundled ones.
- `storage`: assessment files: reading, writing, finding a team's files, sessions, autosave.
- `trends`: comparing assessments over time and across teams: comparison, history, roll-up.
- `reports`: everything that renders for people or tools: Markdown reports (Jinja2, sandboxed),
  JSON and CSV exports, Mermaid charts, plain-text outputs, the clipboard.
- `remote`: the rules of remote voting (join codes, tokens, rounds, message checks), with no
  network code: the web server in `ops_maturity.web` is a thin adapter over them.

`errors` (the shared error base class) and `text` (control-character handling) sit below all of
them.
"""

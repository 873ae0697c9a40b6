"""Importers: published maturity models in their own formats, converted to a questionnaire.

- `dsomm`: OWASP DSOMM YAML (one area per sub-dimension, one question per activity);
- `wa_lens`: an AWS Well-Architected custom lens (JSON), each question's risk rules turned into
  multi-select questions by risk band (`wa_rules`);
- `common`: the result, the error, text cleaning within a budget, writing TOML with tomli-w and
  loading it back with the questionnaire loader, so what is written always validates;
- `yaml_reading`: PyYAML (an optional extra), safe loading only.

Everything here is hostile input handling: sizes are capped before parsing, no `eval`, and each
problem is one line. The mapping rules are stated for users in docs/importers.md.
"""

"""Questionnaire files: `loader` parses and validates one into the model, with `dependencies`
checking `depends_on` across the whole questionnaire; `bundled` finds the questionnaires and
report templates that ship with the package."""

"""Questionnaire files: `loader` parses and validates one into the model, with `scales` (answer
scales and their choices), `ids` (the id rule) and `dependencies` (depends_on across the file);
`bundled` finds the questionnaires and report templates that ship with the package."""

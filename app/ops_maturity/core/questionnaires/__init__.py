"""Questionnaire files: `loader` parses and validates one into the model; `bundled` finds the
questionnaires and report templates that ship with the package."""

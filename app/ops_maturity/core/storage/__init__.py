"""Assessment files: reading, writing and finding them, and the session that owns one.

- `assessment_toml`: the file format, an Assessment to TOML text and back (every version).
- `assessment_store`: reads a file (bounded) and writes one atomically, never too large to read.
- `file_names`: one file per team and label (`identity_key`, slugs, hashes, legacy names).
- `reconcile`: how the questionnaire changed since a file was written, never a failure.
- `answer_check`: answers checked against their questionnaire's scales.
- `assessment_questionnaire`: the questionnaire a file is scored against.
- `folder`: the one folder scanner (history, roll-up, looking back, the Start screen's list).
- `team_assessments`: which files are one team's and in which order, the rule every look back
  uses.
- `records`: compact, cached records of many files for the roll-up.
- `session`: opens what the app or a command works on; `autosave`: saves after every change.
"""

"""Assessment files: reading, writing and finding them, and the session that owns one.

`assessment_store` reads and writes assessment TOML atomically; `answer_check` checks answers
against their questionnaire; `folder` and `records` read many files for history and roll-up;
`assessment_questionnaire` finds the questionnaire a file is scored against; `session` opens
what the app or a command works on; `autosave` saves after every change and retries.
"""

"""The domain as plain data and pure rules, with no I/O.

`questionnaire` (levels, horizons, scales, areas, questions), `assessment` (answers, notes,
owners, votes) and `roadmap_items` (the plan's items and horizons) are the data; `votes` (team
votes, reveal, median), `scoring` (gated levels), `prerequisites` and `roadmap` (the plan, with
`roadmap_text` for its words), `targets`, `discussion` and `level_table` are the rules.
"""

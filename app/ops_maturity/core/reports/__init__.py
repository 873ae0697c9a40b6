"""Everything rendered for people or tools.

`report` renders the Markdown report with Jinja2 in `sandbox` (the only modules that import
jinja2, and only when a report is rendered), escaping user text with `markdown_text`; `mermaid`
draws the charts; `folder_report` renders an assessment file's report as the app shows it (with
what changed since the team's previous file) and names where it is saved; `export_json` and `export_csv` are the data exports; `comparison_text`,
`history_output` and `rollup_output` are the plain-text and Markdown outputs of the trend
commands; `clipboard` hands text to the system clipboard tool.
"""

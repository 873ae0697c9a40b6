"""TOML documents with positions: `path:line:col` messages, every problem at once.

`validation` is the shared machinery (problems, typed field readers); `toml_positions` finds
where keys sit in the source; `toml_nesting` refuses nesting deep enough to crash the parser.
"""

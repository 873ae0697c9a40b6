"""TomlPositions: mapping key paths to the line and column where they are written."""

from __future__ import annotations

from ops_maturity.core.parsing.toml_positions import TomlPositions

SOURCE = """\
# comment line 1
[questionnaire]
id = "x"
  title = "indented"

[[areas]]
id = "first"

[[areas]]
id = "second"
"quoted key" = 1
info.owner = "dotted"
help = \"\"\"
fake = "inside a multi-line string"
\"\"\"

[[areas.questions]]
id = "q1"

[[areas.questions]]
id = "q2"
recommendation = { action = "a", horizon = "short" }

[scales.adoption]
choices = [
  { value = 0, label = "None" },
  { value = 1, label = "Some" },
]
after = true
"""


def _positions() -> TomlPositions:
    return TomlPositions(SOURCE)


def test_table_header_position() -> None:
    """A `[table]` header is found at its line, column 1."""
    assert _positions().find(("questionnaire",)) == (2, 1)


def test_indented_key_column() -> None:
    """An indented key's column is where the key starts, after the indentation."""
    assert _positions().find(("questionnaire", "title")) == (4, 3)


def test_arrays_of_tables_are_indexed() -> None:
    """Each `[[areas]]` gets its own index, and keys under it are found within it."""
    positions = _positions()
    assert positions.find(("areas", 0, "id")) == (7, 1)
    assert positions.find(("areas", 1, "id")) == (10, 1)


def test_quoted_and_dotted_keys() -> None:
    """Quoted keys lose their quotes; dotted keys become nested paths."""
    positions = _positions()
    assert positions.find(("areas", 1, "quoted key")) == (11, 1)
    assert positions.find(("areas", 1, "info", "owner")) == (12, 1)


def test_lines_inside_multiline_strings_are_not_keys() -> None:
    """`fake = ...` inside a triple-quoted string is text, not a key."""
    positions = _positions()
    assert positions.find(("areas", 1, "help")) == (13, 1)
    # Falls back to the enclosing table (line 9), never to line 14.
    assert positions.find(("areas", 1, "fake")) == (9, 1)


def test_nested_array_of_tables_belongs_to_the_latest_parent() -> None:
    """`[[areas.questions]]` after the second `[[areas]]` is areas[1].questions[i]."""
    positions = _positions()
    assert positions.find(("areas", 1, "questions", 0, "id")) == (18, 1)
    assert positions.find(("areas", 1, "questions", 1, "id")) == (21, 1)


def test_inline_table_keys() -> None:
    """Keys inside an inline table are found on its line, at their own column."""
    positions = _positions()
    path = ("areas", 1, "questions", 1, "recommendation")
    assert positions.find((*path, "horizon")) == (22, 34)


def test_multiline_array_of_inline_tables() -> None:
    """Each element of a multi-line array of inline tables gets its own line."""
    positions = _positions()
    choices = ("scales", "adoption", "choices")
    assert positions.find(choices) == (25, 1)
    assert positions.find((*choices, 0)) == (26, 3)
    assert positions.find((*choices, 1, "label")) == (27, 16)
    assert positions.find(("scales", "adoption", "after")) == (29, 1)


def test_unknown_path_falls_back_to_nearest_enclosing_key() -> None:
    """A path not written in the file resolves to its closest written ancestor."""
    assert _positions().find(("areas", 0, "questions", 7, "level")) == (6, 1)


def test_path_with_no_written_ancestor_has_no_position() -> None:
    """A path whose root is not in the file has no position at all."""
    assert _positions().find(("horizons", "short")) is None

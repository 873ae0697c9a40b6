"""The nesting guard's quick check (regular expressions) agrees with its scan on every input:
it says "within limits" exactly when the scan finds nothing, so valid files skip the scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ops_maturity.core.parsing import toml_nesting
from ops_maturity.core.parsing.toml_nesting import MAX_KEY_PARTS, MAX_NESTING

_LONG = [
    "." * (MAX_KEY_PARTS - 1),
    "[" * (MAX_NESTING - 1),
    "{" * MAX_NESTING,
    '"x.y"',
    "# [ {",
    "'''",
]
_PIECES = st.sampled_from(
    ["[", "]", "{", "}", ".", "..", "=", ",", "\n", "a", " ", '"', "'", "#", "\\", '"""', *_LONG]
)


def _scan(source: str) -> tuple[int, int, str] | None:
    """The scan alone, without the quick check in front of it."""
    original = toml_nesting._within_limits
    toml_nesting._within_limits = lambda source: False
    try:
        return toml_nesting.find_excessive_nesting(source)
    finally:
        toml_nesting._within_limits = original


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_the_quick_check_agrees_with_the_scan(source: str) -> None:
    assert toml_nesting._within_limits(source) == (_scan(source) is None)


def test_the_bundled_questionnaire_passes_the_quick_check() -> None:
    from ops_maturity.core.questionnaires.bundled import questionnaires_folder

    for file in questionnaires_folder().iterdir():
        if file.name.endswith(".toml"):
            source = file.read_bytes().decode("utf-8")
            assert toml_nesting._within_limits(source)
            assert _scan(source) is None

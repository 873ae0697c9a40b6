"""Bad input gets a clear error: never a hang, a memory blow-up or a traceback.

Each test feeds the loaders one kind of hostile or broken file (odd paths, empty structure, huge
integers, deep nesting, amplification, misleading messages, spoofed text, values the docs forbid)
and checks the error the user sees.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.files.user_paths import InvalidPathError, user_path
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.parsing.toml_nesting import MAX_KEY_PARTS, MAX_NESTING
from ops_maturity.core.parsing.validation import MAX_SHOWN_PROBLEMS, InvalidFileError
from ops_maturity.core.questionnaires.bundled import resolve_questionnaire
from ops_maturity.core.questionnaires.loader import (
    MAX_LEVELS,
    load_questionnaire,
    parse_questionnaire,
)
from ops_maturity.core.reports.report import render_report
from ops_maturity.core.storage.answer_check import check_answers
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.text import escape_for_terminal

from .builders import DAY, MINIMAL_QUESTIONNAIRE, Q, only_problem_with, questionnaire_toml

MINIMAL_TEXT = MINIMAL_QUESTIONNAIRE.read_text(encoding="utf-8")


def rejected(text: str, name: str = "bad.toml") -> list[str]:
    """The problem lines for questionnaire text that must be rejected."""
    with pytest.raises(InvalidFileError) as caught:
        parse_questionnaire(text.encode("utf-8"), name)
    return [str(problem) for problem in caught.value.problems]


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line of `text` holding `fragment`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def write_assessment(path: Path, body: str) -> Path:
    path.write_text(
        '[assessment]\nformat_version = 1\nteam = "Payments"\nlabel = "2026-Q4"\n'
        'date = 2026-10-15\nstatus = "in-progress"\n\n'
        '[questionnaire]\nid = "minimal-example"\nversion = "1.0.0"\n' + body,
        encoding="utf-8",
    )
    return path


# ---------------------------------------------------------------- odd paths


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("~nosuchuser-xyz/q.toml", "no such user"),
        ("dir/a\x00b.toml", "NUL character"),
        ("", "empty"),
    ],
)
def test_user_path_refuses_paths_that_cannot_name_a_file(text: str, reason: str) -> None:
    """An unknown ~user, a NUL or an empty path is a clear InvalidPathError, not RuntimeError."""
    with pytest.raises(InvalidPathError, match=reason) as caught:
        user_path(text)
    assert isinstance(caught.value, OpsMaturityError)


def test_user_path_expands_home_and_joins_relative_paths(tmp_path: Path) -> None:
    """`~` is the home folder, and a relative path is taken relative to the folder given."""
    assert user_path("~/x.toml") == Path.home() / "x.toml"
    assert user_path("q.toml", relative_to=tmp_path) == tmp_path / "q.toml"


@pytest.mark.parametrize("reference", ["~nosuchuser-xyz/x", "~nosuchuser-xyz/x.toml", "a\x00.toml"])
def test_questionnaire_reference_with_odd_path_is_a_file_error(reference: str) -> None:
    """`report --questionnaire` and the Start screen resolve references through one helper."""
    with pytest.raises(InvalidFileError) as caught:
        resolve_questionnaire(reference)
    assert "no such user" in str(caught.value) or "NUL" in str(caught.value)


@pytest.mark.parametrize("stored", ["~nosuchuser-xyz/q.toml", "q\x00.toml"])
def test_assessment_path_field_with_odd_path_is_a_file_error(tmp_path: Path, stored: str) -> None:
    """An assessment's `path` naming an unknown user or holding a NUL fails with a message."""
    escaped = stored.replace("\x00", "\\u0000")
    path = write_assessment(tmp_path / "a.toml", f'path = "{escaped}"\n')
    assessment = load_assessment(path)
    with pytest.raises(InvalidFileError):
        resolve_questionnaire(assessment.questionnaire_path, relative_to=path.parent)


# ---------------------------------------------------------------- structure


def test_questionnaire_without_areas_is_rejected() -> None:
    """`areas = []` used to pass validation and crash the app with IndexError."""
    start = MINIMAL_TEXT.index("[[areas]]")
    text = "areas = []\n" + MINIMAL_TEXT[:start]
    assert any("needs at least one area" in line for line in rejected(text))


def test_area_with_empty_questions_is_rejected() -> None:
    """An area needs at least one question."""
    text = questionnaire_toml({"a": []}).replace(
        'name = "Area a"\n', 'name = "Area a"\nquestions = []\n'
    )
    assert any("has no questions" in line for line in rejected(text))


def test_questionnaire_without_scales_is_rejected() -> None:
    """An empty `[scales]` table is named, not only the questions that use it."""
    text = questionnaire_toml({"a": [Q("a.1", 1)]})
    start = text.index("[scales.adoption]")
    end = text.index("\n[[areas]]")
    problems = rejected(text[:start] + "[scales]\n" + text[end:])
    assert any("needs at least one scale" in line for line in problems)


# ---------------------------------------------------------------- integers


def test_integer_of_5000_digits_is_a_positioned_error() -> None:
    """tomllib's ValueError for over 4,300 digits becomes `path:line:col: number too long`."""
    text = MINIMAL_TEXT.replace("met_threshold = 2", "met_threshold = " + "9" * 5000)
    problems = rejected(text)
    line = line_of(text, "met_threshold")
    assert problems == [f"bad.toml:{line}:17: number too long (5,000 digits)"]


@pytest.mark.parametrize("literal", ["0x" + "f" * 5000, "0o" + "7" * 5000, "0b" + "1" * 20000])
def test_huge_hex_octal_and_binary_literals_are_range_errors(literal: str) -> None:
    """Huge non-decimal literals parse, then fail the range check with a printable message."""
    text = MINIMAL_TEXT.replace("number = 1\n", f"number = {literal}\n", 1)
    problem = next(line for line in rejected(text) if "levels[0].number" in line)
    assert "-digit number; it must be between 1 and" in problem


def test_out_of_range_answer_value_is_refused(tmp_path: Path) -> None:
    """An answer of 0xFFFF... in an assessment is refused with a readable message."""
    path = write_assessment(tmp_path / "a.toml", '\n[answers."x"]\nanswer = 0x' + "f" * 3000 + "\n")
    with pytest.raises(InvalidFileError, match=r"answers\.x\.answer is a [\d,]+-digit number"):
        load_assessment(path)


# ---------------------------------------------------------------- nesting and recursion


def test_toml_nested_ten_thousand_deep_is_an_error_with_a_line() -> None:
    """A 10,000-deep array is refused before parsing, never a RecursionError."""
    text = MINIMAL_TEXT + "\n[extra]\nx = " + "[" * 10_000 + "]" * 10_000 + "\n"
    problems = rejected(text)
    line = line_of(text, "x = [[[")
    assert problems == [
        f"bad.toml:{line}:{5 + MAX_NESTING}: arrays and inline tables are nested too deeply "
        f"(more than {MAX_NESTING})"
    ]


def test_inline_tables_nested_deeply_are_an_error() -> None:
    """Inline tables count too; brackets inside strings and comments do not."""
    text = (
        MINIMAL_TEXT
        + '\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nx = "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"\n'
    )
    assert not any("nested too deeply" in line for line in rejected(text))
    deep = MINIMAL_TEXT + "\nx = " + "{a=" * 5000 + "1" + "}" * 5000 + "\n"
    assert any("nested too deeply" in line for line in rejected(deep))


@pytest.mark.parametrize(
    ("extra", "column"),
    [
        ("a" + ".a" * 10_000 + " = 1\n", 2 * MAX_KEY_PARTS),
        ("[" + ".".join(["t"] * 10_000) + "]\nx = 1\n", 2 * MAX_KEY_PARTS + 1),
    ],
)
def test_dotted_key_ten_thousand_parts_deep_is_refused_at_once(extra: str, column: int) -> None:
    """tomllib takes time quadratic in a dotted key's parts (12 s for 10,000): refused first."""
    started = time.monotonic()
    problems = rejected(MINIMAL_TEXT + "\n" + extra)
    assert time.monotonic() - started < 1
    line = MINIMAL_TEXT.count("\n") + 2
    assert problems == [
        f"bad.toml:{line}:{column}: a key has more than {MAX_KEY_PARTS} dotted parts"
    ]


def test_valid_chain_of_a_thousand_dependencies_loads_scores_and_renders() -> None:
    """Cycle detection and the roadmap's dependency walk are iterative. (Levels rise along the
    chain: a practice depending on a higher level of its own area would be a cycle.)"""
    chain = [Q("a.0", 1)] + [
        Q(f"a.{i}", 1 + i * 4 // 1000, depends_on=(f"a.{i - 1}",)) for i in range(1, 1000)
    ]
    questionnaire = parse_questionnaire(questionnaire_toml({"a": chain}).encode(), "chain.toml")
    assessment = Assessment.start(questionnaire, "Payments", "2026-Q4", today=DAY)
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(0))
    started = time.monotonic()
    roadmap = build_roadmap(questionnaire, score_assessment(questionnaire, assessment), assessment)
    assert len(roadmap.items) == 1000
    assert [item.question_id for item in roadmap.items] == [f"a.{i}" for i in range(1000)]
    assert render_report(questionnaire, assessment).startswith("#")
    assert time.monotonic() - started < 20


def test_dependency_cycle_in_a_long_chain_is_still_found() -> None:
    """The iterative search still reports a cycle closing a 1,000-question chain."""
    chain = [Q("a.0", 1, depends_on=("a.999",))] + [
        Q(f"a.{i}", 1 + i % 4, depends_on=(f"a.{i - 1}",)) for i in range(1, 1000)
    ]
    problems = rejected(questionnaire_toml({"a": chain}))
    assert sum("dependency cycle" in line for line in problems) == 1


# ---------------------------------------------------------------- amplification


def test_twenty_thousand_levels_are_capped_quickly() -> None:
    """A file with 20,000 levels used to grow validate past 6 GB; it is refused at once."""
    levels = "".join(f'\n[[levels]]\nnumber = {n}\nname = "L{n}"\n' for n in range(1, 20_001))
    start = MINIMAL_TEXT.index("[[levels]]")
    end = MINIMAL_TEXT.index("[horizons.short]")
    text = MINIMAL_TEXT[:start] + levels + "\n" + MINIMAL_TEXT[end:]
    started = time.monotonic()
    problems = rejected(text)
    assert time.monotonic() - started < 10
    assert any(f"has 20,000 levels; at most {MAX_LEVELS}" in line for line in problems)
    assert len(problems) <= MAX_SHOWN_PROBLEMS + 1


def test_problems_stop_after_a_hundred_with_a_count_of_the_rest() -> None:
    """Three hundred unknown keys give 100 lines and '… and 200 more problem(s)'."""
    extra = "".join(f"unknown_{n} = 1\n" for n in range(300))
    text = MINIMAL_TEXT.replace(
        'title = "Minimal example"\n', 'title = "Minimal example"\n' + extra
    )
    problems = rejected(text)
    assert len(problems) == MAX_SHOWN_PROBLEMS + 1
    assert problems[-1] == "bad.toml: … and 200 more problem(s)"


# ---------------------------------------------------------------- messages that mislead


def test_byte_order_mark_is_accepted() -> None:
    """A UTF-8 BOM (added by some Windows editors) used to give 'Invalid statement'."""
    questionnaire = parse_questionnaire(b"\xef\xbb\xbf" + MINIMAL_TEXT.encode(), "bom.toml")
    assert questionnaire.id == "minimal-example"


def test_invalid_scale_does_not_add_unknown_scale_lines() -> None:
    """A scale with a bad threshold is reported once, not again at every question using it."""
    problems = rejected(MINIMAL_TEXT.replace("met_threshold = 2", "met_threshold = 9"))
    assert len(problems) == 1
    assert "met_threshold 9" in problems[0]


def test_duplicate_question_id_does_not_add_depends_on_itself() -> None:
    """Two questions named alike are one problem, not also a false self-dependency."""
    text = questionnaire_toml(
        {
            "a": [
                Q("a.1", 1),
                Q("a.2", 2),
                Q("a.3", 3),
                Q("a.4", 4),
                Q("a.1", 4, depends_on=("a.1",)),
            ]
        }
    )
    problems = rejected(text)
    assert any("duplicate question id 'a.1'" in line for line in problems)
    assert not any("depends on itself" in line for line in problems)


def test_level_gap_error_has_a_line() -> None:
    """'levels must be numbered 1, 2, 3' points at the levels."""
    text = MINIMAL_TEXT.replace("number = 4", "number = 5")
    problem = only_problem_with(
        [p for p in _problems(text)], "levels must be numbered 1, 2, 3, ... with no gaps"
    )
    assert problem.line == line_of(text, "[[levels]]")


def test_missing_horizon_error_has_a_line() -> None:
    """A missing `[horizons.long]` is reported at the horizons."""
    start = MINIMAL_TEXT.index("[horizons.long]")
    end = MINIMAL_TEXT.index("[scales.adoption]")
    text = MINIMAL_TEXT[:start] + MINIMAL_TEXT[end:]
    problem = only_problem_with(_problems(text), "missing required key 'long' in horizons")
    assert problem.line == line_of(text, "[horizons.short]")


def _problems(text: str) -> list:  # type: ignore[type-arg]
    with pytest.raises(InvalidFileError) as caught:
        parse_questionnaire(text.encode(), "bad.toml")
    return caught.value.problems


# ---------------------------------------------------------------- spoofing


def test_newline_in_version_cannot_forge_an_error_line() -> None:
    """A newline in `version` is refused, and no problem line ever holds a raw newline."""
    forged = 'version = "1.0.0\\nother.toml:12:1: fake problem"'
    problems = rejected(MINIMAL_TEXT.replace('version = "1.0.0"', forged))
    assert problems == [
        f"bad.toml:{line_of(MINIMAL_TEXT, 'version =')}:1: questionnaire.version must be one "
        "line (no newlines or carriage returns)"
    ]
    assert all("\n" not in line for line in problems)


def test_quoted_values_in_messages_are_escaped() -> None:
    """An id holding a newline and ESC shows as visible escapes inside one line."""
    problems = rejected(MINIMAL_TEXT.replace('scale = "adoption"', 'scale = "x\\u001b[2J"', 1))
    assert problems and all("\x1b" not in line and "\n" not in line for line in problems)


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200f", "\u061c"])
def test_bidi_controls_are_removed_from_questionnaire_text(character: str) -> None:
    """A bidi override in a title cannot reorder what the app and the CLI show."""
    text = MINIMAL_TEXT.replace(
        'title = "Minimal example"', f'title = "Minimal{character} example"'
    )
    questionnaire = parse_questionnaire(text.encode(), "bidi.toml")
    assert questionnaire.title == "Minimal example"


def test_carriage_return_in_a_title_is_rejected() -> None:
    """A raw CR could overwrite the start of a terminal line; single-line fields refuse it."""
    text = MINIMAL_TEXT.replace('title = "Minimal example"', 'title = "Minimal\\rexample"')
    assert any("questionnaire.title must be one line" in line for line in rejected(text))


def test_escape_for_terminal_leaves_no_control_characters() -> None:
    """CLI output escapes C0, C1, DEL, bidi controls and line separators."""
    hostile = "a\nb\rc\td\x1b[2J\x9b\x7f\u202e\u2028z"
    escaped = escape_for_terminal(hostile)
    assert escaped == "a\\nb\\rc\\td\\x1b[2J\\x9b\\x7f\\u202e\\u2028z"


# ---------------------------------------------------------------- validation matching the docs


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "Minimal example"', 'title = ""', "questionnaire.title must not be empty"),
        ('name = "Reactive Response"', 'name = "  "', "levels[0].name must not be empty"),
        ('label = "Partially"', 'label = ""', "choices[1].label must not be empty"),
    ],
)
def test_empty_required_text_is_rejected(old: str, new: str, message: str) -> None:
    """Required text must hold something, as the JSON schema says (minLength 1)."""
    assert any(message in line for line in rejected(MINIMAL_TEXT.replace(old, new, 1)))


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x", "https://a b"]
)
def test_links_must_be_http_or_https(link: str) -> None:
    """Links are further reading on the web: anything but http(s) is refused."""
    assert "links = [" in MINIMAL_TEXT
    text = MINIMAL_TEXT.replace("links = [", f'links = ["{link}", ', 1)
    assert any("must be an http:// or https:// address" in line for line in rejected(text))


def test_not_applicable_without_reason_is_rejected_in_files(tmp_path: Path) -> None:
    """The app requires a reason for not-applicable; a hand-edited file must too."""
    path = write_assessment(tmp_path / "a.toml", '\n[answers."x"]\nanswer = "not-applicable"\n')
    with pytest.raises(InvalidFileError, match="without a not_applicable_reason"):
        load_assessment(path)


@pytest.mark.parametrize("field", ["team", "label"])
def test_empty_team_or_label_in_a_file_is_rejected(tmp_path: Path, field: str) -> None:
    """Team and label are required text."""
    path = write_assessment(tmp_path / "a.toml", "")
    text = path.read_text(encoding="utf-8")
    value = "Payments" if field == "team" else "2026-Q4"
    path.write_text(text.replace(f'{field} = "{value}"', f'{field} = ""'), encoding="utf-8")
    with pytest.raises(InvalidFileError, match=f"assessment.{field} must not be empty"):
        load_assessment(path)


def test_out_of_scale_answer_is_reported_not_ignored(tmp_path: Path) -> None:
    """`answer = 7` on a 0-3 scale is an error, not silently unanswered."""
    questionnaire = load_questionnaire(MINIMAL_QUESTIONNAIRE)
    assessment = Assessment.start(questionnaire, "Payments", "2026-Q4", today=DAY)
    question = questionnaire.questions[0]
    assessment.record(question.id, Answer(7))
    assessment.record(questionnaire.questions[1].id, Answer(SpecialAnswer.DONT_KNOW))
    path = tmp_path / "a.toml"
    save_assessment_atomically(assessment, path)
    with pytest.raises(InvalidFileError) as caught:
        check_answers(load_assessment(path), questionnaire, str(path))
    assert [p.message for p in caught.value.problems] == [
        f"answer to '{question.id}' is 7, which is not a value of scale 'adoption' (0, 1, 2, 3)"
    ]

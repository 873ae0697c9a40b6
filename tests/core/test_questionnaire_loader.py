"""Questionnaire loading: each rejection with its own malformed file, and the shipped files load.

Each questionnaire fixture in tests/core/fixtures/ is a copy of examples/minimal-questionnaire.toml
with one thing broken, keeping the original's line numbers; its first line says what and where.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from ops_maturity.core.parsing.validation import InvalidFileError
from ops_maturity.core.questionnaires.bundled import (
    DEFAULT_QUESTIONNAIRE_ID,
    bundled_questionnaire_files,
    load_bundled_questionnaires,
    load_default_questionnaire,
)
from ops_maturity.core.questionnaires.loader import (
    MAX_QUESTIONNAIRE_BYTES,
    load_questionnaire,
    parse_questionnaire,
)

from .builders import (
    FIXTURES,
    MINIMAL_QUESTIONNAIRE,
    ROOT,
    Q,
    build_questionnaire,
    only_problem_with,
    problems_of,
    questionnaire_toml,
)


def _questionnaire_files_under(folder: Path) -> list[Path]:
    """TOML files in `folder` that are questionnaires (they define levels), not assessments."""
    found = []
    for path in sorted(folder.rglob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            found.append(path)  # a broken example is a failure, not something to skip
            continue
        if "levels" in data:
            found.append(path)
    return found


def test_syntax_error_reports_path_line_and_column() -> None:
    """A TOML syntax error is one problem at the exact line and column, never a traceback."""
    path = FIXTURES / "syntax-error.toml"
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(path)
    # Line 69 reads `level 1`: the parser wants '=' where '1' sits, in column 7.
    assert len(caught.value.problems) == 1
    assert str(caught.value).startswith(f"{path}:69:7: TOML syntax error: Expected '='")


def test_unknown_key_is_an_error_at_its_line() -> None:
    """A misspelt key (`levle`) is reported at its own line, naming the allowed keys."""
    path = FIXTURES / "unknown-key.toml"
    problem = only_problem_with(problems_of(path), "unknown key 'levle'")
    assert (problem.line, problem.column) == (69, 1)
    assert "allowed: depends_on, help, id, level, recommendation, scale, text" in problem.message


def test_misspelt_required_key_is_also_reported_missing() -> None:
    """The typo `levle` leaves `level` missing, reported at the question's table header."""
    problem = only_problem_with(
        problems_of(FIXTURES / "unknown-key.toml"), "missing required key 'level'"
    )
    assert problem.line == 67


def test_missing_field_is_reported_at_its_table() -> None:
    """A missing required key is reported at the header of the table that lacks it."""
    path = FIXTURES / "missing-field.toml"
    problems = problems_of(path)
    assert [str(problem) for problem in problems] == [
        f"{path}:4:1: missing required key 'title' in questionnaire"
    ]


def test_duplicate_question_id_is_reported_at_the_second_use() -> None:
    """A question id used twice is reported where it is reused (line 126)."""
    path = FIXTURES / "duplicate-question-id.toml"
    assert [str(problem) for problem in problems_of(path)] == [
        f"{path}:126:1: duplicate question id 'incidents.roles'"
    ]


def test_duplicate_area_id_is_reported_at_the_second_use() -> None:
    """An area id used twice is reported where it is reused (line 112)."""
    path = FIXTURES / "duplicate-area-id.toml"
    assert [str(problem) for problem in problems_of(path)] == [
        f"{path}:112:1: duplicate area id 'visibility'"
    ]


def test_unknown_level_is_reported_at_the_level_key() -> None:
    """A question at level 5 of a four-level questionnaire is reported at its `level` line."""
    problem = only_problem_with(problems_of(FIXTURES / "unknown-level.toml"), "unknown level 5")
    assert (problem.line, problem.column) == (69, 1)


def test_unknown_horizon_is_reported_at_the_horizon_key() -> None:
    """A recommendation horizon other than short, medium or long is reported at its line."""
    problem = only_problem_with(
        problems_of(FIXTURES / "unknown-horizon.toml"), "unknown horizon 'someday'"
    )
    assert (problem.line, problem.column) == (89, 1)


def test_unknown_scale_is_reported_at_the_scale_key() -> None:
    """A question naming an undefined scale is reported at its `scale` line, listing known ones."""
    problem = only_problem_with(
        problems_of(FIXTURES / "unknown-scale.toml"), "unknown scale 'adoptoin'"
    )
    assert (problem.line, problem.column) == (84, 1)
    assert "known: adoption" in problem.message


def test_unknown_dependency_is_reported_at_depends_on() -> None:
    """`depends_on` naming a question that does not exist is reported at its line."""
    path = FIXTURES / "unknown-dependency.toml"
    assert [str(problem) for problem in problems_of(path)] == [
        f"{path}:85:1: question 'visibility.dashboards' depends on unknown question "
        "'visibility.error-rate'"
    ]


def test_rejected_question_is_not_reported_as_an_unknown_dependency() -> None:
    """A question rejected for a typo still exists: depending on it is not 'unknown'."""
    # unknown-key.toml breaks visibility.error-rates (line 69); dashboards depends on it (line 85).
    problems = problems_of(FIXTURES / "unknown-key.toml")
    assert not [problem for problem in problems if "depends on unknown" in problem.message]


def test_level_without_questions_in_an_area_is_reported_at_the_area() -> None:
    """An area with no question at some level is reported at the area's header (line 111)."""
    path = FIXTURES / "level-without-questions.toml"
    problems = problems_of(path)
    assert len(problems) == 1
    assert str(problems[0]).startswith(
        f"{path}:111:1: area 'incidents' has no questions at level 3 (Predictive Operations)"
    )


def test_dependency_cycle_is_reported_with_its_chain() -> None:
    """Two questions depending on each other are one problem naming the whole cycle."""
    path = FIXTURES / "dependency-cycle.toml"
    assert [str(problem) for problem in problems_of(path)] == [
        f"{path}:71:1: dependency cycle: visibility.error-rates -> visibility.dashboards "
        "-> visibility.error-rates"
    ]


def test_control_character_in_text_is_rejected() -> None:
    """An ANSI escape (written as the TOML escape \\u001b) in question text is rejected."""
    problem = only_problem_with(
        problems_of(FIXTURES / "control-characters.toml"), "control character U+001B"
    )
    assert (problem.line, problem.column) == (70, 1)
    assert problem.message.startswith("areas[0].questions[0].text holds")


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    """A file above MAX_QUESTIONNAIRE_BYTES is refused with its size, without being parsed."""
    path = tmp_path / "huge.toml"
    text = MINIMAL_QUESTIONNAIRE.read_text(encoding="utf-8")
    padding = "# padding\n" * ((MAX_QUESTIONNAIRE_BYTES - len(text)) // 10 + 1)
    path.write_text(text + padding, encoding="utf-8")
    size = path.stat().st_size
    assert size > MAX_QUESTIONNAIRE_BYTES
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(path)
    assert str(caught.value) == (
        f"{path}: file is {size:,} bytes; the limit is {MAX_QUESTIONNAIRE_BYTES:,}"
    )


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    """A valid file of exactly MAX_QUESTIONNAIRE_BYTES is not refused for its size."""
    path = tmp_path / "big.toml"
    text = MINIMAL_QUESTIONNAIRE.read_text(encoding="utf-8")
    path.write_text(text + "#" * (MAX_QUESTIONNAIRE_BYTES - len(text.encode())), encoding="utf-8")
    assert path.stat().st_size == MAX_QUESTIONNAIRE_BYTES
    assert load_questionnaire(path).id == "minimal-example"


def test_every_problem_in_a_file_is_reported_at_once_sorted_by_line() -> None:
    """Five independent mistakes come back together, one `path:line:col: msg` each, by line."""
    path = FIXTURES / "several-errors.toml"
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(path)
    assert str(caught.value).splitlines() == [
        f"{path}:8:1: unknown key 'descripton' in questionnaire "
        "(allowed: description, id, title, version)",
        f"{path}:71:1: unknown key 'hepl' in areas[0].questions[0] "
        "(allowed: depends_on, help, id, level, recommendation, scale, text)",
        f"{path}:85:1: question 'visibility.dashboards' depends on unknown question "
        "'visibility.error-rate'",
        f"{path}:112:1: duplicate area id 'visibility'",
        f"{path}:126:1: duplicate question id 'incidents.roles'",
    ]


def test_missing_file_is_an_invalid_file_error(tmp_path: Path) -> None:
    """A path that does not exist gives one clear problem, not a FileNotFoundError."""
    path = tmp_path / "nowhere.toml"
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(path)
    assert str(caught.value).startswith(f"{path}: cannot read file:")


def test_invalid_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are reported at the line holding them."""
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[questionnaire]\nid = "x"\ntitle = "caf\xe9"\n')
    with pytest.raises(InvalidFileError) as caught:
        load_questionnaire(path)
    assert str(caught.value) == f"{path}:3:1: file is not valid UTF-8"


def test_minimal_example_loads() -> None:
    """examples/minimal-questionnaire.toml loads: 2 areas, 4 levels, 8 questions."""
    questionnaire = load_questionnaire(MINIMAL_QUESTIONNAIRE)
    assert questionnaire.id == "minimal-example"
    assert [area.id for area in questionnaire.areas] == ["visibility", "incidents"]
    assert [level.number for level in questionnaire.levels] == [1, 2, 3, 4]
    assert [horizon.id for horizon in questionnaire.horizons] == ["short", "medium", "long"]
    assert len(questionnaire.questions) == 8
    dashboards = questionnaire.question("visibility.dashboards")
    assert dashboards.depends_on == ("visibility.error-rates",)
    assert dashboards.recommendation.horizon == "medium"


def test_every_bundled_questionnaire_loads() -> None:
    """Each file in questionnaires/ loads without a problem and has at least one question."""
    files = bundled_questionnaire_files()
    questionnaires = load_bundled_questionnaires()
    assert len(questionnaires) == len(files) >= 1
    assert all(questionnaire.questions for questionnaire in questionnaires)


def test_default_questionnaire_has_every_area_at_every_level() -> None:
    """The default questionnaire loads by id, with 7+ areas and 40-80 questions at all levels."""
    questionnaire = load_default_questionnaire()
    assert questionnaire.id == DEFAULT_QUESTIONNAIRE_ID
    assert len(questionnaire.areas) >= 7
    assert 40 <= len(questionnaire.questions) <= 80
    for area in questionnaire.areas:
        assert {question.level for question in area.questions} == {1, 2, 3, 4}, area.id


@pytest.mark.parametrize(
    "path",
    _questionnaire_files_under(ROOT / "examples") + _questionnaire_files_under(ROOT / "docs"),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_questionnaires_in_examples_and_docs_load(path: Path) -> None:
    """Every questionnaire file shipped in examples/ or docs/ loads cleanly."""
    assert load_questionnaire(path).questions


def test_scale_with_more_choices_than_digit_keys_is_rejected(tmp_path: Path) -> None:
    """A scale with ten choices is refused at its choices: only the keys 1-9 answer."""
    text = MINIMAL_QUESTIONNAIRE.read_text(encoding="utf-8")
    extra = "".join(
        f'\n[[scales.adoption.choices]]\nvalue = {value}\nlabel = "Extra {value}"\n'
        for value in range(4, 10)
    )
    anchor = 'value = 3\nlabel = "Fully"\n'
    path = tmp_path / "ten-choices.toml"
    path.write_text(text.replace(anchor, anchor + extra), encoding="utf-8")
    problem = only_problem_with(problems_of(path), "has 10 choices; at most 9")
    choices_line = text.splitlines().index("[[scales.adoption.choices]]") + 1
    assert (problem.line, problem.column) == (choices_line, 1)


def test_dependency_cycle_through_levels_is_reported() -> None:
    """A level-1 practice depending on a level-2 practice of its own area can never come first
    (level 2 needs level 1): one problem, naming the whole loop."""
    text = questionnaire_toml(
        {
            "a": [Q("a.one", 1, depends_on=("b.two",)), Q("a.two", 2)],
            "b": [Q("b.one", 1, depends_on=("a.one",)), Q("b.two", 2)],
        },
        levels=2,
    )
    with pytest.raises(InvalidFileError) as caught:
        parse_questionnaire(text.encode(), "loop.toml")
    (problem,) = caught.value.problems
    assert problem.message == (
        "dependency cycle through levels (a practice needs every practice below it in its "
        "area): a.one -> b.two -> b.one (a lower level of area 'b') -> a.one"
    )


def test_depending_on_a_higher_level_of_another_area_is_fine() -> None:
    """A level-1 practice may need another area's level-2 practice when nothing loops back."""
    questionnaire = build_questionnaire(
        {
            "a": [Q("a.one", 1, depends_on=("b.two",)), Q("a.two", 2)],
            "b": [Q("b.one", 1), Q("b.two", 2)],
        },
        levels=2,
    )
    assert questionnaire.question("a.one").depends_on == ("b.two",)


def _area_skipping(skipped: str, levels: tuple[int, ...] = (2, 3)) -> bytes:
    """The minimal questionnaire plus an area `gaps` with questions at `levels` only."""
    questions = "".join(
        f'\n[[areas.questions]]\nid = "gaps.l{level}"\nlevel = {level}\ntext = "Q{level}?"\n'
        f'scale = "adoption"\nrecommendation = {{ action = "Do {level}.", horizon = "short" }}\n'
        for level in levels
    )
    text = MINIMAL_QUESTIONNAIRE.read_text(encoding="utf-8")
    return (text + f'\n[[areas]]\nid = "gaps"\nname = "Gaps"\n{skipped}\n{questions}').encode()


def test_area_may_skip_the_levels_it_lists() -> None:
    """An area listing levels 1 and 4 in skipped_levels loads with questions at 2 and 3 only."""
    questionnaire = parse_questionnaire(_area_skipping("skipped_levels = [1, 4]"), "gaps.toml")
    assert [q.level for q in questionnaire.area("gaps").questions] == [2, 3]


def test_unlisted_gap_is_still_an_error_that_says_how_to_skip() -> None:
    """Leaving out level 4 without listing it is reported, and the message names the key."""
    with pytest.raises(InvalidFileError) as caught:
        parse_questionnaire(_area_skipping("skipped_levels = [1]"), "gaps.toml")
    (problem,) = caught.value.problems
    assert "area 'gaps' has no questions at level 4" in problem.message
    assert "skipped_levels" in problem.message


@pytest.mark.parametrize(
    ("skipped", "message"),
    [
        ("skipped_levels = [1, 2, 4]", "lists level 2 in skipped_levels but has questions"),
        ("skipped_levels = [1, 4, 7]", "skipped_levels names unknown level 7"),
        ('skipped_levels = ["one", 4]', "skipped_levels[0] must be an integer"),
    ],
)
def test_wrong_skipped_levels_are_reported_at_the_key(skipped: str, message: str) -> None:
    """A listed level with questions, an unknown level, or a non-integer: path:line:col each."""
    with pytest.raises(InvalidFileError) as caught:
        parse_questionnaire(_area_skipping(skipped), "gaps.toml")
    texts = [str(problem) for problem in caught.value.problems]
    assert any(message in text and text.startswith("gaps.toml:") for text in texts), texts
    line = next(t for t in texts if message in t).split(":")[1]
    source = _area_skipping(skipped).decode().splitlines()
    assert source[int(line) - 1].startswith("skipped_levels")


def test_a_thousand_questions_of_dsomm_length_fit_load_and_report() -> None:
    """1,000 practices, each with about 2.5 KB of Markdown guidance (DSOMM's length), fit in the
    limit, load, and give a report with every one of them as an item."""
    from ops_maturity.core.model.assessment import Answer, Assessment
    from ops_maturity.core.reports.report import render_report

    areas = {f"a{n}": [Q(f"a{n}.q{i}", i % 4 + 1) for i in range(100)] for n in range(10)}
    guidance = "\\n\\n".join(["Step " + "word " * 60] * 8)
    text = questionnaire_toml(areas).replace(
        'horizon = "short" }', f'horizon = "short", how = "{guidance}" }}'
    )
    assert 2_000_000 < len(text.encode()) < MAX_QUESTIONNAIRE_BYTES
    questionnaire = parse_questionnaire(text.encode(), "big.toml")
    assert len(questionnaire.questions) == 1_000
    assessment = Assessment.start(questionnaire, "Team", "2027-Q1")
    for question in questionnaire.questions:
        assessment.record(question.id, Answer(0))
    report = render_report(questionnaire, assessment, charts=False)
    assert report.count("- [ ] **Do a") == 1_000


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('effort = "', 'detail = "plain"\neffort = "', "either how (Markdown) or detail"),
        ('tags = ["monitoring", "basics"]', "tags = [" + '"t", ' * 21 + '"t"]', "tags has 22"),
        (
            'tags = ["monitoring", "basics"]',
            'tags = ["monitoring", " "]',
            "tags[1] must not be empty",
        ),
        ('tags = ["monitoring", "basics"]', 'tags = ["' + "t" * 65 + '"]', "at most 64"),
        ('references = ["SAMM', 'references = [1, "SAMM', "references[0] must be a string"),
        ('effort = "knowledge', 'effort = "line\\nbreak knowledge', "effort must be one line"),
        ('how = "Add an external', 'how = "\\u001b[31m Add an external', "control character"),
        ('met_at_least = "all"', "met_at_least = true", "met_at_least must be"),
    ],
)
def test_new_fields_are_reported_at_their_line(old: str, new: str, message: str) -> None:
    """Every problem with how, effort, tags, references and met rules is path:line:col."""
    source = (FIXTURES / "multi-select.toml").read_text(encoding="utf-8")
    text = source.replace(old, new, 1)
    assert text != source
    with pytest.raises(InvalidFileError) as caught:
        parse_questionnaire(text.encode(), "new.toml")
    found = [p for p in caught.value.problems if message in p.message]
    assert found and all(p.line is not None for p in found), caught.value.problems

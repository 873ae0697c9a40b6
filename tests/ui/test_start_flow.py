"""Pilot tests of launching: the Start screen, going straight to a team, resuming, bad input.

Each test builds the app through `make_app` (as the CLI does) with a temporary folder, drives it
with Pilot, and asserts on screen state and on the saved file.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.assessment import SpecialAnswer, Status
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.assessment_store import load_assessment, save_assessment_atomically
from ops_maturity.core.storage.file_names import default_assessment_path
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.start import StartScreen
from textual.content import Content
from textual.widgets import Input, OptionList, Static


def shown(app: OpsMaturityApp, selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


async def test_start_then_answer_everything_completes_and_saves(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """Start screen -> team -> start -> every question answered -> complete file."""
    app = make_app(questionnaire=minimal_path, folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press(*"Payments")
        app.screen.query_one("#participants", Input).value = "Ana"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert app.assessment_path == default_assessment_path(
            tmp_path, "Payments", app.assessment.label if app.assessment else ""
        )
        keys = ["4", "3", "2", "1", "4", "4", "3", "3"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        assert app.assessment is not None and app.assessment_path is not None
        assert app.assessment.status == Status.COMPLETE
        assert app.screen.query_one("#complete-notice").display
        saved = load_assessment(app.assessment_path)
        assert saved.status == Status.COMPLETE
        assert saved.participants == ["Ana"]
        assert saved.questionnaire_path.endswith("minimal-questionnaire.toml")
        expected = {
            question.id: int(key) - 1 for question, key in zip(minimal.questions, keys, strict=True)
        }
        assert {qid: answer.value for qid, answer in saved.answers.items()} == expected


async def test_empty_team_is_explained_next_to_the_field(tmp_path: Path, minimal_path: str) -> None:
    """Starting without a team name shows a message in place and creates no file."""
    app = make_app(questionnaire=minimal_path, folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.screen.query_one("#team-error").display
        assert shown(app, "#team-error") == "Enter the team's name."
        assert app.focused is app.screen.query_one("#team")
        assert list(tmp_path.iterdir()) == []


async def test_unreadable_questionnaire_file_is_explained_in_place(tmp_path: Path) -> None:
    """A questionnaire path that cannot be read shows why, and the app stays on Start."""
    missing = tmp_path / "nowhere" / "questionnaire.toml"
    app = make_app(folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#questionnaire-file", Input).value = str(missing)
        app.screen.query_one("#team", Input).value = "Payments"
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        message = shown(app, "#questionnaire-error")
        assert str(missing) in message
        assert "cannot read file" in message
        assert app.assessment is None


async def test_broken_questionnaire_shows_path_line_and_column(tmp_path: Path) -> None:
    """A questionnaire with a TOML error shows `path:line:col: message` on the Start screen."""
    broken = tmp_path / "broken.toml"
    broken.write_text('[questionnaire]\nid = "x"\ntitle = \n', encoding="utf-8")
    app = make_app(folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#questionnaire-file", Input).value = str(broken)
        app.screen.query_one("#team", Input).value = "Payments"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert shown(app, "#questionnaire-error").startswith(f"{broken}:3:")


async def test_bad_questionnaire_at_launch_opens_start_with_the_error(tmp_path: Path) -> None:
    """`--team` with an unreadable questionnaire lands on Start with the problem shown."""
    app = make_app(questionnaire=str(tmp_path / "missing.toml"), team="Payments", folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "missing.toml" in shown(app, "#start-errors")
        assert app.screen.query_one("#team", Input).value == "Payments"


async def test_team_at_launch_goes_straight_to_the_first_question(
    tmp_path: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """`--team` creates the team's file and opens the Assess screen on question 1."""
    app = make_app(questionnaire=minimal_path, team="Payments", label="2026-Q3", folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert app.screen.question.id == minimal.questions[0].id
        path = default_assessment_path(tmp_path, "Payments", "2026-Q3")
        assert app.assessment_path == path
        assert load_assessment(path).team == "Payments"


async def test_resume_file_lands_on_first_unanswered_question(
    half_finished: Path, minimal: Questionnaire
) -> None:
    """`--resume FILE` reopens the assessment at its first unanswered question."""
    app = make_app(resume=half_finished, folder=half_finished.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert app.screen.index == 3
        assert app.screen.question.id == minimal.questions[3].id
        assert "3/8 answered" in shown(app, "#progress-label")


async def test_team_at_launch_resumes_an_existing_file(
    half_finished: Path, minimal_path: str, minimal: Questionnaire
) -> None:
    """Starting a team and label that already have a file resumes it instead of overwriting."""
    app = make_app(
        questionnaire=minimal_path, team="Payments", label="2026-Q2", folder=half_finished.parent
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert app.screen.question.id == minimal.questions[3].id
        assert len(load_assessment(half_finished).answers) == 3


async def test_resume_list_shows_progress_and_opens_the_assessment(
    half_finished: Path, minimal: Questionnaire
) -> None:
    """The Start screen lists saved assessments with team, label and %; choosing one resumes it."""
    app = make_app(folder=half_finished.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        resume = app.screen.query_one("#resume-list", OptionList)
        assert resume.option_count == 1
        prompt = resume.get_option_at_index(0).prompt
        assert isinstance(prompt, Content)
        assert "Payments · 2026-Q2 · 38%" in prompt.plain
        await pilot.press("ctrl+r")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert app.screen.question.id == minimal.questions[3].id


async def test_resume_reports_questions_added_since_the_file_was_saved(
    half_finished: Path, minimal: Questionnaire
) -> None:
    """Reconcile runs on resume: a question missing from the file is announced, and the file
    takes the new question list with the first change, not before."""
    assessment = load_assessment(half_finished)
    assessment.question_ids.remove(minimal.questions[7].id)
    save_assessment_atomically(assessment, half_finished)
    before = half_finished.read_bytes()
    app = make_app(resume=half_finished, folder=half_finished.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [str(notification.message) for notification in app._notifications]
        assert any("1 new question(s)" in message for message in messages)
        assert not any("1.0.0 to 1.0.0" in message for message in messages)
        assert half_finished.read_bytes() == before
        await pilot.press("2")
        await pilot.pause()
        assert minimal.questions[7].id in load_assessment(half_finished).question_ids


async def test_resuming_a_hand_written_file_changes_nothing_until_an_answer(
    tmp_path: Path, minimal_path: str
) -> None:
    """`run --resume` on a file with comments, written against an older questionnaire version:
    open, browse and quit, and not a byte changes."""
    path = tmp_path / "hand-written.toml"
    path.write_text(
        "# Written by hand in the retro; keep this comment.\n"
        '[assessment]\nformat_version = 1\nteam = "Payments"  # the team\n'
        'label = "2026-Q2"\ndate = 2026-05-02\nstatus = "in-progress"\n\n'
        f'[questionnaire]\nid = "minimal-example"\nversion = "0.9.0"\npath = "{minimal_path}"\n\n'
        '[answers]\n# first answer\n"visibility.error-rates" = { answer = 2 }\n',
        encoding="utf-8",
    )
    before = path.read_bytes()
    app = make_app(resume=path, folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        await pilot.press("right", "left")
        await pilot.pause()
        assert path.read_bytes() == before
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before


async def test_unreadable_resume_file_opens_start_with_the_problems(tmp_path: Path) -> None:
    """`--resume` on a broken file shows its problems on the Start screen; nothing is written."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[assessment]\nteam = 3\n", encoding="utf-8")
    app = make_app(resume=bad, folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert f"{bad}:2:" in shown(app, "#start-errors")
        assert bad.read_text(encoding="utf-8") == "[assessment]\nteam = 3\n"


MARKUP = "[@click=app.quit]Quit[/] [/bold]"

INJECTION_QUESTIONNAIRE = f"""
[questionnaire]
id = "injection"
version = "1.0.0"
title = "{MARKUP} title"

[[levels]]
number = 1
name = "{MARKUP} level"

[[levels]]
number = 2
name = "Second"

[horizons.short]
label = "Short"

[horizons.medium]
label = "Medium"

[horizons.long]
label = "Long"

[scales.yes-no]
name = "Yes or no"
met_threshold = 1

[[scales.yes-no.choices]]
value = 0
label = "{MARKUP} no"

[[scales.yes-no.choices]]
value = 1
label = "Yes"

[[areas]]
id = "area"
name = "{MARKUP} area"

[[areas.questions]]
id = "area.question"
level = 1
text = "{MARKUP}"
help = "{MARKUP} help"
scale = "yes-no"

[areas.questions.recommendation]
action = "Act"
horizon = "short"

[[areas.questions]]
id = "area.second"
level = 2
text = "Second question"
scale = "yes-no"

[areas.questions.recommendation]
action = "Act again"
horizon = "medium"
"""


async def test_markup_in_questionnaire_and_names_is_shown_literally(tmp_path: Path) -> None:
    """Questionnaire text and team names that look like markup show as typed and do nothing."""
    questionnaire = tmp_path / "injection.toml"
    questionnaire.write_text(INJECTION_QUESTIONNAIRE, encoding="utf-8")
    app = make_app(folder=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#questionnaire-file", Input).value = str(questionnaire)
        app.screen.query_one("#team", Input).value = "[b]Team[/b] [@click=app.quit]x[/]"
        await pilot.click("#start")
        await pilot.pause()
        assert isinstance(app.screen, AssessScreen)
        assert shown(app, "#question-text") == MARKUP
        assert shown(app, "#help-text") == f"{MARKUP} help"
        assert shown(app, "#area-name") == f"{MARKUP} area"
        assert MARKUP in shown(app, "#level-badge")
        await pilot.click("#question-text", offset=(2, 0))
        await pilot.click("#area-name", offset=(2, 0))
        await pilot.pause()
        assert app.is_running
        assert (app.screen.sub_title or "").startswith("[b]Team[/b] [@click=app.quit]x[/]")
        await pilot.press("1")
        await pilot.pause()
        assert app.assessment is not None
        assert app.assessment.answer_for("area.question").value == 0
        assert app.assessment.answer_for("area.question").value != SpecialAnswer.DONT_KNOW

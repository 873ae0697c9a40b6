"""The injection corpus in the app: hostile text is shown literally and never fires an action.

Each string of tests/data/injection/strings.json goes into every kind of text the app shows:
questionnaire text (area names, questions, help, choice labels), answer text (notes, owner,
not-applicable reason), team and label (the resume list and the header), and the facilitator and
participants given at launch. One Pilot run per field kind walks the whole corpus and checks that
each widget shows the text with only control characters removed, that the app is still running,
and that the screen did not change (a `[@click=app.quit]` is also clicked).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import tomli_w
from ops_maturity.core.model.assessment import Answer, Assessment, SpecialAnswer
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.storage.assessment_store import save_assessment_atomically
from ops_maturity.core.text import (
    clean_single_line,
    find_control_character,
    strip_control_characters,
)
from ops_maturity.ui.app import OpsMaturityApp, make_app
from ops_maturity.ui.screens.assess import AssessScreen
from ops_maturity.ui.screens.start import StartScreen
from ops_maturity.ui.widgets.choice_list import ChoiceList
from textual.content import Content
from textual.widgets import Input, OptionList, Static

ROOT = Path(__file__).resolve().parents[2]
CORPUS = json.loads((ROOT / "tests/data/injection/strings.json").read_text(encoding="utf-8"))
STRINGS: list[str] = [entry["text"] for entry in CORPUS["strings"]]
DAY = dt.date(2026, 10, 15)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What the screen must never show: control characters but newline and tab, and bidi controls."""


def shown(app: OpsMaturityApp, selector: str) -> str:
    """The plain text a Static shows, checked free of control and bidi characters."""
    content = app.screen.query_one(selector, Static).content
    text = content.plain if isinstance(content, Content) else str(content)
    assert not UNSAFE.search(text), text
    return text


def one_line(text: str, fallback: str) -> str:
    """`text` when the loader accepts it in a one-line field, else a plain fallback."""
    ok = find_control_character(text) is None and "\n" not in text and "\r" not in text
    return text if ok and text.strip() else fallback


def multi_line(text: str, fallback: str) -> str:
    """`text` when the loader accepts it in a multi-line field, else a plain fallback."""
    return text if find_control_character(text) is None and text.strip() else fallback


def corpus_questionnaire(path: Path, hostile: bool) -> Path:
    """One area per corpus string (named by it), whose level-1 question, help and choice labels
    hold it too; each area also has a plain level-2 question. Plain text when not `hostile`."""
    data: dict[str, Any] = {
        "questionnaire": {"id": "injection", "version": "1", "title": "Injection"},
        "levels": [{"number": 1, "name": "One"}, {"number": 2, "name": "Two"}],
        "horizons": {h: {"label": h.title()} for h in ("short", "medium", "long")},
        "scales": {},
        "areas": [],
    }
    for pair in range(0, len(STRINGS), 2):
        labels = STRINGS[pair : pair + 2] if hostile else ["No", "Yes"]
        data["scales"][f"s{pair // 2}"] = {
            "name": "Scale",
            "met_threshold": 1,
            "choices": [
                {"value": value, "label": one_line(label, f"Choice {value}")}
                for value, label in enumerate([*labels, "Yes"][:2])
            ],
        }
    for index, text in enumerate(STRINGS):
        scale = f"s{index // 2}"
        data["areas"].append(
            {
                "id": f"a{index}",
                "name": one_line(text, f"Area {index}") if hostile else f"Area {index}",
                "questions": [
                    {
                        "id": f"q{index}.a",
                        "level": 1,
                        "text": multi_line(text, "Plain?") if hostile else "Plain?",
                        "help": multi_line(text, "Help") if hostile else "Help",
                        "scale": scale,
                        "recommendation": {"action": "Act.", "horizon": "short"},
                    },
                    {
                        "id": f"q{index}.b",
                        "level": 2,
                        "text": "Plain?",
                        "scale": scale,
                        "recommendation": {"action": "Act.", "horizon": "short"},
                    },
                ],
            }
        )
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


async def assert_still_running(app: OpsMaturityApp, screen_type: type | tuple[type, ...]) -> None:
    assert app.is_running
    assert isinstance(app.screen, screen_type)


async def test_questionnaire_text_is_shown_literally(tmp_path: Path) -> None:
    """Area names, questions, help and choice labels from the corpus, one question each."""
    path = corpus_questionnaire(tmp_path / "q.toml", hostile=True)
    questionnaire = load_questionnaire(path)
    app = make_app(questionnaire=str(path), team="Payments", folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        for index in range(len(STRINGS)):
            question = questionnaire.question(f"q{index}.a")
            screen.jump_to_question(question.id)  # fills the widgets at once
            area = questionnaire.area(question.area_id)
            assert shown(app, "#area-name") == clean_single_line(area.name)
            assert shown(app, "#question-text") == strip_control_characters(question.text)
            assert shown(app, "#help-text") == strip_control_characters(question.help)
            choices = app.screen.query_one(ChoiceList).render().plain
            assert not UNSAFE.search(choices)
            for choice in question.scale.choices:
                assert clean_single_line(choice.label)[:40] in choices
            if "@click" in question.text:
                await pilot.pause()  # lay out first, so the click lands on the text
                await pilot.click("#question-text")
                await pilot.click("#area-name")
                await pilot.pause()
            await assert_still_running(app, AssessScreen)
        assert app.screen is screen


async def test_notes_owner_and_reason_are_shown_literally(tmp_path: Path) -> None:
    """Each question holds one corpus string as notes, owner and not-applicable reason."""
    path = corpus_questionnaire(tmp_path / "q.toml", hostile=False)
    questionnaire = load_questionnaire(path)
    assessment = Assessment.start(
        questionnaire, "Payments", "2026-Q4", today=DAY, questionnaire_path="q.toml"
    )
    for index, text in enumerate(STRINGS):
        assessment.record(
            f"q{index}.a",
            Answer(SpecialAnswer.NOT_APPLICABLE, notes=text, owner=text, na_reason=text + " (why)"),
        )
    saved = tmp_path / "payments.toml"
    save_assessment_atomically(assessment, saved)
    app = make_app(resume=saved, folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AssessScreen)
        for index, text in enumerate(STRINGS):
            screen.jump_to_question(f"q{index}.a")  # fills the widgets at once
            lines = ["Not applicable because: " + strip_control_characters(text + " (why)").strip()]
            if clean_single_line(text):
                lines.append("Owner: " + clean_single_line(text))
            if strip_control_characters(text).strip():
                lines.append("Notes: " + strip_control_characters(text).strip())
            assert shown(app, "#answer-details") == "\n".join(lines)
            if "@click" in text:
                await pilot.pause()  # lay out first, so the click lands on the text
                await pilot.click("#answer-details")
                await pilot.pause()
            await assert_still_running(app, AssessScreen)
        assert app.screen is screen


async def test_team_and_label_are_shown_literally_in_the_resume_list(tmp_path: Path) -> None:
    """One saved assessment per corpus string, with it in the team and the label."""
    path = corpus_questionnaire(tmp_path / "q.toml", hostile=False)
    questionnaire = load_questionnaire(path)
    folder = tmp_path / "assessments"
    folder.mkdir()
    for index, text in enumerate(STRINGS):
        assessment = Assessment.start(
            questionnaire,
            text + " team",
            text + " label",
            today=DAY,
            questionnaire_path="../q.toml",
        )
        save_assessment_atomically(assessment, folder / f"{index}.toml")
    app = make_app(folder=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        resume = app.screen.query_one("#resume-list", OptionList)
        prompts = [resume.get_option_at_index(i).prompt for i in range(resume.option_count)]
        plain = "\n".join(p.plain if isinstance(p, Content) else str(p) for p in prompts)
        assert not UNSAFE.search(plain)
        for text in STRINGS:
            assert clean_single_line(text + " team") in plain
            assert clean_single_line(text + " label") in plain
        await pilot.click("#resume-list")
        await assert_still_running(app, (StartScreen, AssessScreen))


async def test_facilitator_and_participants_from_launch_are_shown_cleaned(tmp_path: Path) -> None:
    """`run --team/--label/--facilitator/--participants` values reach the Start screen cleaned.

    Every participant list holds the whole corpus; the one-line fields take it in groups of
    eight strings (cleaning is per character, so a group cleans as its members do), which keeps
    the number of Start screens built small.
    """
    app = make_app(folder=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for start in range(0, len(STRINGS), 8):
            text = " ".join(STRINGS[start : start + 8])
            await app.push_screen(
                StartScreen(
                    folder=tmp_path,
                    team=text,
                    label=text,
                    facilitator=text,
                    participants=[*STRINGS, "Bo"],
                )
            )
            await pilot.pause()
            screen = app.screen
            for field in ("#team", "#label", "#facilitator"):
                assert screen.query_one(field, Input).value == clean_single_line(text)
            expected = ", ".join(n for n in (*map(clean_single_line, STRINGS), "Bo") if n)
            assert screen.query_one("#participants", Input).value == expected
            await assert_still_running(app, StartScreen)
            app.pop_screen()
            await pilot.pause()

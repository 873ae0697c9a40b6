"""Pilot tests of the Results screen, hosted in a tiny app so they need no app shell."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.ui.report_prefetch import ReportPrefetch
from ops_maturity.ui.screens.report import ReportScreen
from ops_maturity.ui.screens.results import ResultsScreen
from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Digits, ProgressBar, Static
from timing import wait_for

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "examples" / "minimal-questionnaire.toml"
MARKUP = "[@click=app.quit]x[/] [/bold]"


@pytest.fixture
def questionnaire() -> Questionnaire:
    """Two areas (visibility, incidents), one question per level 1-4, met at 2 or more."""
    return load_questionnaire(MINIMAL)


def partial_assessment(questionnaire: Questionnaire, team: str = "Payments") -> Assessment:
    """3 of 8 answered: both areas at Level 1, so overall Level 1."""
    assessment = Assessment.start(questionnaire, team, "2026-Q4", today=dt.date(2026, 11, 2))
    assessment.record("visibility.error-rates", Answer(3, owner="Ann"))
    assessment.record("visibility.dashboards", Answer(1))  # partial: below the threshold of 2
    assessment.record("incidents.roles", Answer(2))
    return assessment


def complete_assessment(questionnaire: Questionnaire) -> Assessment:
    """All 8 answered: visibility at Level 2, incidents at Level 3, so overall Level 2."""
    assessment = Assessment.start(questionnaire, "Payments", "2026-Q4", today=dt.date(2026, 11, 2))
    answers = {
        "visibility.error-rates": 3,
        "visibility.dashboards": 2,
        "visibility.anomalies": 0,
        "incidents.roles": 3,
        "incidents.reviews": 3,
        "incidents.follow-through": 3,
        "incidents.auto-mitigation": 1,
    }
    for question_id, value in answers.items():
        assessment.record(question_id, Answer(value))
    assessment.record("visibility.trends", Answer(0, owner="Bea"))
    return assessment


class HostApp(App[None]):
    """Shows one ResultsScreen over the default screen."""

    def __init__(self, questionnaire: Questionnaire, assessment: Assessment) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.assessment = assessment
        self.report_prefetch = ReportPrefetch()

    def on_mount(self) -> None:
        self.push_screen(ResultsScreen(self.questionnaire, self.assessment, None))


def text_of(static: Static) -> str:
    content = static.content
    return content.plain if isinstance(content, Content) else str(content)


def results_screen(app: App[None]) -> ResultsScreen:
    assert isinstance(app.screen, ResultsScreen)
    return app.screen


async def test_overall_level_is_shown_in_digits_with_its_name(
    questionnaire: Questionnaire,
) -> None:
    """The weakest area (visibility, Level 2) sets the overall level, shown big and named."""
    app = HostApp(questionnaire, complete_assessment(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = results_screen(app)
        assert screen.query_one("#overall-digits", Digits).value == "2"
        assert text_of(screen.query_one("#overall-name", Static)) == (
            "Level 2 · Proactive Monitoring"
        )


async def test_level_zero_is_named_not_yet_at_level_1(questionnaire: Questionnaire) -> None:
    """An empty assessment is at 0, named as the questionnaire's pseudo-level."""
    assessment = Assessment.start(questionnaire, "Payments", "2026-Q4")
    app = HostApp(questionnaire, assessment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = results_screen(app)
        assert screen.query_one("#overall-digits", Digits).value == "0"
        assert text_of(screen.query_one("#overall-name", Static)) == "Not yet at Level 1"


async def test_with_an_area_unanswered_the_overall_level_is_not_known_yet(
    questionnaire: Questionnaire,
) -> None:
    """Only visibility answered: no big 0 and no 'Not yet at Level 1' for a half-done retro; the
    screen says the level waits for the other area."""
    assessment = Assessment.start(questionnaire, "Payments", "2026-Q4")
    for question in questionnaire.area("visibility").questions:
        assessment.record(question.id, Answer(3))
    app = HostApp(questionnaire, assessment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = results_screen(app)
        assert screen.query_one("#overall-digits", Digits).value == "-"
        assert text_of(screen.query_one("#overall-name", Static)) == (
            "Level not known yet: 1 of 2 areas not assessed"
        )


async def test_each_area_shows_its_level_as_a_bar_and_what_the_next_level_needs(
    questionnaire: Questionnaire,
) -> None:
    """Visibility is at 2 and needs its trends review; incidents is at 3 and needs automation."""
    app = HostApp(questionnaire, complete_assessment(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = results_screen(app)
        visibility, incidents = screen.query_one("#area-0"), screen.query_one("#area-1")

        assert text_of(visibility.query_one(".area-name", Static)) == "Measurement and visibility"
        assert visibility.query_one(ProgressBar).progress == 2
        assert visibility.query_one(ProgressBar).total == 4
        assert text_of(visibility.query_one(".area-level", Static)) == (
            "2/4 · Proactive Monitoring"
        )
        assert text_of(visibility.query_one(".area-next", Static)) == (
            "Target 3 · "
            "Level 3 needs 1 practice: Do you review capacity and latency trends every month?"
        )

        assert incidents.query_one(ProgressBar).progress == 3
        assert text_of(incidents.query_one(".area-level", Static)) == (
            "3/4 · Predictive Operations"
        )
        assert text_of(incidents.query_one(".area-next", Static)).startswith(
            "Target 4 · Level 4 needs 1 practice: Are known incident types mitigated automatically?"
        )


async def test_partial_assessment_is_marked_incomplete(questionnaire: Questionnaire) -> None:
    """3 of 8 answered shows the incomplete marker with the count."""
    app = HostApp(questionnaire, partial_assessment(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        marker = results_screen(app).query_one("#completeness", Static)
        assert text_of(marker) == "Incomplete: 3/8 answered"
        assert marker.has_class("-incomplete")


async def test_complete_assessment_is_not_marked_incomplete(questionnaire: Questionnaire) -> None:
    """With every question answered there is no incomplete marker."""
    app = HostApp(questionnaire, complete_assessment(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        marker = results_screen(app).query_one("#completeness", Static)
        assert "Incomplete" not in text_of(marker)
        assert not marker.has_class("-incomplete")


async def test_only_answered_practices_are_planned_the_rest_are_follow_ups(
    questionnaire: Questionnaire,
) -> None:
    """3 of 8 answered: the partly-in-place dashboard is this quarter's plan; the five
    unanswered questions are follow-ups to answer first, never roadmap items."""
    app = HostApp(questionnaire, partial_assessment(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = results_screen(app)
        headings = {
            horizon: text_of(screen.query_one(f"#heading-{horizon}", Static))
            for horizon in ("short", "medium", "long")
        }
        items = {
            horizon: text_of(screen.query_one(f"#items-{horizon}", Static))
            for horizon in ("short", "medium", "long")
        }
        follow_ups = text_of(screen.query_one("#follow-ups", Static))
        intro = text_of(screen.query_one("#plan-intro", Static))

    assert headings["short"].startswith("Short-term (0-3 months)  1 action")
    assert headings["medium"].startswith("Medium-term (3-12 months)  0 actions")
    assert items["short"].splitlines() == [
        " 1. Build one health dashboard per service.",
        "    Measurement and visibility · Level 2 · Unassigned",
        "    already partly in place · first step of Medium-term (3-12 months) work",
    ]
    assert items["medium"] == items["long"] == "Nothing planned in this horizon."
    assert follow_ups.startswith("Follow-ups: 5 to answer first (5 unanswered, 0 don't know)")
    assert intro.startswith("The constraint: Measurement and visibility (Level 1, the lowest).")


async def test_plan_shows_owners_and_later_items_their_labels(
    questionnaire: Questionnaire,
) -> None:
    """Complete: visibility (Level 2) is the constraint; its trend review, owned by Bea, is the
    plan; the partly automated mitigation waits for medium-term, labelled as partly in place."""
    app = HostApp(questionnaire, complete_assessment(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = results_screen(app)
        short = text_of(screen.query_one("#items-short", Static))
        medium = text_of(screen.query_one("#items-medium", Static))
        long_term = text_of(screen.query_one("#items-long", Static))
        follow_ups = text_of(screen.query_one("#follow-ups", Static))

    assert short.splitlines()[:2] == [
        " 1. Hold a monthly trend review.",
        "    Measurement and visibility · Level 3 · Owner: Bea",
    ]
    assert [line for line in medium.splitlines() if line[:4].strip().endswith(".")] == [
        " 2. Add anomaly detection on key service metrics.",
        " 3. Automate the mitigation of the most frequent incident types.",
    ]
    assert medium.endswith("already partly in place · first step of Long-term (12+ months) work")
    assert long_term == "Nothing planned in this horizon."
    assert follow_ups.startswith("Follow-ups: none")


async def test_markup_in_user_text_is_shown_literally_and_does_nothing(tmp_path: Path) -> None:
    """A team name, area name and action written as markup show as typed; clicking is harmless."""
    source = MINIMAL.read_text(encoding="utf-8")
    source = source.replace('name = "Incident management"', f'name = "{MARKUP}"')
    source = source.replace(
        'action = "Hold a blameless review after every significant incident."',
        f'action = "{MARKUP}"',
    )
    path = tmp_path / "markup.toml"
    path.write_text(source, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    assessment = partial_assessment(questionnaire, team=MARKUP)
    assessment.record("incidents.reviews", Answer(0))  # its action is the markup
    app = HostApp(questionnaire, assessment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = results_screen(app)
        assert text_of(screen.query_one("#team-line", Static)).startswith(MARKUP)
        assert text_of(screen.query_one("#area-1 .area-name", Static)) == MARKUP
        assert f" 2. {MARKUP}\n    {MARKUP} · Level 2" in text_of(
            screen.query_one("#items-short", Static)
        )
        await pilot.click("#team-line", offset=(1, 0))
        await pilot.click("#items-short", offset=(5, 0))
        screen.query_one("#area-1").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        await pilot.click("#area-1 .area-name", offset=(1, 0))
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_results_are_recomputed_each_time_the_screen_is_shown(
    questionnaire: Questionnaire,
) -> None:
    """Answers changed while another screen was on top show when Results is shown again."""
    assessment = partial_assessment(questionnaire)
    app = HostApp(questionnaire, assessment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = results_screen(app)
        assert screen.query_one("#area-1 ProgressBar", ProgressBar).progress == 1

        await app.push_screen(Screen())
        assessment.record("incidents.reviews", Answer(3))
        app.pop_screen()
        await pilot.pause()

        assert screen.query_one("#area-1 ProgressBar", ProgressBar).progress == 2
        assert text_of(screen.query_one("#completeness", Static)) == "Incomplete: 4/8 answered"
        assert "Hold a blameless review" not in text_of(screen.query_one("#items-short", Static))


async def test_escape_and_b_go_back(questionnaire: Questionnaire) -> None:
    """Both back keys pop the Results screen."""
    for key in ("escape", "b"):
        app = HostApp(questionnaire, partial_assessment(questionnaire))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, ResultsScreen)
            assert app.is_running


async def test_m_opens_the_report_for_the_same_assessment(questionnaire: Questionnaire) -> None:
    """`m` pushes the Report screen with the questionnaire and assessment shown."""
    assessment = partial_assessment(questionnaire)
    app = HostApp(questionnaire, assessment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.assessment is assessment
        assert app.screen.questionnaire is questionnaire


def test_results_and_report_modules_do_not_import_jinja2() -> None:
    """Jinja2 loads only when a report is rendered, never at app start-up."""
    code = (
        "import sys\n"
        "import ops_maturity.ui.screens.results, ops_maturity.ui.screens.report\n"
        "import ops_maturity.ui.screens.help\n"
        "import ops_maturity.ui.providers.commands\n"
        "assert 'jinja2' not in sys.modules, 'jinja2 was imported'\n"
        "assert 'ops_maturity.core.reports.report' not in sys.modules, 'ops_maturity.core.reports.report was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr


async def test_f1_opens_the_help_screen(questionnaire: Questionnaire) -> None:
    """F1 lists every key, from the Results screen too."""
    from ops_maturity.ui.screens.help import HelpScreen

    app = HostApp(questionnaire, partial_assessment(questionnaire))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_report_is_rendered_while_the_results_are_read(
    questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Results screen renders the report in the background; `m` shows that very text."""
    from ops_maturity.core.reports import folder_report as report_module
    from ops_maturity.core.reports.report import render_report

    renders: list[Assessment] = []
    real_render = report_module.render_report_markdown

    def counted(
        questionnaire: Questionnaire, assessment: Assessment, path: Path | None = None
    ) -> tuple[str | None, str]:
        renders.append(assessment)
        return real_render(questionnaire, assessment, path)

    monkeypatch.setattr(report_module, "render_report_markdown", counted)
    assessment = partial_assessment(questionnaire)
    app = HostApp(questionnaire, assessment)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The prefetch thread starts once the results are drawn, before any key.
        await wait_for(lambda: renders, "the prefetch to render", pilot=pilot)
        assert renders == [assessment]
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.report_text == render_report(questionnaire, assessment)
        assert renders == [assessment]  # and only that render


async def test_a_prefetched_report_is_not_used_after_the_assessment_changed(
    questionnaire: Questionnaire,
) -> None:
    """An answer recorded after the prefetch makes the Report screen render afresh."""
    from ops_maturity.core.reports.report import render_report

    assessment = partial_assessment(questionnaire)
    prefetch = ReportPrefetch()
    prefetch.start(questionnaire, assessment, None)
    assessment.record(questionnaire.questions[-1].id, Answer(3, owner="Late answer"))
    text, problem = await prefetch.rendered(questionnaire, assessment, None)
    assert problem == ""
    assert text == render_report(questionnaire, assessment)
    assert "Late answer" in (text or "")


async def test_a_prefetched_report_belongs_to_the_app_that_made_it(
    questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two apps in one process (two tests in one worker) never share a prefetch: the second
    renders its own, even for the same assessment, and the first still finds its own."""
    from ops_maturity.core.reports import folder_report as report_module

    assessment = partial_assessment(questionnaire)
    first_app, second_app = ReportPrefetch(), ReportPrefetch()
    first_app.start(questionnaire, assessment, None)
    fresh_renders: list[Assessment] = []
    real_render = report_module.render_report_markdown

    def counted(
        questionnaire: Questionnaire, assessment: Assessment, path: Path | None = None
    ) -> tuple[str | None, str]:
        fresh_renders.append(assessment)
        return real_render(questionnaire, assessment, path)

    monkeypatch.setattr(report_module, "render_report_markdown", counted)
    second = await second_app.rendered(questionnaire, assessment, None)
    assert fresh_renders == [assessment], "the second app rendered its own report"
    first = await first_app.rendered(questionnaire, assessment, None)
    assert fresh_renders == [assessment], "the first app used the report it prefetched"
    assert first == second

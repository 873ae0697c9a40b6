"""The command palette provider: jump to an area or a question, show results, export, themes,
copy a bundled example to work on it.

It offers only what makes sense now: with no assessment open (still on the Start screen) just the
presentation and theme commands. Area names and question texts are questionnaire text, so hits
are built as `Content` (the palette parses plain strings as markup) and highlighted by hand:
`Matcher.highlight` parses its candidate as markup too. Matching long question texts runs in a
thread, one question at a time, so a pathological query never freezes the palette.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.storage.session import Session
from ops_maturity.core.text import clean_single_line

if TYPE_CHECKING:
    from ops_maturity.ui.app import OpsMaturityApp
    from ops_maturity.ui.remote.session import RemoteVoting


class AssessmentApp(Protocol):
    """What the provider needs from the app; the app shell provides all of it."""

    questionnaire: Questionnaire | None
    assessment: Assessment | None
    assessment_path: Path | None

    def jump_to_area(self, area_id: str) -> Any: ...

    def jump_to_question(self, question_id: str) -> Any: ...

    def action_toggle_presentation(self) -> Any: ...

    async def start_remote_voting(self) -> None: ...

    async def stop_remote_voting(self) -> None: ...


@dataclass(frozen=True)
class PaletteCommand:
    """One command: its plain text (what is matched), help text and what it runs."""

    text: str
    help: str
    run: Callable[[], Any]
    discoverable: bool = False
    """Shown before anything is typed."""
    slow_to_match: bool = False
    """Long candidate text: match it off the event loop."""


def highlighted(text: str, offsets: Sequence[int], matcher: Matcher) -> Content:
    """`text` as literal Content with the matched characters styled (never parsed as markup)."""
    content = Content(text)
    for offset in offsets:
        if offset < len(text) and not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class OpsMaturityCommands(Provider):
    """Commands for the open assessment, plus presentation mode and theme switching."""

    def _app(self) -> AssessmentApp:
        return cast(AssessmentApp, self.app)

    def _open_assessment(self) -> tuple[Questionnaire, Assessment] | None:
        questionnaire = getattr(self.app, "questionnaire", None)
        assessment = getattr(self.app, "assessment", None)
        if isinstance(questionnaire, Questionnaire) and isinstance(assessment, Assessment):
            return questionnaire, assessment
        return None

    def commands(self) -> list[PaletteCommand]:
        """Every command that applies right now, most useful first."""
        commands: list[PaletteCommand] = []
        opened = self._open_assessment()
        if opened is not None:
            questionnaire, _ = opened
            commands += self._example_commands()
            commands += [
                PaletteCommand(
                    "Show results",
                    "Overall level, each area's level and the roadmap",
                    self._show_results,
                    discoverable=True,
                ),
                PaletteCommand(
                    "Export report",
                    "Show the Markdown report, to save it or copy it",
                    self._show_report,
                    discoverable=True,
                ),
            ]
            if callable(switch := getattr(self.app, "action_switch_team_mode", None)):
                commands.append(
                    PaletteCommand(
                        "Switch team/solo mode",
                        "Team: a hidden vote per participant, revealed together. Solo: one answer",
                        switch,
                        discoverable=True,
                    )
                )
            if callable(plan := getattr(self.app, "action_plan_session", None)):
                commands.append(
                    PaletteCommand(
                        "Plan today's session",
                        "Today's areas, or a number of questions: the Assess screen shows the "
                        "time left",
                        plan,
                        discoverable=True,
                    )
                )
            commands += self._flagged_commands()
            commands += self._remote_commands()
            commands += [
                PaletteCommand(
                    f"Jump to area: {clean_single_line(area.name)}",
                    f"{len(area.questions)} questions",
                    partial(self._app().jump_to_area, area.id),
                    discoverable=True,
                )
                for area in questionnaire.areas
            ]
            commands += [
                PaletteCommand(
                    f"Jump to question: {clean_single_line(question.text)}",
                    f"Question {number} of {len(questionnaire.questions)}, Level {question.level}",
                    partial(self._app().jump_to_question, question.id),
                    slow_to_match=True,
                )
                for number, question in enumerate(questionnaire.questions, 1)
            ]
        if callable(getattr(self.app, "action_toggle_presentation", None)):
            commands.append(
                PaletteCommand(
                    "Toggle presentation mode",
                    "Large, centred and high-contrast, for a projector",
                    self._app().action_toggle_presentation,
                    discoverable=True,
                )
            )
        commands += [
            PaletteCommand(
                "Switch theme",
                "Pick another colour theme",
                self.app.action_change_theme,
                discoverable=True,
            ),
            PaletteCommand("Show keys", "Every key of every screen", self._show_help),
        ]
        return commands

    async def discover(self) -> Hits:
        for command in self.commands():
            if command.discoverable:
                yield DiscoveryHit(
                    Content(command.text), command.run, text=command.text, help=command.help
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            if command.slow_to_match:
                score, offsets = await asyncio.to_thread(
                    matcher.fuzzy_search.match, matcher.query, command.text
                )
            else:
                score, offsets = matcher.fuzzy_search.match(matcher.query, command.text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(command.text, offsets, matcher),
                    command.run,
                    text=command.text,
                    help=command.help,
                )

    def _example_commands(self) -> list[PaletteCommand]:
        """On a bundled example (open read-only): copy it to the assessments folder."""
        from ops_maturity.ui.example_copy import COPY_COMMAND, copy_open_example

        session = getattr(self.app, "session", None)
        if not isinstance(session, Session) or not session.bundled_example:
            return []
        folder = cast("OpsMaturityApp", self.app).options.folder
        return [
            PaletteCommand(
                COPY_COMMAND,
                f"Copy it to {folder}/ and continue there: answers are saved in the copy",
                partial(copy_open_example, cast("OpsMaturityApp", self.app)),
                discoverable=True,
            )
        ]

    def _flagged_commands(self) -> list[PaletteCommand]:
        """A command per question flagged for discussion, to go back to it before the end."""
        opened = self._open_assessment()
        if opened is None:
            return []
        questionnaire, assessment = opened
        commands = []
        for question_id in assessment.discuss:
            if not questionnaire.has_question(question_id):
                continue  # the questionnaire no longer has it
            question = questionnaire.question(question_id)
            area = questionnaire.area(question.area_id)
            commands.append(
                PaletteCommand(
                    f"Flagged for discussion: {clean_single_line(question.text)}",
                    f"{clean_single_line(area.name)} · "
                    f"question {questionnaire.question_index(question_id) + 1}; d unflags it",
                    partial(self._app().jump_to_question, question_id),
                    discoverable=True,
                    slow_to_match=True,
                )
            )
        return commands

    def _remote_commands(self) -> list[PaletteCommand]:
        """Start remote voting (team mode), or, while it runs: how to join, release, stop."""
        from ops_maturity.core.model.votes import Mode, mode_of

        opened = self._open_assessment()
        if opened is None or getattr(self.app, "read_only", False):
            return []
        session: RemoteVoting | None = getattr(self.app, "remote_voting", None)
        if session is None or not session.running:
            if mode_of(opened[1]) is not Mode.TEAM:
                return []
            return [
                PaletteCommand(
                    "Start remote voting",
                    "Serve a voting page for phones and laptops; shows its address, code and QR code",
                    self._app().start_remote_voting,
                    discoverable=True,
                )
            ]
        commands = [
            PaletteCommand(
                "Show how to join remote voting",
                "The address, the join code and a QR code, big enough for the projector",
                partial(self._show_remote_join, session),
                discoverable=True,
            ),
            PaletteCommand(
                "Stop remote voting",
                "Every participant's page says voting has stopped; all connections close",
                self._app().stop_remote_voting,
                discoverable=True,
            ),
        ]
        commands += [
            PaletteCommand(
                f"Release remote participant: {clean_single_line(name)}",
                "Free this name so that it can join again from another device",
                partial(self._release_remote, session, name),
            )
            for name in session.room.joined()
        ]
        return commands

    def _show_remote_join(self, session: RemoteVoting) -> None:
        from ops_maturity.ui.dialogs.remote_join import RemoteJoinDialog

        self.app.push_screen(RemoteJoinDialog(session.url, session.room.code, session.join_link))

    def _release_remote(self, session: RemoteVoting, name: str) -> None:
        if session.release(name):
            self.app.notify(
                f"Released {clean_single_line(name)}: they can join again.", markup=False
            )

    def _show_results(self) -> None:
        opened = self._open_assessment()
        from ops_maturity.ui.screens.results import ResultsScreen

        if opened is None or isinstance(self.app.screen, ResultsScreen):
            return
        questionnaire, assessment = opened
        self.app.push_screen(ResultsScreen(questionnaire, assessment, self._app().assessment_path))

    def _show_report(self) -> None:
        opened = self._open_assessment()
        from ops_maturity.ui.screens.report import ReportScreen

        if opened is None or isinstance(self.app.screen, ReportScreen):
            return
        questionnaire, assessment = opened
        self.app.push_screen(ReportScreen(questionnaire, assessment, self._app().assessment_path))

    def _show_help(self) -> None:
        from ops_maturity.ui.screens.help import HelpScreen

        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen())

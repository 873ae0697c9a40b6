"""What the facilitator's keys do in team mode, for the Assess screen that owns it.

A choice, N/A or don't-know key is the highlighted participant's vote, or the team's answer
while an override is pending (on a multi-select question the set ticked in the check boxes, on
enter; the check boxes show the highlighted participant's set, or the team's while overriding); `x` marks them absent and backspace clears their vote; `v` reveals
the votes (the team's answer becomes their median) or hides them; `o` starts an override, and
`o o` returns to the median. A vote a participant cast from their own device is replaced only
after the facilitator confirms. The rules are the core's (`ops_maturity.core.model.votes`); the
pointer and the override state are the vote grid's; every change goes through the screen's one
save path, `AssessScreen.save_and_show`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from ops_maturity.core.model.assessment import SpecialAnswer
from ops_maturity.core.model.votes import (
    AnyVote,
    Mode,
    SpecialVote,
    override_answer,
    record_vote,
    set_revealed,
    switch_mode,
    vote_label,
    votes_for,
)
from ops_maturity.ui.text import literal_line
from ops_maturity.ui.widgets.question_card import QuestionPane, picked_choices

if TYPE_CHECKING:
    from ops_maturity.ui.screens.assess import AssessScreen

TEAM_ACTIONS = frozenset({"vote", "reveal", "override", "absent", "clear_vote"})
"""The Assess screen's actions that only team mode offers (hidden from the footer in solo mode)."""


class TeamVoting:
    """Team mode's keys on one Assess screen."""

    def __init__(self, screen: AssessScreen) -> None:
        self._screen = screen

    # ------------------------------------------------------------- showing

    def show_question(self) -> None:
        """A question is shown in team mode: its votes, the pointer on the first open seat, and
        the countdown while the votes are hidden."""
        screen = self._screen
        grid = screen.vote_grid
        grid.override_pending = False
        self.show_votes()
        grid.highlight_first_open(self.skips)
        self.show_ticks()
        timebox = screen.assessment.timebox
        if timebox and not votes_for(screen.assessment, screen.question.id).revealed:
            screen.countdown.start(timebox)
        else:
            screen.countdown.stop()

    def skips(self, name: str) -> bool:
        """The pointer passes over this participant: they vote from their own device, or are
        marked absent (until a vote of theirs marks them back)."""
        screen = self._screen
        return screen.remote.votes_remotely(name) or name in screen.assessment.absent

    def show_votes(self) -> None:
        """This question's votes in the grid, and to remote voters."""
        from ops_maturity.ui.widgets.vote_grid import VoteGridState  # loaded in team mode only

        screen = self._screen
        assessment, question = screen.assessment, screen.question
        # On a short screen the revealed votes replace the question's help (assess.tcss).
        screen.set_class(votes_for(assessment, question.id).revealed, "-revealed")
        screen.vote_grid.show(
            VoteGridState(
                question,
                votes_for(assessment, question.id),
                tuple(assessment.participants),
                assessment.answer_for(question.id).value,
                anonymous=assessment.anonymous_votes,
                remote_votes=screen.remote.voted_remotely(),
                joined_remotely=screen.remote.joined(),
                absent=frozenset(assessment.absent),
                flagged=question.id in assessment.discuss,
            )
        )
        screen.remote.publish()

    def show_ticks(self) -> None:
        """A multi-select question: tick the highlighted participant's set in the check boxes,
        or the team's answer while an override is pending."""
        screen = self._screen
        if not screen.team_mode or not screen.question.scale.multiple:
            return
        question, grid = screen.question, screen.vote_grid
        if grid.override_pending:
            picked = picked_choices(screen.assessment.answer_for(question.id).value)
            whose = Content.styled("The team's answer: tick it, then enter", "bold")
        elif (name := grid.highlighted_participant) is None:
            picked, whose = None, Content("Add participants to record their votes.")
        else:
            votes = votes_for(screen.assessment, question.id).all_votes
            picked = picked_choices(votes.get(name))
            whose = Content.assemble(
                ("Vote of ", "bold"), literal_line(name, "bold"), ": tick, then enter"
            )
        screen.card.show_ticks(question, picked, whose)

    def leave(self) -> None:
        """A question is shown in solo mode: no override, no countdown, nothing to vote on."""
        screen = self._screen
        screen.remove_class("-revealed")
        screen.card.leave_team_mode()
        screen.remote.publish()

    def time_up(self) -> None:
        """The timebox ran out: tell the facilitator once; it never reveals or moves on."""
        self._screen.app.bell()
        self._screen.notify(
            "Time is up on this question. Reveal with v when the team is ready.",
            title="Timebox",
            severity="warning",
            timeout=6,
        )

    def bring_grid_into_view(self) -> None:
        """After `v` or `o`: scroll the question so that the whole grid (the reveal, the team's
        answer and any prompt) is on screen, once the layout has settled."""
        screen = self._screen
        screen.call_after_refresh(
            lambda: screen.query_one(QuestionPane).scroll_to_widget(screen.vote_grid, animate=False)
        )

    def keep_pointer_in_view(self) -> None:
        """The row the next key acts on (the highlighted participant, the override prompt) is
        scrolled into view, once the layout has settled: every key's effect is visible."""
        screen = self._screen

        def scroll() -> None:
            line = screen.vote_grid.pointer_line
            if line is None or not screen.vote_grid.display:
                return
            pane = screen.query_one(QuestionPane)
            viewport = pane.scrollable_content_region
            row = screen.vote_grid.region.y + line
            if row < viewport.y:
                pane.scroll_relative(y=row - viewport.y, animate=False)
            elif row >= viewport.bottom:
                pane.scroll_relative(y=row - viewport.bottom + 1, animate=False)

        screen.call_after_refresh(scroll)

    # -------------------------------------------------------------- votes

    def choose(self, vote: AnyVote) -> None:
        """A choice, N/A or don't-know key (or a multi-select question's set): the team's answer
        while overriding, else the highlighted participant's vote."""
        screen = self._screen
        grid = screen.vote_grid
        if not grid.override_pending:
            self._vote(vote)
            return
        grid.override_pending = False
        value = SpecialAnswer(vote.value) if isinstance(vote, SpecialVote) else vote
        override_answer(screen.assessment, screen.question, value)
        screen.save_and_show()

    def absent(self) -> None:
        self._screen.vote_grid.override_pending = False
        self._vote(SpecialVote.ABSENT)

    def clear_vote(self) -> None:
        self._screen.vote_grid.override_pending = False
        self._vote(None)

    def _vote(self, vote: AnyVote | None) -> None:
        screen = self._screen
        grid = screen.vote_grid
        name = grid.highlighted_participant
        if name is None:
            screen.notify("Add participants to record their votes.", timeout=3)
            return
        if name in screen.remote.voted_remotely():
            self._confirm_replacing(name, vote)
            return
        record_vote(screen.assessment, screen.question, name, vote)
        if vote is not None:
            grid.highlight_next(self.skips)
        screen.save_and_show()

    def _confirm_replacing(self, name: str, vote: AnyVote | None) -> None:
        """A key on a participant who voted from their device: ask before replacing it."""
        screen = self._screen
        question = screen.question
        current = votes_for(screen.assessment, question.id).all_votes.get(name)

        def apply(replace: bool | None) -> None:
            if not replace or screen.question.id != question.id:
                return
            screen.remote.forget_vote(question.id, name)
            record_vote(screen.assessment, question, name, vote)
            screen.save_and_show()

        from ops_maturity.ui.dialogs.confirmations import replace_remote_vote_dialog

        screen.app.push_screen(
            replace_remote_vote_dialog(
                name,
                vote_label(question, current) if current is not None else "nothing",
                vote_label(question, vote) if vote is not None else "no vote (cleared)",
            ),
            apply,
        )

    # -------------------------------------------------------- the answer

    def reveal(self) -> None:
        """Reveal the votes (or hide them again); a finished area shows its summary."""
        screen = self._screen
        screen.vote_grid.override_pending = False
        question = screen.question
        votes = votes_for(screen.assessment, question.id)
        finished_before = self.area_finished(question.area_id)
        try:
            set_revealed(screen.assessment, question, not votes.revealed)
        except ValueError as error:
            screen.notify(str(error), timeout=3)
            return
        screen.countdown.stop()  # the countdown is for the vote, not the discussion
        screen.save_and_show()
        self.bring_grid_into_view()
        if not finished_before and self.area_finished(question.area_id):
            self.show_area_summary(question.area_id)

    def area_finished(self, area_id: str) -> bool:
        screen = self._screen
        area = screen.questionnaire.area(area_id)
        return all(screen.assessment.answer_for(q.id).is_answered for q in area.questions)

    def show_area_summary(self, area_id: str) -> None:
        """The finished area's level and its widest spreads, on one screen."""
        from ops_maturity.core.model.discussion import discussion_topics
        from ops_maturity.ui.dialogs.area_summary import SUMMARY_SPREADS, AreaSummaryDialog

        screen = self._screen
        questionnaire = screen.questionnaire
        area_score = screen.score.area_score(area_id)
        level = questionnaire.level(area_score.level) if area_score.level >= 1 else None
        topics = discussion_topics(
            questionnaire,
            screen.assessment,
            area_id=area_id,
            limit=SUMMARY_SPREADS,
            minimum_spread=1,
        )
        screen.app.push_screen(AreaSummaryDialog(questionnaire.area(area_id), level, topics))

    def override(self) -> None:
        """`o`: the next choice key sets the team's answer; `o o` returns to the median."""
        screen = self._screen
        grid = screen.vote_grid
        if not votes_for(screen.assessment, screen.question.id).revealed:
            screen.notify("Reveal the votes first (v).", timeout=3)
            return
        if grid.override_pending:  # o o: back to the median
            grid.override_pending = False
            override_answer(screen.assessment, screen.question, None)
            screen.save_and_show()
            return
        grid.override_pending = True
        self.bring_grid_into_view()

    def ask_to_switch_mode(self) -> None:
        """`t` or the palette: ask first (`switch_mode_dialog`), then switch."""
        screen = self._screen
        to_team = not screen.team_mode
        recorded = sum(1 for votes in screen.assessment.votes.values() if votes.all_votes)

        def apply(switch: bool | None) -> None:
            if switch and screen.team_mode != to_team:
                self.switch_mode()

        from ops_maturity.ui.dialogs.confirmations import switch_mode_dialog

        screen.app.push_screen(switch_mode_dialog(to_team, recorded), apply)

    def switch_mode(self) -> None:
        """Between team mode (a vote per participant) and solo mode (one answer)."""
        screen = self._screen
        try:
            mode = switch_mode(screen.assessment)
        except ValueError as error:
            screen.notify(str(error), timeout=5)
            return
        screen.ops_app.save_assessment()
        screen.show_question()
        screen.notify(
            "Team mode: a vote per participant, hidden until v."
            if mode is Mode.TEAM
            else "Solo mode: one answer per question.",
            timeout=3,
        )

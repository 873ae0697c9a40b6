"""What the Assess screen does for a facilitator's session: today's plan and the time left,
the questions answered today, and the questions flagged for discussion.

The rules are the core's (`ops_maturity.core.model.sessions`, `...discussion`): a session is a
day, its plan some areas or a number of questions, its pace the median time between two
answers. Here the pace is measured on the app's clock (`OpsMaturityApp.clock`, injectable), the
progress row shows "today: 12 of 16 · about 20 min left", a plan is offered when a planned
assessment is resumed on a new day, and `d` flags the question on screen. Every change goes
through the screen's one save path, `AssessScreen.save_and_show`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ops_maturity.core.model.assessment import AnswerValue, today
from ops_maturity.core.model.sessions import (
    PlanError,
    earlier_pace,
    median_interval,
    note_answered,
    plan_session,
    planned_questions,
    session_on,
    should_offer_plan,
    suggested_areas,
    today_line,
    today_progress,
)
from ops_maturity.ui.widgets.answer_progress import AnswerProgress

if TYPE_CHECKING:
    from ops_maturity.ui.dialogs.session_plan import PlanChoice
    from ops_maturity.ui.screens.assess import AssessScreen


class Facilitation:
    """Today's plan, its pace and the discussion flags, on one Assess screen."""

    def __init__(self, screen: AssessScreen) -> None:
        self._screen = screen
        self._answer_times: list[float] = []
        """When each question was answered in this sitting, on the app's clock."""
        self._value_shown: tuple[str, AnswerValue | None] | None = None
        """The question on screen and its answer when shown (or last saved)."""
        self._plan_done = False
        self._offered = False

    # ------------------------------------------------------------- showing

    def question_shown(self) -> None:
        """A question is on screen: remember its answer, show its flag and today's progress."""
        screen = self._screen
        question = screen.question
        self._value_shown = (question.id, screen.assessment.answer_for(question.id).value)
        screen.card.show_discussion_flag(question.id in screen.assessment.discuss)
        self.show_today()

    def first_shown(self) -> None:
        """The screen's first appearance: offer today's plan when a planned assessment is
        resumed on a new day (the next unfinished areas, ticked)."""
        screen = self._screen
        if self._offered or screen.ops_app.read_only:
            return
        self._offered = True
        if should_offer_plan(screen.questionnaire, screen.assessment, today()):
            self.open_plan_dialog(
                suggested=suggested_areas(screen.questionnaire, screen.assessment)
            )

    def show_today(self) -> None:
        """'today: 12 of 16 · about 20 min left' in the progress row ('' without a plan)."""
        screen = self._screen
        progress = today_progress(screen.questionnaire, screen.assessment, today())
        text = ""
        if progress is not None:
            record = session_on(screen.assessment, today())
            measured = median_interval(self._answer_times)
            if measured is None and record is not None and record.pace_seconds:
                measured = float(record.pace_seconds)  # earlier today, before a restart
            text = today_line(progress, measured, earlier_pace(screen.assessment, today()))
        screen.query_one(AnswerProgress).show_today(text)

    # ------------------------------------------------------------- changes

    def before_save(self) -> None:
        """Called by the screen's save path: a question answered (or answered differently) is
        recorded in today's session, and the time between answers measures the pace."""
        screen = self._screen
        question = screen.question
        value = screen.assessment.answer_for(question.id).value
        if self._value_shown == (question.id, value):
            return
        self._value_shown = (question.id, value)
        if value is None:
            return
        earlier = session_on(screen.assessment, today())
        if earlier is not None and question.id in earlier.answered:
            return  # changed again today: still one answer, and no new interval for the pace
        record = note_answered(screen.assessment, question.id, today())
        self._answer_times.append(screen.ops_app.clock())
        pace = median_interval(self._answer_times)
        if pace is not None:
            record.pace_seconds = max(1, round(pace))

    def after_save(self) -> None:
        """Today's progress again; once the plan is done, say so (and what is flagged)."""
        screen = self._screen
        self.show_today()
        progress = today_progress(screen.questionnaire, screen.assessment, today())
        done = progress is not None and progress.finished
        if done and not self._plan_done:
            flagged = len(screen.assessment.discuss)
            also = (
                f" {flagged} question{'' if flagged == 1 else 's'} flagged for discussion: "
                "ctrl+p, 'flagged', to go back to them."
                if flagged
                else ""
            )
            screen.notify(
                f"Today's plan is done.{also} Press r for the results.",
                title="Today's plan",
                timeout=10,
            )
        self._plan_done = done

    # ---------------------------------------------------------------- plan

    def open_plan_dialog(self, suggested: list[str] | None = None) -> None:
        """The palette's "Plan today's session" (and the offer on resume): pick areas or a
        number of questions; the plan is saved and the first open planned question shown."""
        from ops_maturity.ui.dialogs.session_plan import SessionPlanDialog

        screen = self._screen
        record = session_on(screen.assessment, today())
        ticked = suggested if suggested is not None else (record.planned_areas if record else [])
        screen.app.push_screen(
            SessionPlanDialog(
                screen.questionnaire,
                screen.assessment,
                ticked,
                earlier_pace(screen.assessment, today()),
                resumed=suggested is not None,
            ),
            self.apply_plan,
        )

    def apply_plan(self, choice: PlanChoice | None) -> None:
        """Plan today as chosen (None: leave it), save, and go to its first open question."""
        if choice is None:
            return
        screen = self._screen
        try:
            record = plan_session(
                screen.questionnaire,
                screen.assessment,
                today(),
                areas=choice.areas,
                question_count=choice.question_count,
            )
        except PlanError as error:
            screen.notify(str(error), severity="warning", timeout=6, markup=False)
            return
        self._plan_done = False
        screen.save_and_show()
        first_open = next(
            (
                q
                for q in planned_questions(screen.questionnaire, record)
                if not screen.assessment.is_answered(q.id)
            ),
            None,
        )
        if first_open is not None and first_open.id != screen.question.id:
            screen.ops_app.jump_to_question(first_open.id)

    # ---------------------------------------------------------- discussion

    def toggle_flag(self) -> None:
        """`d`: flag the question on screen for discussion, or unflag it; saved at once."""
        from ops_maturity.core.model.discussion import toggle_discussion_flag

        screen = self._screen
        flagged = toggle_discussion_flag(screen.assessment, screen.question.id)
        screen.save_and_show()
        screen.card.show_discussion_flag(flagged)
        screen.notify(
            "Flagged for discussion: ctrl+p, 'flagged', lists it; the report's discussion "
            "section and the roadmap's order count it."
            if flagged
            else "No longer flagged for discussion.",
            timeout=4,
        )

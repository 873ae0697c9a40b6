"""The dialogs and screens the Assess screen opens: the reason the question on screen does not
apply, its notes, owner and due quarter, its guidance, the area picker, and the Results screen.

Each cancels a pending move to the next question, opens its dialog, and applies the result
through the screen's one save path (`AssessScreen.store_answer`), only if the same question is
still shown when the dialog closes. The dialogs' modules are imported when first opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ops_maturity.core.model.assessment import Answer, SpecialAnswer

if TYPE_CHECKING:
    from ops_maturity.ui.dialogs.notes import NotesEdit
    from ops_maturity.ui.screens.assess import AssessScreen


def ask_not_applicable_reason(screen: AssessScreen) -> None:
    """Solo mode's `n`: ask why the practice does not apply, then answer not applicable."""
    screen.cancel_advance()
    question = screen.question
    current = screen.assessment.answer_for(question.id)

    def apply(reason: str | None) -> None:
        if reason is None or screen.question.id != question.id:
            return
        screen.store_answer(
            screen.answer_with(SpecialAnswer.NOT_APPLICABLE, na_reason=reason), advance=True
        )

    from ops_maturity.ui.dialogs.not_applicable import NotApplicableDialog

    screen.app.push_screen(NotApplicableDialog(question.text, current.na_reason), apply)


def edit_notes(screen: AssessScreen) -> None:
    """`e`: the question's notes, owner and due quarter; the answer itself is kept."""
    screen.cancel_advance()
    question = screen.question
    current = screen.assessment.answer_for(question.id)

    def apply(edit: NotesEdit | None) -> None:
        if edit is None or screen.question.id != question.id:
            return
        latest = screen.assessment.answer_for(question.id)
        screen.store_answer(
            Answer(latest.value, edit.notes, edit.owner, latest.na_reason, edit.due),
            advance=False,
        )

    from ops_maturity.ui.dialogs.notes import NotesDialog

    screen.app.push_screen(
        NotesDialog(question.text, current.notes, current.owner, current.due), apply
    )


def pick_area(screen: AssessScreen) -> None:
    """`a`: pick an area; its first unanswered question is shown."""
    screen.cancel_advance()

    def apply(area_id: str | None) -> None:
        if area_id is not None:
            screen.jump_to_area(area_id)

    from ops_maturity.ui.dialogs.area_picker import AreaPickerDialog

    screen.app.push_screen(AreaPickerDialog(screen.score, screen.question.area_id), apply)


def show_guidance(screen: AssessScreen) -> None:
    """`g`: how to do better at the practice on screen (and, on a multi-select question, each
    choice's how), as Markdown in a dialog."""
    screen.cancel_advance()
    from ops_maturity.ui.dialogs.guidance import question_guidance_dialog

    screen.app.push_screen(question_guidance_dialog(screen.questionnaire, screen.question))


def open_results(screen: AssessScreen) -> None:
    """`r`: the levels and the roadmap of the assessment so far."""
    screen.cancel_advance()
    from ops_maturity.ui.screens.results import ResultsScreen

    app = screen.ops_app
    screen.app.push_screen(
        ResultsScreen(screen.questionnaire, screen.assessment, app.assessment_path)
    )

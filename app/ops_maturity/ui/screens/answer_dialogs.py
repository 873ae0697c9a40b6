"""The Assess screen's answers that ask first: not applicable (with its reason) and the notes,
owner and due quarter of a question.

Each opens its dialog for the question on screen and, once the dialog returns, stores the result
through the screen's one path for solo answers (`AssessScreen.store_answer`), unless the
facilitator has moved to another question meanwhile. The dialogs load only when first opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ops_maturity.core.model.assessment import Answer, SpecialAnswer

if TYPE_CHECKING:
    from ops_maturity.ui.dialogs.notes import NotesEdit
    from ops_maturity.ui.screens.assess import AssessScreen


def ask_not_applicable(screen: AssessScreen) -> None:
    """Ask why the question does not apply; the reason given makes the answer not applicable."""
    question = screen.question
    current = screen.assessment.answer_for(question.id)

    def apply(reason: str | None) -> None:
        if reason is None or screen.question.id != question.id:
            return
        latest = screen.assessment.answer_for(question.id)
        screen.store_answer(
            Answer(SpecialAnswer.NOT_APPLICABLE, latest.notes, latest.owner, reason, latest.due),
            advance=True,
        )

    from ops_maturity.ui.dialogs.not_applicable import NotApplicableDialog

    screen.app.push_screen(NotApplicableDialog(question.text, current.na_reason), apply)


def edit_notes(screen: AssessScreen) -> None:
    """Edit the question's notes, owner and due quarter; the answer itself is kept."""
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

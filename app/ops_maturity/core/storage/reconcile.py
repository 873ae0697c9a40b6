"""Questionnaire changes since an assessment was written: reported, never a failure.

A questionnaire evolves (questions added, removed, a new version); an assessment written for an
earlier version still opens. `reconcile` brings it up to the questionnaire's version and says
what changed; answers to removed questions are kept in the file, so nothing typed is ever lost.
Another questionnaire altogether is a `QuestionnaireMismatchError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ops_maturity.core.errors import OpsMaturityError
from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire


class QuestionnaireMismatchError(OpsMaturityError):
    """An assessment belongs to a different questionnaire from the one it was matched with."""

    def __init__(self, assessment_questionnaire: str, questionnaire: str) -> None:
        self.assessment_questionnaire = assessment_questionnaire
        self.questionnaire = questionnaire
        super().__init__(
            f"assessment is for questionnaire '{assessment_questionnaire}', not '{questionnaire}'"
        )


@dataclass(frozen=True)
class QuestionnaireChanges:
    """How the questionnaire changed since the assessment was written."""

    old_version: str
    new_version: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    """Question ids that no longer exist. Their answers are kept in the file but not scored."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.old_version != self.new_version)


def reconcile(assessment: Assessment, questionnaire: Questionnaire) -> QuestionnaireChanges:
    """Bring an assessment up to the questionnaire's version and report what changed.

    Answers to removed questions are kept, so nothing typed is ever lost; scoring ignores them.
    Raises QuestionnaireMismatchError when the assessment belongs to a different questionnaire.
    """
    if assessment.questionnaire_id != questionnaire.id:
        raise QuestionnaireMismatchError(assessment.questionnaire_id, questionnaire.id)
    current = [question.id for question in questionnaire.questions]
    # Without the list of questions it was written for, nothing can be called added.
    known = assessment.question_ids or list(assessment.answers)
    known_ids = set(assessment.question_ids)
    added = tuple(qid for qid in current if qid not in known_ids) if known_ids else ()
    removed = tuple(qid for qid in known if not questionnaire.has_question(qid))
    changes = QuestionnaireChanges(
        assessment.questionnaire_version, questionnaire.version, added, removed
    )
    assessment.questionnaire_version = questionnaire.version
    assessment.question_ids = current
    return changes

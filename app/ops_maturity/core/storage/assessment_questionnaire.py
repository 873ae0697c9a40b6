"""Find the questionnaire an assessment is scored against, loading each one once.

An explicit reference (a path or bundled id) wins; otherwise the file the assessment names
(relative to the assessment), otherwise the bundled questionnaire with its id.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.bundled import resolve_questionnaire


def questionnaire_for_assessment(
    assessment_path: Path, assessment: Assessment, reference: str | None = None
) -> Questionnaire:
    """The questionnaire to score `assessment` against. Raises InvalidFileError."""
    if reference:
        return resolve_questionnaire(reference)
    if assessment.questionnaire_path:
        return resolve_questionnaire(
            assessment.questionnaire_path, relative_to=assessment_path.parent
        )
    return resolve_questionnaire(assessment.questionnaire_id)


class QuestionnaireCache:
    """Resolves questionnaires like `questionnaire_for_assessment`, each file or id only once."""

    def __init__(self, reference: str | None = None) -> None:
        self._reference = reference
        self._loaded: dict[tuple[str, str], Questionnaire] = {}

    def get(
        self, assessment_path: Path, questionnaire_id: str, questionnaire_path: str = ""
    ) -> Questionnaire:
        """The questionnaire for an assessment at `assessment_path` naming this id and path."""
        if self._reference:
            key = ("reference", self._reference)
        elif questionnaire_path:
            resolved = (assessment_path.parent / questionnaire_path).resolve()
            key = ("path", str(resolved))
        else:
            key = ("id", questionnaire_id)
        if key not in self._loaded:
            if self._reference:
                loaded = resolve_questionnaire(self._reference)
            elif questionnaire_path:
                loaded = resolve_questionnaire(
                    questionnaire_path, relative_to=assessment_path.parent
                )
            else:
                loaded = resolve_questionnaire(questionnaire_id)
            self._loaded[key] = loaded
        return self._loaded[key]

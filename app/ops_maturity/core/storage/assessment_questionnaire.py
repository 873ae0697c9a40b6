"""Find the questionnaire an assessment is scored against, loading each one once.

The rule, in one place: an explicit reference (a path or bundled id) wins; otherwise the file the
assessment names (relative to the assessment's folder); otherwise the bundled questionnaire with
the assessment's id. `questionnaire_for` applies it once; `QuestionnaireCache` applies it to many
assessments and loads each questionnaire only once.
"""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.questionnaires.bundled import resolve_questionnaire


def _source(
    reference: str | None, assessment_path: Path, questionnaire_id: str, questionnaire_path: str
) -> tuple[str, Path | None]:
    """What to resolve, and the folder a relative path is relative to (see the module's rule)."""
    if reference:
        return reference, None
    if questionnaire_path:
        return questionnaire_path, assessment_path.parent
    return questionnaire_id, None


def questionnaire_for(
    assessment: Assessment, path: Path, questionnaire_reference: str | None = None
) -> Questionnaire:
    """The questionnaire an assessment at `path` is scored against: the one given, else the file
    it names (relative to it), else its bundled id. Raises InvalidFileError."""
    reference, relative_to = _source(
        questionnaire_reference, path, assessment.questionnaire_id, assessment.questionnaire_path
    )
    return resolve_questionnaire(reference, relative_to=relative_to)


class QuestionnaireCache:
    """Resolves questionnaires like `questionnaire_for`, each file or id only once."""

    def __init__(self, reference: str | None = None) -> None:
        self._reference = reference
        self._loaded: dict[tuple[str, str], Questionnaire] = {}

    def get(
        self, assessment_path: Path, questionnaire_id: str, questionnaire_path: str = ""
    ) -> Questionnaire:
        """The questionnaire for an assessment at `assessment_path` naming this id and path."""
        reference, relative_to = _source(
            self._reference, assessment_path, questionnaire_id, questionnaire_path
        )
        key = (str((relative_to / reference).resolve()), "") if relative_to else ("", reference)
        if key not in self._loaded:
            self._loaded[key] = resolve_questionnaire(reference, relative_to=relative_to)
        return self._loaded[key]

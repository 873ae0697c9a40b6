"""Check an assessment's answers against the questionnaire they are scored with.

An assessment file is read without its questionnaire, so an answer such as `answer = 7` on a
scale of 0-4 cannot be caught by the assessment loader. Scoring would treat it as unanswered
without a word; `check_answers` reports it instead, once the questionnaire is known.
"""

from __future__ import annotations

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.parsing.validation import FileProblem, InvalidFileError


def out_of_scale_answers(
    assessment: Assessment, questionnaire: Questionnaire, display_path: str
) -> list[FileProblem]:
    """One problem per answer whose value is not on its question's scale."""
    problems = []
    for question_id, answer in assessment.answers.items():
        value = answer.value
        if not isinstance(value, int) or not questionnaire.has_question(question_id):
            continue
        scale = questionnaire.question(question_id).scale
        if scale.choice(value) is None:
            values = ", ".join(str(choice.value) for choice in scale.choices)
            problems.append(
                FileProblem(
                    display_path,
                    None,
                    None,
                    f"answer to '{question_id}' is {value}, which is not a value of scale "
                    f"'{scale.id}' ({values})",
                )
            )
    return problems


def check_answers(assessment: Assessment, questionnaire: Questionnaire, display_path: str) -> None:
    """Raise InvalidFileError when an answer is not on its question's scale."""
    if problems := out_of_scale_answers(assessment, questionnaire, display_path):
        raise InvalidFileError(problems)

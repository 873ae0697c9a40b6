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
    """One problem per answer whose value is not on its question's scale: a value the scale
    lacks, a set of values on a single-choice scale, or one value on a multi-select scale."""
    problems = []
    for question_id, answer in assessment.answers.items():
        value = answer.value
        if not isinstance(value, int | tuple) or not questionnaire.has_question(question_id):
            continue
        scale = questionnaire.question(question_id).scale
        values = ", ".join(str(choice.value) for choice in scale.choices)
        message = ""
        if isinstance(value, tuple) and not scale.multiple:
            message = (
                f"answer to '{question_id}' lists {list(value)}, but scale '{scale.id}' takes "
                f"one value ({values})"
            )
        elif isinstance(value, tuple) and not scale.is_valid_selection(value):
            message = (
                f"answer to '{question_id}' lists {list(value)}, which are not all values of "
                f"scale '{scale.id}' ({values})"
            )
        elif isinstance(value, int) and scale.multiple:
            message = (
                f"answer to '{question_id}' is {value}, but scale '{scale.id}' is multi-select: "
                f"write the values picked as an array, such as [{scale.choices[0].value}]"
            )
        elif isinstance(value, int) and scale.choice(value) is None:
            message = (
                f"answer to '{question_id}' is {value}, which is not a value of scale "
                f"'{scale.id}' ({values})"
            )
        if message:
            problems.append(FileProblem(display_path, None, None, message))
    return problems


def check_answers(assessment: Assessment, questionnaire: Questionnaire, display_path: str) -> None:
    """Raise InvalidFileError when an answer is not on its question's scale."""
    if problems := out_of_scale_answers(assessment, questionnaire, display_path):
        raise InvalidFileError(problems)

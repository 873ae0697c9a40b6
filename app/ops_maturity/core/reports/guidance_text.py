"""One practice's guidance as a Markdown document, for the app to show on demand: what to do,
its effort, tags, references and links, its `how` (or the plain `detail` of earlier files), and
the guidance of the choices of a multi-select scale (the ones still missing, on a roadmap item).

Every value from the questionnaire or the assessment is escaped (`escape_markdown`) or made safe
(`safe_markdown`: raw HTML as text, http(s) links only, headings demoted), as in the report, so
the document holds no heading, HTML or link of anyone else's making. Plain Python: no Jinja2 (the
report's templates stay unloaded), no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from ops_maturity.core.model.questionnaire import Choice, Question, Questionnaire, Recommendation
from ops_maturity.core.model.roadmap_items import RoadmapItem
from ops_maturity.core.model.roadmap_text import item_labels
from ops_maturity.core.reports.markdown_how import indented_markdown, safe_markdown
from ops_maturity.core.reports.markdown_text import escape_markdown, markdown_link
from ops_maturity.core.text import clean_single_line, strip_control_characters


def _line(text: str) -> str:
    """One line of user text, escaped (newlines folded into spaces)."""
    return escape_markdown(clean_single_line(text))


def _reference(reference: str) -> str:
    return markdown_link(reference, reference) if reference.startswith("http") else _line(reference)


def plain_paragraphs(text: str) -> str:
    """Plain text (a recommendation's `detail`) as escaped Markdown paragraphs."""
    paragraphs = strip_control_characters(text).replace("\r\n", "\n").split("\n\n")
    return "\n\n".join(_line(paragraph) for paragraph in paragraphs if paragraph.strip())


def _facts(recommendation: Recommendation) -> list[str]:
    facts = []
    if recommendation.effort:
        facts.append(f"Effort: {_line(recommendation.effort)}")
    if recommendation.tags:
        facts.append("Tags: " + ", ".join(_line(tag) for tag in recommendation.tags))
    if recommendation.references:
        references = ", ".join(_reference(r) for r in recommendation.references)
        facts.append(f"References: {references}")
    facts.extend(f"See: {markdown_link(url, url)}" for url in recommendation.links)
    return facts


def practice_guidance(
    recommendation: Recommendation,
    *,
    context: str = "",
    choices: Sequence[Choice] = (),
    choices_intro: str = "",
) -> str:
    """The guidance of one practice as Markdown: the action in bold, `context` (one line: area,
    level, horizon), the facts, the `how` or `detail`, then `choices` (each label in bold with
    its description and `how`) under `choices_intro`."""
    parts = [f"**{_line(recommendation.action)}**"]
    if context:
        parts.append(_line(context))
    if facts := _facts(recommendation):
        parts.append("\\\n".join(facts))
    if recommendation.how:
        parts.append(safe_markdown(recommendation.how))
    elif recommendation.detail:
        parts.append(plain_paragraphs(recommendation.detail))
    if choices:
        if choices_intro:
            parts.append(_line(choices_intro))
        items = []
        for choice in choices:
            item = [f"- **{_line(choice.label)}**"]
            if choice.description:
                item.append("  " + _line(choice.description))
            if choice.how:
                item.append(indented_markdown(choice.how, "  "))
            items.append("\n\n".join(item))
        parts.append("\n\n".join(items))
    return "\n\n".join(part for part in parts if part) + "\n"


def question_guidance(questionnaire: Questionnaire, question: Question) -> str:
    """A question's guidance while it is being answered (the Assess screen): its practice, and on
    a multi-select question the guidance of each choice that has some."""
    level = questionnaire.level(question.level)
    context = f"{questionnaire.area(question.area_id).name} · Level {level.number}, {level.name}"
    scale = question.scale
    choices = [c for c in scale.choices if c.how or c.description] if scale.multiple else []
    return practice_guidance(
        question.recommendation,
        context=context,
        choices=choices,
        choices_intro=f"The choices (the practice is met with {scale.met_rule}):",
    )


def roadmap_item_guidance(item: RoadmapItem) -> str:
    """A roadmap item's guidance: its practice with where and when it sits on the roadmap, and
    on a multi-select practice the choices still missing."""
    context = " · ".join(
        [
            item.area.name,
            f"Level {item.level.number}, {item.level.name}",
            item.horizon.label,
            *item_labels(item),
        ]
    )
    scale = item.result.question.scale
    return practice_guidance(
        item.recommendation,
        context=context,
        choices=item.missing_choices,
        choices_intro=f"Not yet in place (the practice is met with {scale.met_rule}):",
    )

"""A practice's guidance as Markdown for the app: values escaped, `how` made safe, the choices'
guidance listed, and the whole canonical (made safe again, it is unchanged)."""

from __future__ import annotations

from pathlib import Path

from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Recommendation
from ops_maturity.core.model.roadmap import build_roadmap
from ops_maturity.core.model.scoring import score_assessment
from ops_maturity.core.questionnaires.loader import load_questionnaire
from ops_maturity.core.reports.guidance_text import (
    practice_guidance,
    question_guidance,
    roadmap_item_guidance,
)
from ops_maturity.core.reports.markdown_how import safe_markdown

MULTI = Path(__file__).resolve().parent / "fixtures" / "multi-select.toml"


def test_values_are_escaped_and_how_is_made_safe() -> None:
    """An action that looks like a heading or HTML stays text; a javascript: link loses its
    target; an http reference is a link, a framework id is text."""
    recommendation = Recommendation(
        action="# Not a heading <script>",
        horizon="short",
        how="Do **this**.\n\n[bad](javascript:alert(1)) <b>raw</b>",
        effort="two *weeks*",
        tags=("a|b",),
        references=("SAMM O-IM-A-2", "https://example.org/x"),
        links=("https://example.org/more",),
    )
    text = practice_guidance(recommendation, context="Area [x](https://evil.example)")
    assert text.startswith("**\\# Not a heading &lt;script&gt;**\n\n")
    assert "Area \\[x\\](https://evil.example)" in text
    assert "Effort: two \\*weeks\\*\\\nTags: a\\|b\\\n" in text
    assert "References: SAMM O-IM-A-2, [https://example.org/x](https://example.org/x)" in text
    assert "See: [https://example.org/more](https://example.org/more)" in text
    assert "Do **this**." in text
    assert "\\[bad\\](javascript:alert(1))" in text, "the link is text, not a link"
    assert "[bad](javascript" not in text
    assert "&lt;b&gt;raw&lt;/b&gt;" in text
    assert safe_markdown(text) + "\n" == text


def test_plain_detail_is_escaped_paragraphs() -> None:
    recommendation = Recommendation(action="Act.", horizon="short", detail="Line *one*\n\n- two")
    text = practice_guidance(recommendation)
    assert text == "**Act.**\n\nLine \\*one\\*\n\n\\- two\n"


def test_question_guidance_lists_the_choices_with_their_how() -> None:
    questionnaire = load_questionnaire(MULTI)
    text = question_guidance(questionnaire, questionnaire.question("ops.detect"))
    assert "The choices (the practice is met with both listed choices):" in text
    assert "- **External probes**\n\n  Add an external **probe** per service." in text
    assert "  On-call is paged when the share of failed requests stays high." in text
    assert "Operations · Level 2, Two" in text


def test_a_roadmap_item_lists_only_the_missing_choices() -> None:
    questionnaire = load_questionnaire(MULTI)
    assessment = Assessment.start(questionnaire, "Demo", "2027-Q1")
    assessment.record("ops.health", Answer(1))
    assessment.record("ops.slo", Answer(1))
    assessment.record("ops.detect", Answer((1,)))
    score = score_assessment(questionnaire, assessment)
    roadmap = build_roadmap(questionnaire, score, assessment)
    (item,) = [i for plan in roadmap.horizons for i in plan.items if i.question_id == "ops.detect"]
    text = roadmap_item_guidance(item)
    assert "Not yet in place (the practice is met with both listed choices):" in text
    assert "**Error-rate alerts**" in text
    assert "External probes" not in text
    assert "already partly in place" in text

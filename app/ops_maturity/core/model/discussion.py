"""What the team should talk about: the questions the facilitator flagged by hand, the revealed
questions with the widest spread of votes, and the answers the facilitator overrode.

Feeds the report's "Discussion topics" section and the Assess screen's end-of-area summary. Plain
data, computed from `ops_maturity.core.model.votes`; names are left out when the votes are anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass

from ops_maturity.core.model.assessment import Answer, Assessment
from ops_maturity.core.model.questionnaire import Area, Question, Questionnaire, Scale
from ops_maturity.core.model.scoring import answer_label
from ops_maturity.core.model.votes import (
    DISCUSS_SPREAD,
    DistributionRow,
    distribution,
    median_answer,
    spread,
    team_answer_reason,
    votes_for,
)


@dataclass(frozen=True)
class DiscussionTopic:
    """One question the team disagreed on, or whose answer the facilitator overrode."""

    question: Question
    area: Area
    spread: int
    distribution: tuple[DistributionRow, ...]
    """Counts per choice (then N/A, don't know, absent); names are empty when anonymous."""
    team_answer: str
    overridden: bool
    median: str
    """What the median of the votes was (differs from `team_answer` when overridden)."""
    reason: str
    notes: str
    flagged: bool = False
    """The facilitator flagged it for discussion by hand (`d` on the Assess screen)."""
    has_votes: bool = True
    """Votes were revealed on it (a question flagged in solo mode has none)."""

    @property
    def needs_discussion(self) -> bool:
        return self.flagged or self.spread >= DISCUSS_SPREAD

    @property
    def spread_text(self) -> str:
        """'spread 3 steps', or on a multi-select question 'votes differ on 2 choices'."""
        return spread_words(self.question.scale, self.spread)


def spread_words(scale: Scale, steps: int) -> str:
    """How far apart the votes are, in words for the scale's kind."""
    if scale.multiple:
        return f"votes differ on {steps} choice{'' if steps == 1 else 's'}"
    return f"spread {steps} step{'' if steps == 1 else 's'}"


def _topic(
    questionnaire: Questionnaire, assessment: Assessment, question: Question
) -> DiscussionTopic:
    votes = votes_for(assessment, question.id)
    rows = distribution(question, votes)
    if assessment.anonymous_votes:
        rows = [DistributionRow(r.key, r.label, r.count, (), r.is_choice) for r in rows]
    answer = assessment.answer_for(question.id)
    return DiscussionTopic(
        question,
        questionnaire.area(question.area_id),
        spread(question.scale, votes),
        tuple(rows),
        answer_label(question, answer),
        votes.overridden,
        answer_label(question, Answer(median_answer(question.scale, votes))),
        team_answer_reason(question.scale, votes),
        answer.notes,
        question.id in assessment.discuss,
        votes.revealed and bool(votes.all_votes),
    )


def toggle_discussion_flag(assessment: Assessment, question_id: str) -> bool:
    """Flag a question for discussion by hand, or unflag it; True when it is flagged now."""
    if question_id in assessment.discuss:
        assessment.discuss.remove(question_id)
        return False
    assessment.discuss.append(question_id)
    return True


def discussion_topics(
    questionnaire: Questionnaire,
    assessment: Assessment,
    *,
    area_id: str | None = None,
    limit: int = 10,
    minimum_spread: int = DISCUSS_SPREAD,
) -> list[DiscussionTopic]:
    """The questions flagged by hand, in the order flagged; then revealed questions with a
    spread of `minimum_spread` or more, widest first (ties keep questionnaire order), at most
    `limit`; then every overridden answer not already listed. `area_id` limits them to one
    area.
    """
    flagged = [
        _topic(questionnaire, assessment, questionnaire.question(question_id))
        for question_id in assessment.discuss
        if questionnaire.has_question(question_id)
        and (area_id is None or questionnaire.question(question_id).area_id == area_id)
    ]
    topics = []
    for question in questionnaire.questions:
        if area_id is not None and question.area_id != area_id:
            continue
        if question.id in assessment.discuss:
            continue
        votes = votes_for(assessment, question.id)
        if not votes.revealed:
            continue
        if spread(question.scale, votes) >= minimum_spread or votes.overridden:
            topics.append(_topic(questionnaire, assessment, question))
    topics.sort(key=lambda topic: -topic.spread)
    widest = [topic for topic in topics if topic.spread >= minimum_spread][:limit]
    overridden = [topic for topic in topics if topic.overridden and topic not in widest]
    return flagged + widest + overridden

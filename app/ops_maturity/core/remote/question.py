"""What remote participants may see of the question on the shared screen, and nothing more.

`room_question` turns the facilitator's current question and its votes into a `RoomQuestion`: the
question's text and choices (and, on a multi-select question, that a vote is a set and the rule
that meets it), who has voted (values hidden), each participant's own vote (each page is sent
only its own), and, once revealed, the distribution (counts only when votes are anonymous). Every text is cleaned of control characters here, once. Plain Python: it must not
import the UI or a web framework.
"""

from __future__ import annotations

from dataclasses import dataclass

from ops_maturity.core.model.assessment import AnyVote, Assessment, SpecialVote, plain_value
from ops_maturity.core.model.questionnaire import NONE_OF_THESE, Questionnaire
from ops_maturity.core.model.votes import SPECIAL_VOTE_LABELS, distribution, votes_for
from ops_maturity.core.text import clean_single_line, strip_control_characters

NOT_APPLICABLE = SpecialVote.NOT_APPLICABLE.value
DONT_KNOW = SpecialVote.DONT_KNOW.value
ABSENT = SpecialVote.ABSENT.value
PARTICIPANT_VOTES = (NOT_APPLICABLE, DONT_KNOW)
"""The votes besides a choice that a participant may cast; only the facilitator marks absence."""

WireVote = int | str | tuple[int, ...]
"""A vote as it travels: a choice's value, 'not-applicable', 'dont-know', 'absent', or on a
multi-select question the values of the choices picked, in increasing order (a JSON array; the
empty one is "None of these")."""

MAX_PROMPT_CHARACTERS = 4_000
MAX_LABEL_CHARACTERS = 200


@dataclass(frozen=True)
class RoomChoice:
    """One choice of the scale: what the page shows on its button, and the value it sends."""

    value: int
    label: str


@dataclass(frozen=True)
class RoomBar:
    """One bar of a revealed distribution: how many chose it and, unless anonymous, who."""

    label: str
    count: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoomQuestion:
    """The question open on the shared screen, as the room knows it."""

    question_id: str
    number: int
    count: int
    area: str
    prompt: str
    choices: tuple[RoomChoice, ...]
    revealed: bool = False
    multiple: bool = False
    """A multi-select question: a vote is the set of choices picked."""
    met_rule: str = ""
    """A multi-select question's rule, after 'met with': 'all 3 listed choices'."""
    votes: tuple[tuple[str, WireVote], ...] = ()
    """(participant, vote) for everyone who has a vote; each page is told only its own."""
    distribution: tuple[RoomBar, ...] = ()
    """Empty until the reveal."""

    def vote_of(self, name: str) -> WireVote | None:
        return dict(self.votes).get(name)

    @property
    def voted_count(self) -> int:
        """Votes cast (absence is not a vote)."""
        return sum(1 for _, vote in self.votes if vote != ABSENT)

    def describe(self, vote: WireVote | None) -> str:
        """'2 · Partly', 'Not applicable', "Don't know", 'Absent' or '' for no vote."""
        if vote is None:
            return ""
        if isinstance(vote, tuple):
            picked = [
                f"{position} · {choice.label}"
                for position, choice in enumerate(self.choices, start=1)
                if choice.value in vote
            ]
            return "; ".join(picked) if picked else NONE_OF_THESE
        if isinstance(vote, str):
            try:
                return SPECIAL_VOTE_LABELS[SpecialVote(vote)]
            except ValueError:
                return clean_single_line(vote)[:40]
        for position, choice in enumerate(self.choices, start=1):
            if choice.value == vote:
                return f"{position} · {choice.label}"
        return str(vote)


def room_question(questionnaire: Questionnaire, assessment: Assessment, index: int) -> RoomQuestion:
    """The question at `index` with its votes, ready for the room."""
    question = questionnaire.questions[index]
    votes = votes_for(assessment, question.id)
    bars: tuple[RoomBar, ...] = ()
    if votes.revealed:
        bars = tuple(
            RoomBar(
                clean_single_line(row.label)[:MAX_LABEL_CHARACTERS],
                row.count,
                ()
                if assessment.anonymous_votes
                else tuple(clean_single_line(n) for n in row.names),
            )
            for row in distribution(question, votes)
            if row.is_choice or row.count
        )
    return RoomQuestion(
        question_id=question.id,
        number=index + 1,
        count=len(questionnaire.questions),
        area=clean_single_line(questionnaire.area(question.area_id).name)[:MAX_LABEL_CHARACTERS],
        prompt=strip_control_characters(question.text)[:MAX_PROMPT_CHARACTERS],
        choices=tuple(
            RoomChoice(choice.value, clean_single_line(choice.label)[:MAX_LABEL_CHARACTERS])
            for choice in question.scale.choices
        ),
        revealed=votes.revealed,
        multiple=question.scale.multiple,
        met_rule=question.scale.met_rule,
        votes=tuple((name, _wire(vote)) for name, vote in votes.all_votes.items()),
        distribution=bars,
    )


def _wire(vote: AnyVote) -> WireVote:
    if isinstance(vote, tuple):
        return vote
    plain = plain_value(vote)
    assert not isinstance(plain, list)
    return plain


def as_vote(value: WireVote) -> AnyVote:
    """A checked wire vote as the core's vote: a choice value, a SpecialVote, or a set (sorted)."""
    if isinstance(value, tuple):
        return tuple(sorted(set(value)))
    return SpecialVote(value) if isinstance(value, str) else value

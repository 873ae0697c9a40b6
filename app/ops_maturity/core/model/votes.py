"""Team votes: each participant's vote on a question, the reveal, the team's answer and the spread.

In team mode (two or more participants) the facilitator records every participant's vote per
question. Votes stay hidden until revealed; the team's answer is then the median of the votes for
a choice of the scale (for an even count the lower of the two middle choices: the cautious one),
unless the facilitator overrides it. The team's answer is stored as the question's ordinary
`Answer.value`, so scoring and the roadmap use it unchanged.

The vote data (`QuestionVotes`, `Vote`, `Mode`) lives in `assessment`, with the Assessment that
holds it. The functions here keep an `Assessment`'s votes and answers consistent; they never save
(the caller does, through the autosaver) and never import Textual. Spread and distribution feed the
screen, the area summary and the report's "Discussion topics".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ops_maturity.core.model.assessment import (
    Answer,
    AnswerValue,
    Assessment,
    SpecialAnswer,
    plain_value,
)
from ops_maturity.core.model.assessment import AnyVote as AnyVote

# The vote data lives in `assessment`, with the Assessment that holds it; the screens import it
# from here, with the rules that use it.
from ops_maturity.core.model.assessment import Mode as Mode
from ops_maturity.core.model.assessment import QuestionVotes as QuestionVotes
from ops_maturity.core.model.assessment import SpecialVote as SpecialVote
from ops_maturity.core.model.assessment import Vote as Vote
from ops_maturity.core.model.questionnaire import NONE_OF_THESE, Question, Scale, Selection
from ops_maturity.core.text import clean_single_line

DISCUSS_SPREAD = 2
"""Votes that span this many scale steps or more are flagged 'discuss'."""

MEDIAN_RULE = (
    "median of the votes for a choice; with an even count it takes the lower middle vote, "
    "the cautious one, so a practice is claimed only when at least half the team rates it "
    "that high"
)
"""Why the team's answer is what it is, shown on screen and in the docs."""

SELECTION_RULE = (
    "set of the choices that more than half of those who voted a set picked: each choice is "
    "the median of their yes and no on it, with an even count the lower, cautious one, so a "
    "tie does not claim a practice"
)
"""The team's answer to a multi-select question (docs/team-sessions.md)."""


SPECIAL_VOTE_LABELS = {
    SpecialVote.NOT_APPLICABLE: "Not applicable",
    SpecialVote.DONT_KNOW: "Don't know",
    SpecialVote.ABSENT: "Absent",
}


TEAM_MINIMUM = 2
"""Participants needed for team mode."""


def vote_count_key(vote: AnyVote) -> str:
    """How `vote_counts` names a vote: '2', 'dont-know', or the choices picked as '[1,3]' ('[]'
    for none of them)."""
    if isinstance(vote, tuple):
        return "[" + ",".join(str(value) for value in vote) + "]"
    return str(plain_value(vote))


def votes_as_data(
    votes: QuestionVotes, *, anonymous: bool
) -> dict[str, Mapping[str, int | str | list[int]]]:
    """A question's votes as files and exports hold them: `{"votes": {name: vote}}`, or with
    anonymous votes only how many chose each vote, `{"vote_counts": {vote: count}}`."""
    if not anonymous:
        return {"votes": {name: plain_value(vote) for name, vote in votes.all_votes.items()}}
    counts: dict[str, int | str | list[int]] = {}
    for vote in votes.all_votes.values():
        key = vote_count_key(vote)
        previous = counts.get(key, 0)
        counts[key] = (previous if isinstance(previous, int) else 0) + 1
    return {"vote_counts": counts}


def anonymous_seats(count: int) -> list[str]:
    """The row labels of anonymous votes: 'Voter 1', 'Voter 2', ... (never anyone's name)."""
    return [f"Voter {number}" for number in range(1, count + 1)]


def duplicate_names(names: list[str]) -> list[str]:
    """Names given twice (compared without case and extra spaces), each once, as first typed."""
    first_spelling: dict[str, str] = {}
    duplicates: list[str] = []
    for name in names:
        cleaned = clean_single_line(name)
        key = cleaned.casefold()
        if key in first_spelling and first_spelling[key] not in duplicates:
            duplicates.append(first_spelling[key])
        first_spelling.setdefault(key, cleaned)
    return duplicates


def participant_problems(names: list[str]) -> list[str]:
    """Why these participant names cannot be used ([] when they can)."""
    duplicates = duplicate_names(names)
    if not duplicates:
        return []
    listed = ", ".join(duplicates)
    return [
        f"Two participants are called {listed}; give each a distinct name "
        "(add an initial), so that every vote is theirs."
    ]


# ---------------------------------------------------------------------- mode


def mode_of(assessment: Assessment) -> Mode:
    """The assessment's mode: as switched by the facilitator, else team with 2+ participants."""
    if assessment.mode is not None:
        return assessment.mode
    return Mode.TEAM if len(assessment.participants) >= TEAM_MINIMUM else Mode.SOLO


def switch_mode(assessment: Assessment) -> Mode:
    """Switch between team and solo mode. Raises ValueError when team mode lacks participants."""
    target = Mode.SOLO if mode_of(assessment) is Mode.TEAM else Mode.TEAM
    if target is Mode.TEAM and len(assessment.participants) < TEAM_MINIMUM:
        raise ValueError("Team mode needs two or more participants: add them on the Start screen.")
    assessment.mode = target
    return target


# --------------------------------------------------------------------- rules


def choice_index(scale: Scale, vote: AnyVote | AnswerValue | None) -> int | None:
    """Position of a vote's choice on the scale (0 = lowest), or None for other votes."""
    if not isinstance(vote, int) or isinstance(vote, bool):
        return None
    for index, choice in enumerate(scale.choices):
        if choice.value == vote:
            return index
    return None


def _choice_indexes(scale: Scale, votes: QuestionVotes) -> list[int]:
    return sorted(
        index for vote in votes.votes.values() if (index := choice_index(scale, vote)) is not None
    )


def _selections(scale: Scale, votes: QuestionVotes) -> list[Selection]:
    """The valid sets voted on a multi-select scale."""
    return [picked for picked in votes.selections.values() if scale.is_valid_selection(picked)]


def spread(scale: Scale, votes: QuestionVotes) -> int:
    """How many scale steps the votes for a choice span (0 with fewer than two such votes). On
    a multi-select scale: how many choices some voters picked and others did not."""
    if scale.multiple:
        selections = _selections(scale, votes)
        return sum(
            1
            for choice in scale.choices
            if 0 < sum(choice.value in picked for picked in selections) < len(selections)
        )
    indexes = _choice_indexes(scale, votes)
    return indexes[-1] - indexes[0] if indexes else 0


def needs_discussion(scale: Scale, votes: QuestionVotes) -> bool:
    return spread(scale, votes) >= DISCUSS_SPREAD


def median_answer(scale: Scale, votes: QuestionVotes) -> AnswerValue | None:
    """The team's default answer: the (lower) median choice; see MEDIAN_RULE.

    With no vote for a choice: not applicable when most votes say so, else don't know; None when
    nobody voted at all.
    """
    if scale.multiple:
        selections = _selections(scale, votes)
        if selections:
            return team_selection(scale, selections)
    else:
        indexes = _choice_indexes(scale, votes)
        if indexes:
            return scale.choices[indexes[(len(indexes) - 1) // 2]].value
    cast = [vote for vote in votes.votes.values() if vote != SpecialVote.ABSENT]
    if not cast:
        return None
    not_applicable = sum(1 for vote in cast if vote == SpecialVote.NOT_APPLICABLE)
    if not_applicable * 2 > len(cast):
        return SpecialAnswer.NOT_APPLICABLE
    return SpecialAnswer.DONT_KNOW


def team_selection(scale: Scale, selections: list[Selection]) -> Selection:
    """The choices more than half of `selections` picked (SELECTION_RULE): for each choice the
    lower median of the voters' yes (picked) and no, so a tie leaves it out."""
    return tuple(
        choice.value
        for choice in scale.choices
        if sum(choice.value in picked for picked in selections) * 2 > len(selections)
    )


@dataclass(frozen=True)
class DistributionRow:
    """One bar of the revealed votes: a choice (or N/A, don't know, absent) and who chose it."""

    key: str
    """'1'..'9' for choices, 'n', '?' and 'x' for the others."""
    label: str
    count: int
    names: tuple[str, ...]
    is_choice: bool


def distribution(question: Question, votes: QuestionVotes) -> list[DistributionRow]:
    """Every choice of the scale in order, then N/A, don't know and absent, with their voters
    (on a multi-select scale, a choice's row holds every voter who picked it, and a row '0'
    "None of these" those who picked none)."""
    rows: list[DistributionRow] = []
    for index, choice in enumerate(question.scale.choices):
        names = tuple(
            name
            for name, vote in votes.all_votes.items()
            if (choice.value in vote if isinstance(vote, tuple) else False)
            or choice_index(question.scale, vote) == index
        )
        rows.append(DistributionRow(str(index + 1), choice.label, len(names), names, True))
    if question.scale.multiple:
        names = tuple(name for name, picked in votes.selections.items() if not picked)
        rows.append(DistributionRow("0", NONE_OF_THESE, len(names), names, True))
    for key, special in (
        ("n", SpecialVote.NOT_APPLICABLE),
        ("?", SpecialVote.DONT_KNOW),
        ("x", SpecialVote.ABSENT),
    ):
        names = tuple(name for name, vote in votes.votes.items() if vote == special)
        rows.append(DistributionRow(key, SPECIAL_VOTE_LABELS[special], len(names), names, False))
    return rows


def vote_label(question: Question, vote: AnyVote) -> str:
    if isinstance(vote, SpecialVote):
        return SPECIAL_VOTE_LABELS[vote]
    if isinstance(vote, tuple):
        return question.scale.selection_label(vote)
    choice = question.scale.choice(vote)
    return choice.label if choice else f"Unknown value {vote}"


# ---------------------------------------------------------------- operations


def votes_for(assessment: Assessment, question_id: str) -> QuestionVotes:
    """The votes recorded on a question (an empty QuestionVotes if none, not stored)."""
    return assessment.votes.get(question_id) or QuestionVotes()


def _store(assessment: Assessment, question_id: str, votes: QuestionVotes) -> None:
    if votes.is_empty:
        assessment.votes.pop(question_id, None)
    else:
        assessment.votes[question_id] = votes
    assessment.current_question = question_id


TEAM_NOT_APPLICABLE_REASON = "Most of the team voted not applicable."
FACILITATOR_NOT_APPLICABLE_REASON = "The facilitator marked it not applicable after the vote."
"""Reasons recorded for a team's not-applicable answer until someone writes a better one."""


def _set_team_answer(
    assessment: Assessment,
    question: Question,
    value: AnswerValue | None,
    default_reason: str = TEAM_NOT_APPLICABLE_REASON,
) -> None:
    current = assessment.answer_for(question.id)
    reason = ""
    if value == SpecialAnswer.NOT_APPLICABLE:  # a not-applicable answer always says why
        reason = current.na_reason or default_reason
    assessment.record(question.id, Answer(value, current.notes, current.owner, reason))


def _settle(assessment: Assessment, question: Question, votes: QuestionVotes) -> None:
    """After the reveal, the team's answer follows the median unless it was overridden."""
    if votes.revealed and not votes.overridden:
        _set_team_answer(assessment, question, median_answer(question.scale, votes))


def _mark_presence(assessment: Assessment, participant: str, vote: AnyVote | None) -> None:
    """An absent vote marks the participant absent from now on; any other vote, or clearing
    theirs, marks them back."""
    if vote == SpecialVote.ABSENT:
        if participant not in assessment.absent:
            assessment.absent.append(participant)
    elif participant in assessment.absent:
        assessment.absent.remove(participant)


def carried_absent(assessment: Assessment, votes: QuestionVotes) -> list[str]:
    """Participants still marked absent who have no vote on this question: they count as
    absent on it once anyone votes or the votes are revealed."""
    voted = votes.all_votes
    return [
        name for name in assessment.absent if name in assessment.participants and name not in voted
    ]


def _with_carried_absent(assessment: Assessment, votes: QuestionVotes) -> QuestionVotes:
    missing = carried_absent(assessment, votes)
    if not missing:
        return votes
    single = {**votes.votes, **dict.fromkeys(missing, SpecialVote.ABSENT)}
    return QuestionVotes(single, votes.revealed, votes.overridden, dict(votes.selections))


def record_vote(
    assessment: Assessment, question: Question, participant: str, vote: AnyVote | None
) -> QuestionVotes:
    """Record (or with None, clear) one participant's vote on a question: a choice, a special
    vote, or (multi-select) the set of choices they picked. An absent vote keeps them absent on
    the next questions until a vote of theirs (or clearing it) marks them back; the others still
    absent are recorded absent here."""
    votes = votes_for(assessment, question.id)
    single = dict(votes.votes)
    selections = dict(votes.selections)
    single.pop(participant, None)
    selections.pop(participant, None)
    if isinstance(vote, tuple):
        selections[participant] = vote
    elif vote is not None:
        single[participant] = vote
    _mark_presence(assessment, participant, vote)
    result = _with_carried_absent(
        assessment, QuestionVotes(single, votes.revealed, votes.overridden, selections)
    )
    _store(assessment, question.id, result)
    _settle(assessment, question, result)
    return result


def set_revealed(assessment: Assessment, question: Question, revealed: bool) -> QuestionVotes:
    """Reveal the votes (the team's answer becomes the median) or hide them again.

    Hiding keeps the team's answer; it follows the votes again at the next reveal.
    Raises ValueError when revealing a question nobody voted on.
    """
    votes = votes_for(assessment, question.id)
    if revealed and not votes.voted:
        raise ValueError("Nobody has voted on this question yet.")
    result = QuestionVotes(dict(votes.votes), revealed, votes.overridden, dict(votes.selections))
    if revealed:
        result = _with_carried_absent(assessment, result)
    _store(assessment, question.id, result)
    _settle(assessment, question, result)
    return result


def override_answer(
    assessment: Assessment, question: Question, value: AnswerValue | None
) -> QuestionVotes:
    """The facilitator sets the team's answer; None returns it to the median of the votes."""
    votes = votes_for(assessment, question.id)
    result = QuestionVotes(
        dict(votes.votes), votes.revealed, value is not None, dict(votes.selections)
    )
    _store(assessment, question.id, result)
    if value is None:
        _settle(assessment, question, result)
    else:
        _set_team_answer(assessment, question, value, FACILITATOR_NOT_APPLICABLE_REASON)
    return result


# ------------------------------------------------------------ participation


@dataclass(frozen=True)
class Participation:
    """How many questions each participant voted on (counts only when votes are anonymous)."""

    anonymous: bool
    by_participant: tuple[tuple[str, int], ...]
    """(name, questions voted on), in the participants' order; empty when anonymous."""
    questions_with_votes: int
    votes_cast: int


def participation(assessment: Assessment, question_ids: list[str]) -> Participation:
    counted = [votes_for(assessment, qid) for qid in question_ids]
    counted = [votes for votes in counted if votes.votes or votes.selections]
    cast = sum(len(votes.voted) for votes in counted)
    if assessment.anonymous_votes:
        return Participation(True, (), len(counted), cast)
    names = list(assessment.participants)
    for votes in counted:
        names.extend(name for name in votes.all_votes if name not in names)
    by_participant = tuple(
        (name, sum(1 for votes in counted if name in votes.voted)) for name in names
    )
    return Participation(False, by_participant, len(counted), cast)


def make_votes_anonymous(assessment: Assessment) -> None:
    """Replace the participants' names by seats ('Voter 1'...), in votes too: counts only from now."""
    seats = dict(
        zip(assessment.participants, anonymous_seats(len(assessment.participants)), strict=True)
    )
    for votes in assessment.votes.values():
        votes.votes = {seats.get(name, name): vote for name, vote in votes.votes.items()}
        votes.selections = {seats.get(name, name): vote for name, vote in votes.selections.items()}
    assessment.participants = list(seats.values())
    assessment.absent = [seats.get(name, name) for name in assessment.absent]
    assessment.anonymous_votes = True


def choice_votes_count(scale: Scale, votes: QuestionVotes) -> int:
    """How many votes chose on the scale (a choice, or a set on a multi-select scale)."""
    if scale.multiple:
        return len(_selections(scale, votes))
    return len(_choice_indexes(scale, votes))


def was_rounded_down(scale: Scale, votes: QuestionVotes) -> bool:
    """True when an even number of votes for a choice has two different middle votes, so the
    median took the lower one: the only case where the team's answer was rounded down."""
    if scale.multiple:
        return False
    indexes = _choice_indexes(scale, votes)
    if not indexes or len(indexes) % 2:
        return False
    return indexes[len(indexes) // 2 - 1] != indexes[len(indexes) // 2]


def team_answer_reason(scale: Scale, votes: QuestionVotes, *, brief: bool = False) -> str:
    """Why the team's answer is what it is, in a few words for the screen and the report.

    "Rounded down to the cautious choice" is said only when the two middle votes differ (an
    even count such as 1 2 3 3); `brief` leaves out why rounding down is cautious, for small
    screens."""
    if votes.overridden:
        return "set by the facilitator"
    count = choice_votes_count(scale, votes)
    if count == 0:
        return "nobody chose a level: most said not applicable, or don't know"
    if scale.multiple:
        return f"the choices more than half of {count} voters picked"
    if not was_rounded_down(scale, votes):
        return f"median of {count} votes"
    if brief:
        return f"median of {count} votes, rounded down (cautious)"
    return (
        f"median of {count} votes, rounded down to the cautious choice: "
        "claimed only when at least half the team rates it that high"
    )

"""The vote grid of team mode: who has voted (values hidden), then the revealed distribution.

One widget for the whole session, drawn as lines of `Content` (no child widgets): moving to another
question replaces its state, it never mounts anything. Before the reveal it shows only who has
voted ("3 of 5 voted", names ticked) and never a value, so nobody anchors on the first voice. After
the reveal it shows a bar per choice with the names (counts only for anonymous votes), the spread,
a "discuss" flag and the team's answer with its reason. Participants who vote from their own
device are marked ("voted remotely", "joined remotely"). Participant names are shown literally.

The grid owns the facilitator's pointer: which participant the next key records (`highlighted`,
which skips participants who vote from their own device) and whether the next choice key
overrides the team's answer (`override_pending`). Both are reactive: the grid redraws itself and
posts `VoteGrid.Highlighted` and `VoteGrid.OverrideChanged`. The screen owns the keys and the
assessment; the rules (median, spread) come from `ops_maturity.core.model.votes`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ops_maturity.core.model.assessment import Answer, AnswerValue
from ops_maturity.core.model.questionnaire import Question
from ops_maturity.core.model.scoring import answer_label
from ops_maturity.core.model.votes import (
    QuestionVotes,
    SpecialVote,
    distribution,
    needs_discussion,
    spread,
    team_answer_reason,
    vote_label,
)
from ops_maturity.core.text import clean_single_line
from ops_maturity.ui.widgets.choice_list import key_range

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


@dataclass(frozen=True)
class VoteGridState:
    """The question and its votes, as the grid shows them (the pointer is the grid's own)."""

    question: Question
    votes: QuestionVotes
    participants: tuple[str, ...]
    team_answer: AnswerValue | None
    anonymous: bool = False
    remote_votes: frozenset[str] = frozenset()
    """Participants whose vote on this question came from their own device."""
    joined_remotely: frozenset[str] = frozenset()
    """Participants who joined remote voting (their keys are on their own device)."""
    absent: frozenset[str] = frozenset()
    """Participants marked absent on an earlier question and not back yet: shown absent here
    before anyone votes (the reveal records it)."""
    flagged: bool = False
    """The facilitator flagged this question for discussion (besides a wide spread)."""


COMPACT_WIDTH = 60
"""Narrower than this (an 80-column terminal beside the sidebar), the grid says less per line:
'spread 3', a brief reason, a shorter override prompt."""


def _key_legend(question: Question) -> str:
    if question.scale.multiple:
        return "n N/A · ? don't know · x absent (a set: the ticks below, then enter)"
    choices = " · ".join(
        f"{index} {clean_single_line(choice.label)}"
        for index, choice in enumerate(question.scale.choices, start=1)
    )
    return f"{choices} · n N/A · ? don't know · x absent"


def override_prompt(question: Question, compact: bool = False) -> str:
    """What the grid says while an override is pending, with the keys of this question's scale."""
    if question.scale.multiple:
        if compact:
            return "Override: tick the team's set, then enter · o: the majority · esc: cancel"
        return (
            "Override: tick the team's set, then enter (n, ?); o again: back to the majority's "
            "set; esc: cancel"
        )
    keys = key_range(len(question.scale.choices))
    if compact:
        return f"Override: {keys}, n or ? sets the team's answer · o: the median · esc: cancel"
    return (
        f"Override: press the team's answer ({keys}, n, ?); o again: back to the median; "
        "esc: cancel"
    )


ABSENT_ROW_KEY = "x"
"""The distribution's row of absent participants (`votes.distribution`)."""


RemoteVoter = Callable[[str], bool]
"""Whether a participant votes from their own device now (the pointer skips them)."""


def _nobody(name: str) -> bool:
    return False


class VoteGrid(Widget):
    """Shows a `VoteGridState` and the facilitator's pointer; the Assess screen updates the state
    after every change and moves the pointer."""

    DEFAULT_CSS = """
    VoteGrid {
        height: auto;
        width: 1fr;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "vote-grid--title",
        "vote-grid--highlight",
        "vote-grid--bar",
        "vote-grid--discuss",
        "vote-grid--muted",
        "vote-grid--answer",
        "vote-grid--warning",
    }

    spacious: reactive[bool] = reactive(False, layout=True)
    """Presentation mode: longer bars and a blank line between choices."""
    highlighted: reactive[int] = reactive(0, layout=True, init=False)
    """The index of the participant whose vote the next key records."""
    override_pending: reactive[bool] = reactive(False, layout=True, init=False)
    """The next choice key sets the team's answer instead of a vote (after `o`)."""

    class Highlighted(Message):
        """The pointer moved to another participant (None: there are no participants)."""

        def __init__(self, vote_grid: VoteGrid, participant: str | None) -> None:
            super().__init__()
            self.vote_grid = vote_grid
            self.participant = participant

        @property
        def control(self) -> VoteGrid:
            return self.vote_grid

    class OverrideChanged(Message):
        """An override started (`o`) or ended (a choice, `o` again, escape, or another question)."""

        def __init__(self, vote_grid: VoteGrid, pending: bool) -> None:
            super().__init__()
            self.vote_grid = vote_grid
            self.pending = pending

        @property
        def control(self) -> VoteGrid:
            return self.vote_grid

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._state: VoteGridState | None = None

    @property
    def state(self) -> VoteGridState | None:
        return self._state

    def show(self, state: VoteGridState) -> None:
        """Show this question's votes; the pointer stays where it is."""
        self._state = state
        self.refresh(layout=True)

    # -------------------------------------------------------------- pointer

    @property
    def participants(self) -> tuple[str, ...]:
        return self._state.participants if self._state is not None else ()

    @property
    def highlighted_participant(self) -> str | None:
        participants = self.participants
        index = self.highlighted
        return participants[index] if 0 <= index < len(participants) else None

    def highlight_first_open(self, remote_voter: RemoteVoter = _nobody) -> None:
        """Point at the first participant without a vote whose keys are here (else the first)."""
        votes = self._state.votes.all_votes if self._state is not None else {}
        self.highlighted = next(
            (
                index
                for index, name in enumerate(self.participants)
                if name not in votes and not remote_voter(name)
            ),
            0,
        )

    def highlight_next(self, remote_voter: RemoteVoter = _nobody) -> None:
        """Point at the next participant whose keys are here, or stay (clamped) at the end."""
        participants = self.participants
        after = self.highlighted
        self.highlighted = next(
            (
                index
                for index in range(after + 1, len(participants))
                if not remote_voter(participants[index])
            ),
            min(after, len(participants) - 1),
        )

    def move_highlight(self, direction: int) -> None:
        """Up (-1) or down (1) one participant, staying within the list."""
        self.highlighted = max(0, min(self.highlighted + direction, len(self.participants) - 1))

    def watch_highlighted(self) -> None:
        self.post_message(self.Highlighted(self, self.highlighted_participant))

    def watch_override_pending(self, pending: bool) -> None:
        self.post_message(self.OverrideChanged(self, pending))

    # ---------------------------------------------------------------- lines

    def _title(self, state: VoteGridState, compact: bool) -> Content:
        votes = state.votes
        voted = len(votes.voted)
        total = len(state.participants)
        title_style = self.get_visual_style("vote-grid--title")
        parts: list[Content] = []
        if votes.revealed:
            parts.append(Content.styled("Revealed", title_style))
            parts.append(Content(f"  {voted} of {total} voted"))
            steps = spread(state.question.scale, votes)
            unit = "" if compact else f" step{'' if steps == 1 else 's'}"
            parts.append(Content(f" · spread {steps}{unit}"))
            if state.flagged or needs_discussion(state.question.scale, votes):
                parts.append(
                    Content.styled("  ⚑ DISCUSS ", self.get_visual_style("vote-grid--discuss"))
                )
        else:
            parts.append(Content.styled("Votes hidden", title_style))
            parts.append(Content(f"  {voted} of {total} voted"))
            parts.append(Content.styled(" · v reveals", self.get_visual_style("vote-grid--muted")))
            if state.flagged:
                parts.append(
                    Content.styled("  ⚑ DISCUSS ", self.get_visual_style("vote-grid--discuss"))
                )
        return Content.assemble(*parts)

    def _hidden_rows(self, state: VoteGridState, width: int) -> list[Content]:
        """One row per participant: ticked when voted, never the value."""
        highlight = self.get_visual_style("vote-grid--highlight")
        muted = self.get_visual_style("vote-grid--muted")
        rows: list[Content] = []
        name_width = max((len(clean_single_line(n)) for n in state.participants), default=0)
        votes = state.votes.all_votes
        for index, name in enumerate(state.participants):
            vote = votes.get(name)
            if vote is None and name in state.absent:
                mark, note = "–", "absent (any vote marks them back)"
            elif vote is None:
                mark, note = "·", ""
            elif vote == SpecialVote.ABSENT:
                mark, note = "–", "absent"
            else:
                mark, note = "✔", "voted"
            if name in state.remote_votes:
                note = "voted remotely"
            elif name in state.joined_remotely:
                note = f"{note}, joined remotely" if note else "joined remotely"
            pointer = "▸" if index == self.highlighted else " "
            line = Content.assemble(
                f"{pointer} {mark} ",
                Content(clean_single_line(name).ljust(name_width)),
                "  ",
                (note, muted),
            )
            if index == self.highlighted:
                line = line.stylize(highlight)
            rows.append(line.truncate(width, ellipsis=True))
        return rows

    def _revealed_rows(self, state: VoteGridState, width: int) -> list[Content]:
        """A bar per choice with the names (counts only when anonymous); absent participants on
        a dim line of their own, never a bar: they did not vote."""
        every_row = distribution(state.question, state.votes)
        rows = [
            row for row in every_row if (row.is_choice or row.count) and row.key != ABSENT_ROW_KEY
        ]
        labels = [
            f"{row.key} {clean_single_line(row.label)}" if row.is_choice else f"  {row.label}"
            for row in rows
        ]
        label_width = max(len(label) for label in labels)
        most = max((row.count for row in rows), default=0) or 1
        # Bars share a third of the width in presentation mode, a quarter otherwise.
        bar_room = max(4, width // 3 if self.spacious else width // 4)
        bar_style = self.get_visual_style("vote-grid--bar")
        answer_style = self.get_visual_style("vote-grid--answer")
        chosen = state.team_answer
        lines: list[Content] = []
        for row, label in zip(rows, labels, strict=True):
            if self.spacious and lines:
                lines.append(Content(""))
            cells = max(1, round(row.count * bar_room / most)) if row.count else 0
            bar = Content.styled("█" * cells, bar_style).pad_right(bar_room - cells)
            names = "" if state.anonymous else ", ".join(clean_single_line(n) for n in row.names)
            is_answer = row.is_choice and self._is_answer_row(state, chosen, row.key)
            head = Content(label.ljust(label_width))
            if is_answer:
                head = head.stylize(answer_style)
            line = Content.assemble(
                "✔ " if is_answer else "  ", head, "  ", bar, f" {row.count:>2}  ", Content(names)
            )
            lines.append(line.truncate(width, ellipsis=True))
            if self.spacious and cells:  # a taller bar, readable from the back of the room
                lines.append(Content.assemble(" " * (label_width + 4), bar).truncate(width))
        absent = next((row for row in every_row if row.key == ABSENT_ROW_KEY), None)
        if absent is not None and absent.count:
            who = (
                str(absent.count)
                if state.anonymous
                else ", ".join(clean_single_line(name) for name in absent.names)
            )
            muted = self.get_visual_style("vote-grid--muted")
            lines.append(Content.styled(f"  absent: {who}", muted).truncate(width, ellipsis=True))
        return lines

    @classmethod
    def _is_answer_row(cls, state: VoteGridState, chosen: AnswerValue | None, key: str) -> bool:
        """The row is the team's answer: its choice, or on a multi-select question one of the
        choices in the team's set (the None of these row, '0', when the set is empty)."""
        if isinstance(chosen, tuple):
            if key == "0":
                return not chosen
            return any(cls._choice_key(state, value) == key for value in chosen)
        return chosen is not None and cls._choice_key(state, chosen) == key

    @staticmethod
    def _choice_key(state: VoteGridState, value: AnswerValue) -> str | None:
        for index, choice in enumerate(state.question.scale.choices, start=1):
            if choice.value == value:
                return str(index)
        return None

    def _answer_line(self, state: VoteGridState, compact: bool) -> Content:
        answer_style = self.get_visual_style("vote-grid--answer")
        if state.team_answer is None:
            return Content("Team answer: none yet")
        label = answer_label(state.question, Answer(state.team_answer))
        key = self._choice_key(state, state.team_answer)
        shown = f"{key} {label}" if key else label
        reason = team_answer_reason(state.question.scale, state.votes, brief=compact)
        return Content.assemble(
            "Team answer: ", Content.styled(clean_single_line(shown), answer_style), f" · {reason}"
        )

    def _editing_line(self, state: VoteGridState) -> Content:
        muted = self.get_visual_style("vote-grid--muted")
        if not state.participants:
            return Content("")
        index = min(self.highlighted, len(state.participants) - 1)
        name = state.participants[index]
        vote = state.votes.all_votes.get(name)
        now = vote_label(state.question, vote) if vote is not None else "no vote"
        if state.anonymous:  # a seat's vote is never shown next to it
            now = "voted" if vote is not None else "no vote"
        if name in state.remote_votes:
            now += " (their own, from their device)"
        return Content.assemble(
            "▸ ",
            Content(clean_single_line(name)),
            f": {now}",
            (" · ↑↓ and keys change votes", muted),
        )

    def _lines(self, width: int) -> tuple[list[Content], int | None]:
        """The grid's lines, each at most `width` cells (long ones wrapped here, so that line
        numbers are screen rows), and the row of the pointer: the highlighted participant before
        the reveal, the override prompt or the editing line after it."""
        state = self._state
        if state is None:
            return [], None
        muted = self.get_visual_style("vote-grid--muted")
        compact = width < COMPACT_WIDTH
        lines = [self._title(state, compact)]
        if state.votes.revealed:
            lines += self._revealed_rows(state, width)
            lines.append(self._answer_line(state, compact))
            if self.override_pending:
                last = Content.styled(
                    override_prompt(state.question, compact),
                    self.get_visual_style("vote-grid--warning"),
                )
            else:
                last = self._editing_line(state)
            rows = _wrapped(lines, width)
            return [*rows, *last.wrap(width)], len(rows)
        lines.append(Content.styled(_key_legend(state.question), muted))
        head = _wrapped(lines, width)
        participants = self._hidden_rows(state, width)
        pointer = len(head) + min(self.highlighted, len(participants) - 1) if participants else None
        return [*head, *participants], pointer

    @property
    def pointer_line(self) -> int | None:
        """The row (from the grid's top) where the facilitator's next key acts: the highlighted
        participant, or after the reveal the override prompt or editing line."""
        return self._lines(max(self.size.width, 20))[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # At the width the layout offers: `self.size` would arrange the screen again from
        # within its arrangement (see ChoiceList.get_content_height).
        if not width:
            return 0
        return (
            Content("\n")
            .join(self._lines(max(width, 20))[0])
            .get_height(cast("RulesMap", self.styles), width)
        )

    def render(self) -> Content:
        width = max(self.size.width, 20)
        return Content("\n").join(self._lines(width)[0])


def _wrapped(lines: list[Content], width: int) -> list[Content]:
    return [row for line in lines for row in line.wrap(width)]

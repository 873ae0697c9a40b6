"""The progress row under the Assess screen's question: a bar, '12/64 answered', and today's
plan ('today: 12 of 16 · about 20 min left') when there is one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from ops_maturity.core.model.scoring import AssessmentScore


class AnswerProgress(Horizontal):
    """How many questions are answered, as a bar with a percentage and as a count."""

    def __init__(self, total: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._total = total

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=self._total, show_eta=False, show_percentage=True, id="progress")
        yield Static(id="today", markup=False)
        yield Static(id="progress-label", markup=False)

    def show(self, score: AssessmentScore) -> None:
        self.query_one(ProgressBar).update(total=score.total, progress=score.answered)
        self.query_one("#progress-label", Static).update(f"{score.answered}/{score.total} answered")

    def show_today(self, text: str) -> None:
        """Today's plan and the time left ('' hides it)."""
        today = self.query_one("#today", Static)
        today.update(text)
        today.display = bool(text)

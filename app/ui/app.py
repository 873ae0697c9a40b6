"""Placeholder app until the interactive screens land (issue 3)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class OpsMaturityApp(App[None]):
    TITLE = "ops-maturity"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("ops-maturity: the interactive assessment is coming soon.", markup=False)
        yield Footer()


def make_app(
    *,
    questionnaire: str | None = None,
    team: str | None = None,
    label: str | None = None,
    facilitator: str = "",
    participants: list[str] | None = None,
    folder: Path = Path("assessments"),
    resume: Path | None = None,
    presentation: bool = False,
) -> OpsMaturityApp:
    return OpsMaturityApp()

"""The report rendered ahead of time: the Results screen starts it, the Report screen picks it up.

People read their results before they press `m`, so the Results screen starts rendering the
report in a background thread as soon as it is drawn, and the Report screen usually finds the text
ready. The app owns one `ReportPrefetch` (`OpsMaturityApp.report_prefetch`), so one app (or one
test) never picks up a render another started, and a prefetched report is used only for the very
assessment it was made from, unchanged. Rendering is the core's
(`ops_maturity.core.reports.folder_report`), which imports Jinja2 only when it runs.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from textual.app import App

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.model.questionnaire import Questionnaire
from ops_maturity.core.reports import folder_report
from ops_maturity.core.reports.folder_report import RenderedReport
from ops_maturity.core.storage.assessment_toml import assessment_to_toml

_MadeFrom = tuple[int, int, str, str]


def _made_from(
    questionnaire: Questionnaire, assessment: Assessment, assessment_path: Path | None
) -> _MadeFrom:
    # The serialised assessment is memoised per answer, so this is cheap even at 5,000 questions.
    return (id(questionnaire), id(assessment), str(assessment_path), assessment_to_toml(assessment))


class ReportPrefetch:
    """At most one report rendered ahead of time, with what it was rendered from."""

    def __init__(self) -> None:
        self._made_from: _MadeFrom | None = None
        self._future: Future[RenderedReport] | None = None

    def start(
        self, questionnaire: Questionnaire, assessment: Assessment, assessment_path: Path | None
    ) -> None:
        """Start rendering in a background thread; it replaces any earlier prefetch."""
        future: Future[RenderedReport] = Future()
        self._made_from = _made_from(questionnaire, assessment, assessment_path)
        self._future = future

        def render() -> None:
            try:
                future.set_result(
                    folder_report.render_report_markdown(questionnaire, assessment, assessment_path)
                )
            except BaseException as error:  # handed to whoever awaits the future
                future.set_exception(error)

        threading.Thread(target=render, name="report-prefetch", daemon=True).start()

    def _take(
        self, questionnaire: Questionnaire, assessment: Assessment, assessment_path: Path | None
    ) -> Future[RenderedReport] | None:
        """The prefetch if it was made from this very assessment (used once), else None."""
        future, made_from = self._future, self._made_from
        self._future = self._made_from = None
        if future is None or made_from != _made_from(questionnaire, assessment, assessment_path):
            return None
        if not future.done():  # kept in case it is not awaited now: `rendered` may still want it
            self._future, self._made_from = future, made_from
        return future

    def ready_text(
        self, questionnaire: Questionnaire, assessment: Assessment, assessment_path: Path | None
    ) -> str | None:
        """The Markdown, when a prefetch of this very assessment has finished and succeeded
        (it is used up). A render still running is left for `rendered` to await."""
        future = self._take(questionnaire, assessment, assessment_path)
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()[0]

    async def rendered(
        self, questionnaire: Questionnaire, assessment: Assessment, assessment_path: Path | None
    ) -> RenderedReport:
        """The prefetched report when it was made from this very assessment, else a fresh render
        (in a thread)."""
        future = self._take(questionnaire, assessment, assessment_path)
        if future is not None:
            self._future = self._made_from = None
            return await asyncio.wrap_future(future)
        return await asyncio.to_thread(
            folder_report.render_report_markdown, questionnaire, assessment, assessment_path
        )


def report_prefetch_of(app: App[Any]) -> ReportPrefetch | None:
    """The app's prefetch (None for an app without one: the report is then rendered on demand)."""
    prefetch = getattr(app, "report_prefetch", None)
    return prefetch if isinstance(prefetch, ReportPrefetch) else None

"""SVG snapshots of the Report screen's formatted view (`v`): the report's pages listed on the
left, one page rendered beside them, at 80x24 and 120x40. Pages are made short (3,000
characters) so that the complete example's Roadmap and Appendix take several pages, as a long
report's sections do; `]` turns to the Roadmap's second page, which starts again under its
headings, marked continued.

The determinism fixtures are test_snapshots.py's. Update with `pytest
tests/ui/test_report_pages_snapshots.py --snapshot-update`, then look at each SVG as PNG.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from ops_maturity.ui.app import make_app
from ops_maturity.ui.screens.report import ReportScreen
from ops_maturity.ui.screens.report_formatted import FormattedReport
from test_snapshots import (  # the determinism fixtures, autouse
    FOLDER,
    copy_payments_example,
    frozen_clock,
    settle,
    stable_colours,
    steady_cursor,
    working_folder,
)

__all__ = ["frozen_clock", "stable_colours", "steady_cursor", "working_folder"]

SnapCompare = Callable[..., bool]
TO_ROADMAP_PAGE_2 = ("r", "m", "v", *["right_square_bracket"] * 5)


@pytest.fixture(autouse=True)
def short_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FormattedReport, "page_characters", 3_000)


class TestFormattedReportPages:
    def test_pages_at_80x24(self, snap_compare: SnapCompare) -> None:
        """The list of pages beside 'Roadmap (continued)', its page highlighted."""
        app = make_app(resume=copy_payments_example(), folder=FOLDER)
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=settle(*TO_ROADMAP_PAGE_2, expect=ReportScreen)
        )

    def test_pages_at_120x40(self, snap_compare: SnapCompare) -> None:
        """The same at 120x40: every page of the report listed."""
        app = make_app(resume=copy_payments_example(), folder=FOLDER)
        assert snap_compare(
            app,
            terminal_size=(120, 40),
            run_before=settle(*TO_ROADMAP_PAGE_2, expect=ReportScreen),
        )

"""Every module in the package can be read in one sitting: none is over 500 lines."""

from __future__ import annotations

from pathlib import Path

import ops_maturity

LIMIT = 500
PACKAGE = Path(ops_maturity.__file__).resolve().parent


def test_no_module_is_over_500_lines() -> None:
    """A module that grows past the limit is split along a real seam, not left to grow."""
    sizes = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert len(sizes) > 50, "the package was not found where the test looked"
    assert {name: lines for name, lines in sizes.items() if lines > LIMIT} == {}

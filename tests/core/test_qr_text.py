"""The join link's QR code drawn as text holds exactly the modules of the real QR code."""

from __future__ import annotations

import segno
from ops_maturity.core.remote.qr import QUIET_ZONE, qr_lines

CELLS = {" ": (0, 0), "▀": (1, 0), "▄": (0, 1), "█": (1, 1)}


def test_the_text_qr_code_is_the_qr_code_module_for_module() -> None:
    """Each character is two modules (top, bottom); read back, they are segno's matrix."""
    link = "https://vote.example.org/#code=K7QF3M"
    lines = qr_lines(link)
    assert len({len(line) for line in lines}) == 1
    modules: list[list[int]] = []
    for line in lines:
        modules.append([CELLS[cell][0] for cell in line])
        modules.append([CELLS[cell][1] for cell in line])
    code = segno.make(link, error="l", micro=False, boost_error=False)
    expected = [[int(bool(m)) for m in row] for row in code.matrix_iter(border=QUIET_ZONE)]
    assert modules[: len(expected)] == expected
    assert not any(modules[len(expected) :][0]) if len(modules) > len(expected) else True
    assert lines[0].strip() == "" and all(line[:QUIET_ZONE] == " " * QUIET_ZONE for line in lines)

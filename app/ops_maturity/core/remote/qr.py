"""A QR code drawn with text: two modules per character cell, using half blocks.

The facilitator's screen shows the join link this way, so phones can scan it from the projector.
Drawn dark-on-light (the caller styles it black on white; scanners expect that) with the quiet
zone of two modules that most readers need. segno (pure Python) makes the matrix and is imported
only when a code is drawn. Plain Python: no UI.
"""

from __future__ import annotations

QUIET_ZONE = 2
_CELLS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_lines(text: str) -> list[str]:
    """The QR code of `text` as lines of equal width; a dark module is a drawn half block."""
    import segno

    code = segno.make(text, error="l", micro=False, boost_error=False)
    rows = [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(_CELLS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]

"""The high-contrast theme that presentation mode switches to.

Projectors wash out dark backgrounds and mid-tone colours: in a lit room a black background shows
as grey and dim text disappears. So the projector theme is near-black text on a white background
with a few strongly saturated accents. This module only defines themes; the app registers them.
"""

from __future__ import annotations

from textual.theme import Theme

PROJECTOR_THEME_NAME = "ops-projector"

PROJECTOR_THEME = Theme(
    name=PROJECTOR_THEME_NAME,
    primary="#0033A0",
    secondary="#5B0099",
    accent="#B3006B",
    warning="#8A4B00",
    error="#B00020",
    success="#006B2E",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E6E6E6",
    boost="#000000",
    dark=False,
    luminosity_spread=0.2,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#0033A0",
        "footer-description-foreground": "#000000",
        "block-cursor-background": "#0033A0",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#0033A0 35%",
    },
)
"""Black on white, with saturated blue, magenta, red and green that survive a projector."""

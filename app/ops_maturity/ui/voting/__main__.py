"""`python -m ops_maturity.ui.voting`: the per-browser process that `ops-maturity serve` starts."""

from .app import main_for_serve

raise SystemExit(main_for_serve())

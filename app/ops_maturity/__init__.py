"""ops-maturity: assess how a team runs production and plan the way up, one gated level at a time."""

__version__ = "0.1.0"

"""The small voting app that `ops-maturity serve` shows in each participant's browser."""

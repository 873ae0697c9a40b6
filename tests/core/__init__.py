"""Tests of the headless core (ops_maturity.core): no Textual involved."""

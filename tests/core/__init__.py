"""Tests of the headless core (app.core): no Textual involved."""

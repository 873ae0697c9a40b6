"""The Textual user interface. It calls app.core; the core never imports from here."""

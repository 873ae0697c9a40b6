"""The remote-voting web server and its page: a thin adapter around `ops_maturity.core.remote.room`.

Imported only when remote voting starts (aiohttp is not loaded at start-up). It must not import
Textual or the UI: the app hands it a `VoteSink` instead.
"""

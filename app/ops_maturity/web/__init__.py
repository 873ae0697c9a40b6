"""The remote-voting web server and its page: a thin adapter around `ops_maturity.core.remote.room`.

`server` (routes, handlers, start and stop), `page` (the page, its Content-Security-Policy and the
headers of every response), `origin` (which requests may act), `connection` (one page's
websocket outbox) and `limits` (every time-out and cap). Imported only when remote voting starts
(aiohttp is not loaded at start-up). It must not import Textual or the UI: the app hands it a
`VoteSink` instead.
"""

"""The rules of remote voting, with no network code and no Textual.

`room` (join code, names and secret tokens, connection caps, rounds, refusals), `limits` (wrong
join codes per client address, messages per connection), `protocol` (checks every message a page
sends, builds every reply), `question` (what a page may see), `intake` (the one path from a remote
vote to `record_vote`), `options` (host, port, public URL) and `qr` (the join link as a text QR
code). The aiohttp server (`ops_maturity.web`) and the app (`ops_maturity.ui.remote`) are thin
adapters over these.
"""

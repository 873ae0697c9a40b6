"""`serve`: the separate voting server is gone; a typed `serve` says where remote voting went.

Kept so that an old habit or script gets a usage error with directions, not "invalid choice".
"""

from __future__ import annotations

import argparse

from ops_maturity.cli.common import EXIT_USAGE, print_error

SERVE_IS_GONE = (
    "`ops-maturity serve` is gone: the app serves the voting page itself. Start the session with "
    "`ops-maturity run --resume ASSESSMENT.toml --remote` (or `run --team ... --remote`), or pick "
    "'Start remote voting' in the command palette (ctrl+p) of a running team session."
)


def run_command(args: argparse.Namespace) -> int:
    """Say where remote voting went; always a usage error."""
    print_error(SERVE_IS_GONE)
    return EXIT_USAGE

"""Allow `python -m ops_maturity`, which behaves exactly like the `ops-maturity` command."""

from .cli import main

raise SystemExit(main())

"""Allow `python -m ops_maturity`, which behaves exactly like the `ops-maturity` command."""

from ops_maturity.cli import main

raise SystemExit(main())

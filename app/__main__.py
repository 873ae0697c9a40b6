"""Allow `python -m app`, which behaves exactly like the `ops-maturity` command."""

from app.cli import main

raise SystemExit(main())

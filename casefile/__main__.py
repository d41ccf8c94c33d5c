"""Run casefile with ``python -m casefile``."""

from casefile.cli import main

raise SystemExit(main())

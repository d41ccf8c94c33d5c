"""Run casefile with ``python -m casefile``."""

from casefile.cli import main

if __name__ == "__main__":  # worker processes (spawned) import this module again
    raise SystemExit(main())

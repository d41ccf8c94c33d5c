"""The bundle's entry point: the same command line as the ``casefile`` script."""

import multiprocessing

from casefile.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # screening's worker processes start the bundle again
    raise SystemExit(main())

"""``python -m cleantext.serve [--host H] [--port P] [--open] [--max-size MB]``."""

import sys

from . import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

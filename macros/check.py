"""`python -m macros.check`: the same as `python -m macros.data` (kept for old notes and habits)."""

import sys

from .data.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

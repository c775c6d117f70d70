"""Entry script of the frozen executable (run as ``__main__``, outside the package)."""

import sys

from l1l2gui.cli import main

if __name__ == "__main__":
    sys.exit(main())

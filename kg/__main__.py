"""``python -m kg``: the same as the ``kg`` command."""

import sys

from kg.app.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""``python -m bmckit``: the same as the ``bmckit`` command."""

import sys

from bmckit.cli import main

sys.exit(main())

"""``python -m nato_quotes`` is the ``nato-quotes`` command."""

import sys

from .cli import main

sys.exit(main())

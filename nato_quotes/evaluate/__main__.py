"""``python -m nato_quotes.evaluate spkatt DIR`` / ``... seeds GOLD TEXTS``."""

import sys

from .cli import main

sys.exit(main(sys.argv[1:]))

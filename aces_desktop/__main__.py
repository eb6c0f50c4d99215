"""``python -m aces_desktop`` runs the command line (``aces``)."""

import sys

from aces_desktop.cli import main

sys.exit(main())

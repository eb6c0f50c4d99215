"""Entry point of the frozen `aces` console executable."""

import sys

from aces_desktop.cli import main

sys.exit(main())

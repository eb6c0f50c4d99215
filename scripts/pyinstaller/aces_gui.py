"""Entry point of the frozen windowed `aces-desktop` executable."""

import sys

from aces_desktop.ui.app import main

sys.exit(main())

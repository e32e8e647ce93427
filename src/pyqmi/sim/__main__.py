"""``python -m pyqmi.sim``: the same as the command ``pyqmi-sim``."""

import sys

from pyqmi.sim.cli import main

sys.exit(main())

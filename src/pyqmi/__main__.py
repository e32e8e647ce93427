import sys

from pyqmi.cli.main import main

sys.exit(main())

"""``python -m pyqmi.qmi.typegen``: see the package docstring."""

import sys

from pyqmi.qmi.typegen import main

if __name__ == "__main__":
    sys.exit(main())

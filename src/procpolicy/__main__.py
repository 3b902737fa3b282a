"""``python -m procpolicy``: the command line (see `procpolicy.cli`)."""

import sys

from procpolicy.cli import main

sys.exit(main())

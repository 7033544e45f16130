"""`python -m robot`: the same as the `robot` command."""

import sys

from robot.cli import main

sys.exit(main())

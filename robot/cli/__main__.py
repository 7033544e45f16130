"""`python -m robot.cli`: the same as the `robot` command."""

import sys

from robot.cli import main

sys.exit(main())

"""The run: transaction loop, journal, recovery, lock and report."""

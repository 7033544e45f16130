"""Scripts that render documentation from the code, so the runbooks cannot drift."""

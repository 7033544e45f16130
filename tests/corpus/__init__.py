"""Bad inputs kept for tests, and the raw .xlsx writer that builds what openpyxl cannot write."""

"""The stand-in ERP (OPUS-like): inbox, invoices, posting, manual handling, journal, upload."""

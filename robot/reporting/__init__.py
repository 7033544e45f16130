"""Following up on the success rate: the journal's history as an Excel workbook for finance."""

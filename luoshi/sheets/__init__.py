"""The spreadsheet framework: reading office workbooks, writing exports, and import flows
(upload → preview → all-or-nothing commit, cancel, export, API) declared once per use."""

"""Ledger pages, one module per sub-domain: tasks, review of drafts, task forces, assignment,
liaison and workload. `urls.py` names each view by its module."""

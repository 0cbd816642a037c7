"""Ledger (任务台账): units, people, and the tree of tasks across levels."""

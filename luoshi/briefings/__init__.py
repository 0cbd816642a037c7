"""Outputs: the battle-map dashboard data, briefings, Excel/Word/PDF exports."""

"""Shared foundations: base models, working-day calendar, logging, errors."""

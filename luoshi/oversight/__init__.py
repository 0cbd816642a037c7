"""Oversight: evaluation snapshots, adjustments, supervision notices, assessment scores."""

"""The public portal: published measures and their progress, read-only, no login."""

"""Documents: reading files, extracting structure and items, and keeping the drafts for review."""

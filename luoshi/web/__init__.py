"""Site shell: login, navigation, home dashboard, language switch, and the demo/ingest commands."""

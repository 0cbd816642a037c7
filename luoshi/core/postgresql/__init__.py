"""Django's PostgreSQL backend, batching its bulk statements under the protocol's parameter limit
when parameters are bound by the server (config/settings.py, `postgresql_statement_options`)."""

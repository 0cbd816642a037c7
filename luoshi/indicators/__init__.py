"""Indicators (指标): annual targets against periodic actuals, with forecasts."""

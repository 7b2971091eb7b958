"""calsync: job-interview follow-ups planned from your calendar."""

__version__ = "0.1.0"

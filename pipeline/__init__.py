"""thaiplan pipeline: ingest, orchestration, writing and the command line."""

__version__ = "0.1.0"

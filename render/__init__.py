"""Every way a result reaches a person: terminal text, JSON, charts, pages and the CLI."""

__version__ = "0.1.0"

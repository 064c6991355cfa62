"""briefgen: turn a folder of news articles into a cited, searchable briefing website."""

__version__ = "0.1.0"

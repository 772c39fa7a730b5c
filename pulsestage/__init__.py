"""PulseStage: anonymous Q&A and weekly pulse surveys, served by one aiohttp process."""

__version__ = "0.1.0"

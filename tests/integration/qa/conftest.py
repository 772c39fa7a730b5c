"""Fixtures shared by the Q&A tests."""

from tests.integration.qa.support import peers  # noqa: F401

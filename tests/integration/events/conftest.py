"""Fixtures shared by the event tests."""

from tests.integration.qa.support import peers  # noqa: F401

"""What other areas may call in Q&A (areas talk to each other only through `service`)."""

from __future__ import annotations

from pulsestage.qa.questions_service import questions_by_author

__all__ = ["questions_by_author"]

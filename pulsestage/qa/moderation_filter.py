"""The local content filter run on every submission (behaviours.md §9.1), and verdict combination.

Pure functions over compiled, stateless patterns: the same text always gets the same verdict
(upstream's global regexes skipped checks on alternate calls; this cannot).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field

from pulsestage.qa.profanity_words import WORDS

PROFANITY = "Contains profanity"
SPAM = "Spam detected (excessive URLs, numbers, or repeated characters)"
TOXIC = "Contains hate speech or harmful content"
CAPS = "Excessive capitalization"
AGGRESSIVE = "Aggressive or confrontational tone"
LEVELS = {"low": 0, "medium": 1, "high": 2}



def word_trie(words: Iterable[str]) -> str:
    """One pattern matching exactly the given words (case-folded), shaped as a trie.

    A plain alternation of 450 words makes the regex engine try each of them at every position
    of the text (0.8 ms for a short question); the trie tries only the words that begin with the
    character found there. It matches the same strings as the alternation, so with the word
    boundaries around it, it finds a word wherever the alternation would.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def render(node: dict) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


# ASCII word boundaries, as the JavaScript original
_PROFANITY = re.compile(r"\b(?:" + word_trie(WORDS) + r")\b", re.IGNORECASE | re.ASCII)
_SPAM = (
    # Decision: the repeated-character rule counts real runs (upstream's never fired).
    re.compile(r"(.)\1{10,}", re.DOTALL),
    re.compile(r"https?://(?:www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b[-a-zA-Z0-9()@:%_+.~#?&/=]*"),
    re.compile(r"\b(?:buy|cheap|discount|free|click here|limited time|act now|sale|order now)\b",
               re.IGNORECASE),
    re.compile(r"\b\d{10,}\b"),
)
_SPAM_LIMIT = 3
# self-harm incitement, slurs, violence: any one is enough, so one pattern scans the text once
_TOXIC = re.compile(r"\b(?:kill yourself|kys|neck yourself"
                    r"|ni(?:gg|bb)er|f[a@]gg[o0]t|retard"
                    r"|rape|molest|abuse)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class Verdict:
    """A filter's opinion: flagged or not, why, how sure, and which providers spoke."""

    flagged: bool
    reasons: tuple[str, ...] = ()
    confidence: str = "low"
    providers: tuple[str, ...] = field(default=("local",))

    def as_json(self) -> dict:
        """The shape stored in audit metadata."""
        return {"flagged": self.flagged, "reasons": list(self.reasons), "confidence": self.confidence,
                "providers": list(self.providers)}


def check_local(text: str) -> Verdict:
    """Profanity, spam and toxic language (high); shouting and aggressive tone (medium)."""
    reasons: list[str] = []
    confidence = "low"
    if _PROFANITY.search(text):
        reasons.append(PROFANITY)
        confidence = "high"
    if any(sum(1 for _ in pattern.finditer(text)) > _SPAM_LIMIT for pattern in _SPAM):
        reasons.append(SPAM)
        confidence = "high"
    if _TOXIC.search(text):
        reasons.append(TOXIC)
        confidence = "high"
    if _shouting(text):
        reasons.append(CAPS)
        confidence = _at_least(confidence, "medium")
    if _aggressive(text):
        reasons.append(AGGRESSIVE)
        confidence = _at_least(confidence, "medium")
    return Verdict(bool(reasons), tuple(reasons), confidence, ("local",))


def combine(local: Verdict, remote: Verdict | None) -> Verdict:
    """Local reasons first, then the remote ones not already given; the higher confidence wins."""
    if remote is None:
        return local
    reasons = list(local.reasons) + [r for r in remote.reasons if r not in local.reasons]
    confidence = max(local.confidence, remote.confidence, key=LEVELS.__getitem__)
    return Verdict(local.flagged or remote.flagged, tuple(reasons), confidence,
                   local.providers + remote.providers)


def _shouting(text: str) -> bool:
    letters = sum(map(text.count, string.ascii_uppercase))  # A-Z only, as the original
    visible = sum(map(len, text.split()))  # split() drops exactly what str.isspace() calls whitespace
    return len(text) > 20 and visible > 0 and letters / visible > 0.6


def _aggressive(text: str) -> bool:
    sentences = _SENTENCE_END.split(text)
    hostile = [s for s in sentences if "!" in s and ("you" in s.lower() or len(s) < 20)]
    return len(hostile) > 2


def _at_least(current: str, level: str) -> str:
    return current if LEVELS[current] >= LEVELS[level] else level

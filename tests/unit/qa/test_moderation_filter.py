"""The local filter: each rule, each tier, the acceptance examples of behaviours.md §9.1."""

from __future__ import annotations

import pytest

from pulsestage.qa.moderation_filter import (
    AGGRESSIVE,
    CAPS,
    PROFANITY,
    SPAM,
    TOXIC,
    Verdict,
    check_local,
    combine,
)


@pytest.mark.parametrize(("text", "reasons", "confidence"), [
    ("This fucking bitch of a process wastes my week", [PROFANITY], "high"),
    ("Why is the build so shit lately?", [PROFANITY], "high"),
    ("See http://a.example.com http://b.example.com http://c.example.org http://d.example.net now",
     [SPAM], "high"),
    ("Buy now! Limited time offer! Click here for discount!", [SPAM], "high"),
    ("Call 1234567890 or 2234567890 or 3234567890 or 4234567890", [SPAM], "high"),
    ("aaaaaaaaaaaa bbbbbbbbbbbb cccccccccccc dddddddddddd", [SPAM], "high"),
    ("You are a retard", [PROFANITY, TOXIC], "high"),
    ("Managers molest our schedules", [TOXIC], "high"),
    ("go kill yourself", [TOXIC], "high"),
    ("WHY ARE WE HAVING SO MANY POINTLESS MEETINGS", [CAPS], "medium"),
    ("You never listen! You ignore us! You decide alone! Why?", [AGGRESSIVE], "medium"),
    ("Stop! Now! Enough! Please reconsider the plan.", [AGGRESSIVE], "medium"),
])
def test_each_rule_and_its_tier(text, reasons, confidence):
    verdict = check_local(text)
    assert verdict.flagged is True
    assert list(verdict.reasons) == reasons
    assert verdict.confidence == confidence
    assert verdict.providers == ("local",)


@pytest.mark.parametrize("text", [
    "What is our remote work policy for next quarter?",
    "How do I submit a PTO request for December?",
    "When is the next all-hands meeting?",
    "Are there changes to our benefits package this year?",
    "When does payroll run this month?",
    "Why do we have @#$%^& in the codebase?",
    "What is the plan for the new office? " * 100,
    "",
    "Is the assessment of the classic Scunthorpe bass passage fine?",
    "Three http://one.example.com http://two.example.com http://three.example.com links are fine",
])
def test_ordinary_questions_pass(text):
    assert check_local(text) == Verdict(False, (), "low", ("local",))


def test_shouting_with_profanity_stays_high():
    verdict = check_local("THIS IS SHIT AND EVERYONE KNOWS IT")
    assert list(verdict.reasons) == [PROFANITY, CAPS]
    assert verdict.confidence == "high"


def test_same_text_same_verdict_every_time():
    # upstream's stateful global regexes skipped every other check
    verdicts = {check_local("go kill yourself") for _ in range(5)}
    assert len(verdicts) == 1


def test_combine_keeps_local_reasons_first_and_the_higher_confidence():
    local = check_local("WHY ARE WE HAVING SO MANY POINTLESS MEETINGS")
    remote = Verdict(True, ("Harassment detected", CAPS), "high", ("openai",))
    combined = combine(local, remote)
    assert combined.reasons == (CAPS, "Harassment detected")
    assert combined.confidence == "high"
    assert combined.providers == ("local", "openai")
    assert combine(local, None) is local
    quiet = combine(check_local("fine question here"), Verdict(False, (), "medium", ("openai",)))
    assert quiet.flagged is False and quiet.confidence == "medium"


def test_the_word_trie_finds_a_word_wherever_the_plain_alternation_would():
    import random
    import re

    from pulsestage.qa import moderation_filter
    from pulsestage.qa.profanity_words import WORDS

    plain = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)) + r")\b",
                       re.IGNORECASE | re.ASCII)
    assert moderation_filter.word_trie(["ab", "abc", "b.c", "B"]) == "(?:ab(?:c)?|b(?:\\.c)?)"
    rng = random.Random(11)
    pieces = [*WORDS, "the", "team", "class", "assess", "Scunthorpe", "-", ".", " ", "!", "s", "x", "1", "_", "é"]
    texts = [*WORDS, *(w.upper() for w in WORDS), *(f"x{w}" for w in WORDS), *(f"{w}s" for w in WORDS)]
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " ", "-", "."]) for _ in range(rng.randint(1, 6)))
              for _ in range(5000)]
    for text in texts:
        assert bool(moderation_filter._PROFANITY.search(text)) == bool(plain.search(text)), text

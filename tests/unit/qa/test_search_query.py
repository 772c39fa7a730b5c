"""Search text becomes a tsquery expression plus parameters: never SQL, prefix on the last word."""

from __future__ import annotations

from pulsestage.qa.search import QUERY_BOTH, QUERY_PREFIX, QUERY_TEXT, ListQuery, build, tsquery_parts


def test_last_word_is_a_prefix():
    assert tsquery_parts("deplo") == (QUERY_PREFIX, {"q_prefix": "deplo:*"})
    assert tsquery_parts("database migra") == (QUERY_BOTH, {"q_prefix": "migra:*", "q_text": "database"})


def test_quotes_negation_and_punctuation_are_left_to_websearch():
    assert tsquery_parts('"code review"') == (QUERY_TEXT, {"q_text": '"code review"'})
    assert tsquery_parts("review -sla") == (QUERY_TEXT, {"q_text": "review -sla"})
    assert tsquery_parts("foo_bar") == (QUERY_TEXT, {"q_text": "foo_bar"})
    assert tsquery_parts("   ") is None


def test_hostile_text_is_only_ever_a_parameter():
    text = "x'); DROP TABLE question; -- :* & | !"
    page, count, params = build(ListQuery("t", "u", False, search=text, sort="relevance"))
    assert "DROP" not in page and "DROP" not in count
    assert text.strip() in params.values() or any("DROP" in str(v) for v in params.values())


def test_filters_add_fixed_fragments_and_parameters():
    page, count, params = build(ListQuery("t", "u", False, status="answered", team_id="team-1", tag="Bug",
                                          date_from="2025-01-01", date_to="2025-01-31", sort="newest",
                                          page=3, page_size=20))
    assert "q.status = 'ANSWERED'" in page and "q.team_id = %(team_id)s" in page
    assert "q.created_at DESC" in page
    assert params["offset"] == 40 and params["limit"] == 20 and params["tag"] == "Bug"
    assert count.startswith("SELECT (SELECT count(*)") and "LIMIT 1001" in count
    assert "AS total FROM question q" in page  # the capped count rides along with the page

"""Fair rotation: every cohort is eventually asked every question; cohorts are stable and balanced."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pulsestage.pulse.rotation import advance, rebalance


def asked(cohorts: int, questions: int, start: tuple[int, int], runs: int) -> dict[int, set[int]]:
    seen: dict[int, set[int]] = {c: set() for c in range(cohorts)}
    c, q = start
    for _ in range(runs):
        seen[c].add(q)
        c, q = advance(c, q, cohorts, questions)
    return seen


@given(st.integers(1, 8), st.integers(1, 12), st.integers(0, 20), st.integers(0, 20))
def test_every_cohort_gets_every_question_within_n_times_m_runs(n: int, m: int, c0: int, q0: int) -> None:
    seen = asked(n, m, (c0 % n, q0 % m), n * m + n)
    assert all(questions == set(range(m)) for questions in seen.values())


def test_gcd_case_that_naive_rotation_gets_wrong() -> None:
    # 5 cohorts and 10 questions: advancing both by one would ask cohort 0 only questions 0 and 5.
    assert asked(5, 10, (0, 0), 50)[0] == set(range(10))


def test_rebalance_is_stable_and_balanced() -> None:
    cohorts = [["a", "b", "c"], ["d", "e"], ["f"]]
    result = rebalance(cohorts, ["a", "b", "c", "d", "e", "f", "g"])
    assert sorted(u for c in result for u in c) == list("abcdefg")
    assert result[0][:2] == ["a", "b"] and "d" in result[1] and "f" in result[2]  # nobody moved needlessly
    assert max(map(len, result)) - min(map(len, result)) <= 1


def test_rebalance_drops_leavers_and_duplicates_and_changes_count() -> None:
    result = rebalance([["a", "x", "b"], ["b", "c"]], ["a", "b", "c", "d"], count=3)
    flat = [u for c in result for u in c]
    assert sorted(flat) == ["a", "b", "c", "d"] and len(result) == 3
    assert max(map(len, result)) - min(map(len, result)) <= 1


@given(st.lists(st.lists(st.sampled_from("abcdefghij"), max_size=6), min_size=1, max_size=5),
       st.sets(st.sampled_from("abcdefghijklmn")), st.none() | st.integers(1, 6))
def test_rebalance_always_places_each_active_user_once(cohorts, active, count) -> None:
    result = rebalance(cohorts, sorted(active), count)
    flat = [u for c in result for u in c]
    assert sorted(flat) == sorted(active)
    assert max(map(len, result)) - min(map(len, result)) <= 1

"""Fair rotation and stable cohorts, as pure functions (the scheduler stores the state).

Each run asks cohort `c` question `q`, then `advance` moves to the next cohort and the next
question; when the cohorts wrap, the question index steps back so that the next cycle starts one
question after the previous cycle started. In cycle k cohort j is asked question (b + k + j) mod m,
so over m cycles every cohort is asked every active question, whatever the numbers of cohorts (n)
and questions (m) — unlike advancing both by one, which skips questions whenever gcd(n, m) > 1.
"""

from __future__ import annotations


def advance(cohort: int, question: int, cohorts: int, questions: int) -> tuple[int, int]:
    """The (cohort, question) positions of the run after the one that asked `cohort` `question`."""
    cohorts, questions = max(1, cohorts), max(1, questions)
    following = cohort + 1
    if following >= cohorts:
        return 0, (question - cohorts + 2) % questions
    return following, (question + 1) % questions


def rebalance(cohorts: list[list[str]], active: list[str], count: int | None = None) -> list[list[str]]:
    """Stable cohorts for the active users.

    Users stay where they are; users who left are dropped (and duplicates kept once); newcomers
    join the smallest cohorts; then users move from the largest to the smallest cohort until sizes
    differ by at most one. `count` changes the number of cohorts (members of removed cohorts
    become newcomers).
    """
    active_set = set(active)
    seen: set[str] = set()
    result: list[list[str]] = []
    for members in cohorts:
        kept = []
        for user in members:
            if user in active_set and user not in seen:
                kept.append(user)
                seen.add(user)
        result.append(kept)
    if count is not None:
        count = max(1, count)
        for dropped in result[count:]:
            seen.difference_update(dropped)
        result = result[:count] + [[] for _ in range(count - len(result))]
    if not result:
        return result
    for user in active:
        if user not in seen:
            _smallest(result).append(user)
            seen.add(user)
    while True:
        big = max(range(len(result)), key=lambda i: (len(result[i]), -i))
        small = _index_of_smallest(result)
        if len(result[big]) - len(result[small]) <= 1:
            return result
        result[small].append(result[big].pop())


def _index_of_smallest(groups: list[list[str]]) -> int:
    return min(range(len(groups)), key=lambda i: (len(groups[i]), i))


def _smallest(groups: list[list[str]]) -> list[str]:
    return groups[_index_of_smallest(groups)]

"""Which aggregate cells may be published: small groups hidden, and hidden groups safe from subtraction.

A cell is any published aggregate (a team's average for a question in a week, a tenant-wide total,
a category, ...) with `n` = the number of responses behind it. A *relation* says that a parent cell
is the sum of child cells (the all-teams total is the sum of the teams; a scale's weekly total is
the sum of its questions; ...). Rules, applied until nothing changes:

1. a cell with fewer than `threshold` responses is hidden (primary suppression);
2. a relation is an equation, and an equation with a single unknown gives that unknown away:
   so in every relation either nothing is hidden or at least two of its cells (parent included)
   are hidden;
3. in every relation whose parent is shown, the hidden children must not be worked out by
   subtracting the shown ones from the parent: together they hold at least `threshold` responses.
When a relation breaks 2 or 3, its smallest shown child is hidden too (complementary suppression)
or, when there is none, the parent is hidden.

Cells listed in `never_shown` (responses without a team, for example) count as hidden children.
The function is deterministic, so every view of the same data hides the same cells.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

Key = Hashable
Relation = tuple[Key, tuple[Key, ...]]


def suppress(counts: dict[Key, int], relations: Iterable[Relation], threshold: int,
             never_shown: Iterable[Key] = ()) -> set[Key]:
    """The set of hidden cells (keys of `counts`; a key missing from `counts` has n = 0)."""
    hidden = {key for key, n in counts.items() if n < threshold}
    hidden.update(never_shown)
    relations = [(parent, tuple(children)) for parent, children in relations]
    changed = True
    while changed:
        changed = False
        for parent, children in relations:
            cells = [c for c in children if counts.get(c, 0) > 0]
            concealed = [c for c in cells if c in hidden]
            parent_hidden = parent in hidden
            unknowns = len(concealed) + (parent_hidden and bool(cells))
            if unknowns == 0 or (unknowns >= 2 and (parent_hidden or sum(counts[c] for c in concealed) >= threshold)):
                continue
            visible = sorted((c for c in cells if c not in hidden), key=lambda c: (counts[c], repr(c)))
            if visible:
                hidden.add(visible[0])
            elif not parent_hidden:
                hidden.add(parent)
            else:
                continue
            changed = True
    return hidden

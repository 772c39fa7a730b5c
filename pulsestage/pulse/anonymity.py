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
   subtracting the shown ones from the parent: together they hold at least `threshold` responses;
4. no hidden cell may follow from *all* published cells together: the relations are a system of
   linear equations in the hidden cells (shown cells and empty cells are known numbers), and a
   hidden cell is given away when its value is the same in every solution. This is checked exactly
   (structural peeling, then Gaussian elimination over fractions; see `exposed`); while some hidden cell is determined, the
   smallest shown cell of a relation it takes part in is hidden too, then rules 2-3 run again.
When a relation breaks 2 or 3, its smallest shown child is hidden too (complementary suppression)
or, when there is none, the parent is hidden.

Counts and score sums obey the same relations (sums have even fewer: an "answered" cell publishes no
sum), so a system that determines no hidden count determines no hidden sum either. Empty cells are
treated as known to be empty (an attacker knows which question a cohort was asked), which is the
cautious assumption. What is not covered: reasoning with bounds (a count is a whole number between 0
and the team's size), which can narrow a hidden cell without determining it; rule 3 keeps every
hidden group of a shown total at `threshold` or more.

Cells listed in `never_shown` (responses without a team, for example) count as hidden children.
The function is deterministic, so every view of the same data hides the same cells; relations that
share no cell (different weeks) are decided independently, so one week gives the same answer alone.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from fractions import Fraction

Key = Hashable
Relation = tuple[Key, tuple[Key, ...]]
Row = dict[Key, int | Fraction]


def suppress(counts: dict[Key, int], relations: Iterable[Relation], threshold: int,
             never_shown: Iterable[Key] = ()) -> set[Key]:
    """The set of hidden cells (keys of `counts`; a key missing from `counts` has n = 0)."""
    hidden = {key for key, n in counts.items() if n < threshold}
    hidden.update(never_shown)
    relations = [(parent, tuple(children)) for parent, children in relations]
    while True:
        _complementary(counts, relations, threshold, hidden)
        more = _linear_covers(counts, relations, hidden)
        if not more:
            return hidden
        hidden.update(more)


def _complementary(counts: dict[Key, int], relations: list[Relation], threshold: int, hidden: set) -> None:
    """Rules 2 and 3, until nothing changes (adds to `hidden`)."""
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


def equations(counts: dict[Key, int], relations: list[Relation], hidden: set) -> list[tuple[Row, Relation]]:
    """Each relation with a hidden non-empty cell, as a row over those cells (parent +1, children -1)."""
    unknown = {k for k in hidden if counts.get(k, 0) > 0}
    rows = []
    for relation in relations:
        parent, children = relation
        row: Row = {parent: 1} if parent in unknown else {}
        for child in children:
            if child in unknown:
                row[child] = row.get(child, 0) - 1
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append((row, relation))
    return rows


def exposed(rows: Iterable[Row]) -> set[Key]:
    """The unknowns whose value every solution shares (exact).

    First peel what the structure alone decides: a row with one unknown determines it, and that
    unknown then counts as known in the other rows. Rows holding an unknown found in no other row
    are set aside meanwhile; they are not dropped, only ordered: the rest is reduced first, then
    the rows set aside, latest first, each bringing an unknown that no earlier row holds (so adding
    it costs little). The result is the reduced row echelon form of the whole system, in which an
    unknown is determined exactly when it is a pivot whose row has no other entry.
    """
    found, core, aside = _peel([dict(r) for r in rows if r])
    later = [{k: v for k, v in row.items() if k not in found} for _, row in reversed(aside)]
    return found | _reduced_singletons(core + [row for row in later if row])


def _peel(rows: list[Row]) -> tuple[set[Key], list[Row], list[tuple[Key, Row]]]:
    where: dict[Key, set[int]] = {}
    for i, row in enumerate(rows):
        for k in row:
            where.setdefault(k, set()).add(i)
    alive = set(range(len(rows)))
    found: set[Key] = set()
    aside: list[tuple[Key, Row]] = []
    singles = [i for i, row in enumerate(rows) if len(row) == 1]
    loose = [k for k, at in where.items() if len(at) == 1]
    while singles or loose:
        if singles:
            i = singles.pop()
            if i not in alive or len(rows[i]) != 1:
                continue
            (var,) = rows[i]
            found.add(var)
            for j in where.pop(var, set()):
                del rows[j][var]
                if not rows[j]:
                    alive.discard(j)
                elif len(rows[j]) == 1:
                    singles.append(j)
            continue
        var = loose.pop()
        if len(where.get(var, ())) != 1:
            continue
        (i,) = where[var]
        if len(rows[i]) == 1:
            singles.append(i)
            continue
        alive.discard(i)
        aside.append((var, rows[i]))
        for k in rows[i]:
            where[k].discard(i)
            if len(where[k]) == 1:
                loose.append(k)
    return found, [rows[i] for i in sorted(alive)], aside


def _reduced_singletons(rows: list[Row]) -> set[Key]:
    pivots: dict[Key, Row] = {}
    holders: dict[Key, set[Key]] = {}  # unknown -> pivots whose row holds it (keeps this near-linear)
    for row in rows:
        for var in [k for k in row if k in pivots]:
            factor = row.get(var)
            if factor:
                _subtract(row, pivots[var], factor)
        if not row:
            continue
        var = min(row, key=lambda k: len(holders.get(k, ())))  # least fill-in
        scale = row[var]
        # Whole numbers while the pivot is ±1 (the usual case here); exact fractions otherwise.
        row = {k: v * scale for k, v in row.items()} if scale in (1, -1) else \
            {k: Fraction(v) / scale for k, v in row.items()}
        for pivot in holders.pop(var, set()):
            _subtract(pivots[pivot], row, pivots[pivot][var], holders, pivot)
        pivots[var] = row
        for k in row:
            if k != var:
                holders.setdefault(k, set()).add(var)
    return {var for var, row in pivots.items() if len(row) == 1}


def _subtract(row: Row, pivot_row: Row, factor, holders: dict | None = None, owner: Key = None) -> None:
    """row -= factor * pivot_row; when `row` is the pivot row of `owner`, keep `holders` in step."""
    for k, v in pivot_row.items():
        before = k in row
        value = row.get(k, 0) - factor * v
        if value:
            row[k] = value
        else:
            row.pop(k, None)
        if holders is not None and before != (k in row):
            if k in row:
                holders.setdefault(k, set()).add(owner)
            else:
                holders.get(k, set()).discard(owner)


def _linear_covers(counts: dict[Key, int], relations: list[Relation], hidden: set) -> set[Key]:
    """Rule 4: for each group of linked unknowns with a determined cell, one more cell to hide."""
    rows = equations(counts, relations, hidden)
    covers: set[Key] = set()
    for group in _components(rows):
        found = exposed(row for row, _ in group)
        if not found:
            continue
        target = min(found, key=lambda k: (counts[k], repr(k)))
        own = [rel for row, rel in group if target in row]
        cover = _smallest_shown(counts, own, hidden) or _smallest_shown(counts, [rel for _, rel in group], hidden)
        if cover is not None:
            covers.add(cover)
    return covers


def _smallest_shown(counts: dict[Key, int], relations: list[Relation], hidden: set) -> Key | None:
    shown = {k for parent, children in relations for k in (parent, *children)
             if k not in hidden and counts.get(k, 0) > 0}
    return min(shown, key=lambda k: (counts[k], repr(k))) if shown else None


def _components(rows: list[tuple[Row, Relation]]) -> list[list[tuple[Row, Relation]]]:
    """Rows grouped by shared unknowns (union-find), in first-seen order."""
    parent: dict[Key, Key] = {}

    def find(k: Key) -> Key:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for row, _ in rows:
        first, *rest = row
        for k in rest:
            parent[find(k)] = find(first)
    groups: dict[Key, list[tuple[Row, Relation]]] = {}
    for item in rows:
        groups.setdefault(find(next(iter(item[0]))), []).append(item)
    return list(groups.values())

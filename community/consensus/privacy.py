"""What a consensus report withholds (docs/decisions/0010-consensus-report.md, following 0008).

A group with fewer voters than the site's `DiscussionSettings.min_group_size` is never
described. Each such row is shown as 「—」, and further rows are hidden, smallest first, until
the hidden rows hold at least that many voters between them, so that no hidden row can be worked
out by subtracting the shown ones from the total; regions are withheld so within each prefecture
as well. Hidden rows that together hold fewer are not named. The vote export coarsens profiles
opinion by opinion.
"""

from django.utils.translation import gettext as _

from .dimensions import GroupRow


def too_few_label():
    """What stands for withheld groups that together hold too few people to be named."""
    return _("— (too few to show)")


def withhold_small_groups(rows, minimum, *, parent_of=None):
    """Hide rows of fewer than `minimum` people, then the smallest others until the hidden
    rows hold at least `minimum` between them (or every row is hidden), as decision 0008 rule 4
    does for survey breakdowns. With `parent_of` ({key: parent key}, regions to prefectures),
    the rows of a parent its own breakdown withholds are all hidden, and the rule holds within
    each parent too, so that neither breakdown, read against the other, reveals a hidden row.
    Hidden rows of a set holding fewer than `minimum` are not named (`named` False, label
    too_few_label()). Rows of nobody are dropped. Returns the rows, in order."""
    rows = [row for row in rows if row.size]
    small = [row for row in rows if row.size < minimum]
    sets = []
    if parent_of is not None:
        # within each parent first: a row hidden for the whole set afterwards is one of at
        # least `minimum`, so it keeps its parent's hidden rows at 0 or at least `minimum`
        parts = {}
        for row in rows:
            parts.setdefault(parent_of.get(row.key, row.key), []).append(row)
        hidden_parents = _hidden_parents(parts, minimum)
        small += [row for key in hidden_parents for row in parts[key] if row.size >= minimum]
        ids = {id(row) for row in small}
        for part in parts.values():
            sets.append(_complete(part, [row for row in part if id(row) in ids], minimum))
        small = [row for part in sets for row in part]
    sets.append(_complete(rows, small, minimum))
    for rows_hidden in sets:
        named = sum(row.size for row in rows_hidden) >= minimum
        for row in rows_hidden:
            row.hidden = True
            row.named = row.named and named
    for row in rows:
        if row.hidden:
            row.size, row.tally = None, None
            if not row.named:
                row.label = too_few_label()
    return rows


def _hidden_parents(parts, minimum):
    """The keys of the parents (prefectures) that their own breakdown withholds, from their
    children's rows ({parent key: [GroupRow]}, in the parents' order)."""
    parents = [
        GroupRow(key=key, label="", size=sum(row.size for row in part))
        for key, part in parts.items()
    ]
    return [row.key for row in withhold_small_groups(parents, minimum) if row.hidden]


def _complete(rows, hidden, minimum):
    """`hidden` and, smallest first, as many other `rows` as it takes for the hidden rows to
    hold 0 or at least `minimum` people (or all of `rows`)."""
    hidden = list(hidden)
    ids = {id(row) for row in hidden}
    shown = sorted((row for row in rows if id(row) not in ids), key=lambda row: row.size)
    while hidden and sum(row.size for row in hidden) < minimum and shown:
        hidden.append(shown.pop(0))
    return hidden


def generalised_profiles(sizes, minimum):
    """{(type, prefecture, region): what a vote export writes for it}, from `sizes` (one
    opinion's votes by profile): a level (type, then prefecture within it, then region within
    that) is kept for a value only when at least `minimum` votes share it; the others are
    blanked together, and when those blanked together are fewer than `minimum`, the smallest
    kept values join them (as in withhold_small_groups) so that no blanked set can be told
    apart by subtraction."""
    return _generalise(sizes, minimum, depth=0)


def _generalise(sizes, minimum, *, depth):
    if not sizes:
        return {}
    width = len(next(iter(sizes)))
    if depth == width:
        return {profile: profile for profile in sizes}
    totals = {}
    for profile, n in sizes.items():
        totals[profile[depth]] = totals.get(profile[depth], 0) + n
    kept = _kept_values(totals, minimum)
    shown = {}
    for profile in sizes:
        if profile[depth] not in kept:
            shown[profile] = profile[:depth] + (None,) * (width - depth)
    for value in kept:
        inner = {p: n for p, n in sizes.items() if p[depth] == value}
        shown.update(_generalise(inner, minimum, depth=depth + 1))
    return shown


def _kept_values(totals, minimum):
    """The values (never None, the blank) of at least `minimum` people, smallest dropped until
    the dropped ones and the blank hold at least `minimum` or none is left."""
    kept = sorted(
        (value for value, n in totals.items() if value is not None and n >= minimum),
        key=lambda value: totals[value],
    )
    blanked = sum(n for value, n in totals.items() if value not in kept)
    while kept and 0 < blanked < minimum:
        blanked += totals[kept[0]]
        kept.pop(0)
    return set(kept)

"""Where a survey's tallies are written and read (decision 0014): a write of responses appends
one TallyDelta; a background task merges deltas into ResultsTally; a read adds the tallies and
the deltas not merged yet, so its figures are exact at every commit.

Why no count is lost or doubled on PostgreSQL (READ COMMITTED):
- A submission inserts its own TallyDelta row and updates no shared row: submissions never
  wait for one another, so they cannot deadlock over tallies.
- A merge takes a batch of deltas with SELECT … FOR UPDATE SKIP LOCKED, adds them up with one
  INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count, and deletes them, in one
  transaction. Two merges take disjoint batches (a locked delta is skipped, a merged one is
  gone once its merge commits), so each delta is added exactly once. The upsert locks each
  tally row it touches: a second merge waits and then adds to the first one's committed count
  (no lost update), and both lock rows in the same, sorted, key order (no deadlock).
- A read gets the tallies and the unmerged deltas in one statement (UNION ALL), so from one
  snapshot: each delta is counted either in the tallies or as a delta, never both or neither.
"""

import json
from collections import Counter, defaultdict

from django.db import connection, transaction

from core.japan import japan_date

from ..models import Answer, AnswerWord, Response, ResultsTally, TallyDelta
from .keys import (
    ANSWER_FIELDS,
    GROUPED,
    GROUPING_TYPES,
    PAIR,
    SEP,
    delta_counts,
    response_counts,
    words_counts,
)

# One delta in so many enqueues a merge (a task per submission would cost more). A merge's cost
# is the tally rows it touches, which grow far slower than its deltas once pairs are counted:
# 32 deltas of the tests' survey took 45 ms on PostgreSQL, 128 deltas 45 ms too (decision 0014).
MERGE_EVERY = 128
MERGE_PENDING = MERGE_EVERY  # a read that finds more unmerged deltas enqueues one too
MERGE_BATCH = 500  # deltas merged per transaction
MERGE_ROUNDS = 20  # batches one merge takes at most; deltas arriving meanwhile wait for the next
UPSERT_ROWS = 300  # tally rows per INSERT (SQLite allows 999 parameters in old versions)


def delta_append(*, survey_id, counts, sign=1):
    """Record that `counts` ({key: count}) are added to (`sign` 1) or taken from (−1) the
    tallies of survey `survey_id`; returns the TallyDelta (None when there is nothing to add).
    Call it inside the transaction of the write it counts: they commit together."""
    counts = {name: count for name, count in counts.items() if count}
    if not set(counts) - {GROUPED}:
        return None
    delta = TallyDelta.objects.create(survey_id=survey_id, counts=counts, sign=sign)
    if delta.pk % MERGE_EVERY == 0:
        merge_enqueue(survey_id=survey_id)
    return delta


def response_delta_append(*, response, rows=None, sign=1):
    """Append the delta of one real `response` (test answers are never counted): `rows` are
    its Answer rows as dicts when it is being submitted (no words indexed yet); otherwise its
    Answer and AnswerWord rows are read from the database."""
    if response.is_test:
        return None
    words = ()
    if rows is None:
        rows = _answer_rows(response.pk)
        words = AnswerWord.objects.filter(response_id=response.pk)
        words = list(words.values_list("question_id", "word"))
    counts = response_counts(rows, day=japan_date(response.submitted_at), words=words)
    return delta_append(survey_id=response.survey_id, counts=counts, sign=sign)


def _answer_rows(response_id):
    return list(Answer.objects.filter(response_id=response_id).values(*ANSWER_FIELDS))


def response_tallies_remove(sender, instance, **kwargs):
    """pre_delete receiver of Response: a deleted real response leaves the tallies with it (in
    the deletion's transaction; its answers are still there when this runs). The response is
    locked first, as the indexing of its words locks it (responses_lock), so the words
    subtracted are those the tallies counted."""
    if not instance.is_test:
        Response.objects.select_for_update().filter(pk=instance.pk).exists()
    response_delta_append(response=instance, sign=-1)


def responses_lock(response_ids):
    """Lock these responses (in id order) until the transaction ends, so the indexing of their
    words and their deletion take turns (response_tallies_remove); returns the ids of those
    that are real (test answers are never counted)."""
    locked = Response.objects.select_for_update().filter(pk__in=response_ids).order_by("pk")
    return {pk for pk, is_test in locked.values_list("pk", "is_test") if not is_test}


def words_changes_count(real, *, removed, added):
    """Append a delta per real response (ids in `real`) whose words change: AnswerWord rows
    `removed` and `added` (the same word of the same question in both changes nothing), each
    paired with its response's grouping answers (read in one query). Call it with the
    responses locked (responses_lock), in the transaction that writes their AnswerWord rows."""
    changes = defaultdict(lambda: (Counter(), Counter()))
    for index, words in enumerate((added, removed)):
        for word in words:
            if word.response_id in real:
                pair = (word.question_id, word.word)
                changes[(word.survey_id, word.response_id)][index][pair] += 1
    changed = {}
    for (survey_id, response_id), (plus, minus) in changes.items():
        if plus != minus:
            changed[(survey_id, response_id)] = (plus - minus, minus - plus)
    grouping = defaultdict(list)
    answers = Answer.objects.filter(
        response_id__in=[response_id for _survey_id, response_id in changed],
        question_type__in=GROUPING_TYPES,
    )
    for row in answers.values("response_id", *ANSWER_FIELDS):
        grouping[row["response_id"]].append(row)
    for (survey_id, response_id), (plus, minus) in sorted(changed.items()):
        counts = words_counts(
            grouping[response_id], added=plus.elements(), removed=minus.elements()
        )
        delta_append(survey_id=survey_id, counts=counts)


def merge_enqueue(*, survey_id):
    """Merge the survey's deltas in the background, once the current transaction commits."""
    from ..tasks import survey_tallies_merge  # the task module imports this one

    transaction.on_commit(lambda: survey_tallies_merge.enqueue(survey_id=survey_id))


def tallies_merge(*, survey_id):
    """Add the survey's unmerged deltas to its ResultsTally rows and delete them; returns how
    many deltas this call merged. Safe to run several times at once (see the module's notes)."""
    merged = 0
    for _round in range(MERGE_ROUNDS):
        with transaction.atomic():
            batch = list(
                TallyDelta.objects.filter(survey_id=survey_id)
                .order_by("pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", "sign", "counts")[:MERGE_BATCH]
            )
            if not batch:
                break
            total = Counter()
            for _pk, sign, counts in batch:
                for name, count in delta_counts(_loaded(counts)):
                    total[name] += sign * count
            _tallies_add(survey_id, total)
            TallyDelta.objects.filter(pk__in=[pk for pk, _sign, _counts in batch]).delete()
        merged += len(batch)
    return merged


def _tallies_add(survey_id, total):
    """count += total[key] for each key, creating the rows that do not exist, keys sorted."""
    items = sorted((name, count) for name, count in total.items() if count)
    quote = connection.ops.quote_name
    table, key, count = quote(ResultsTally._meta.db_table), quote("key"), quote("count")
    conflict = (
        f"ON CONFLICT (survey_id, {key}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and items:
            # One statement however many keys (a merge of pairs touches thousands), rows in
            # the sorted order of the arrays (WITH ORDINALITY), so merges lock them alike.
            cursor.execute(
                f"INSERT INTO {table} (survey_id, {key}, {count}) "  # noqa: S608
                f"SELECT %s, added.name, added.number FROM unnest(%s::text[], %s::bigint[]) "
                f"WITH ORDINALITY AS added(name, number, position) ORDER BY added.position "
                f"{conflict}",
                [survey_id, [name for name, _ in items], [number for _, number in items]],
            )
            return
        for start in range(0, len(items), UPSERT_ROWS):
            chunk = items[start : start + UPSERT_ROWS]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (survey_id, {key}, {count}) VALUES {values} {conflict}",  # noqa: S608
                [value for name, number in chunk for value in (survey_id, name, number)],
            )


def tally_counts(*, survey_id, pairs=None):
    """{key: count} of the survey: its tallies plus its unmerged deltas, read in one statement
    (one snapshot). Of the PAIR keys, all of them when `pairs` is None, else only those starting
    with one of `pairs` (keys.pair_prefix; () for none). Enqueues a merge when many deltas
    wait."""
    quote = connection.ops.quote_name
    tally, delta = quote(ResultsTally._meta.db_table), quote(TallyDelta._meta.db_table)
    name = quote("key")
    # substr() compares characters whatever the collation; the survey's rows come by its index.
    wanted, params = [f"substr({name}, 1, 2) <> %s"], [PAIR + SEP]
    for prefix in pairs or ():
        wanted.append(f"substr({name}, 1, {len(prefix)}) = %s")
        params.append(prefix)
    where = "" if pairs is None else f" AND ({' OR '.join(wanted)})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {name}, {quote('count')}, NULL FROM {tally} "  # noqa: S608
            f"WHERE survey_id = %s{where} "
            f"UNION ALL SELECT NULL, sign, counts FROM {delta} WHERE survey_id = %s",
            [survey_id, *([] if pairs is None else params), survey_id],
        )
        rows = cursor.fetchall()
    counts, pending = Counter(), 0
    for name, count, delta_stored in rows:
        if name is not None:
            counts[name] += count
            continue
        pending += 1
        for delta_name, delta_count in delta_counts(_loaded(delta_stored), prefixes=pairs):
            counts[delta_name] += count * delta_count
    if pending > MERGE_PENDING:
        merge_enqueue(survey_id=survey_id)
    return counts


def _loaded(counts):
    """A delta's counts as stored: a dict, or its JSON text from a raw cursor."""
    return json.loads(counts) if isinstance(counts, str | bytes) else counts

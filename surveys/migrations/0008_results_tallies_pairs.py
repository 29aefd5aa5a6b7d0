from django.db import connection, migrations, transaction


def pairs_fill(apps, schema_editor):
    """Count what the tallies did not count before (decision 0014, amendment): every figure
    paired with each grouping answer, and the number questions' sums. Appended as each
    survey's correcting delta, as `survey_tallies_check --fix` does: on PostgreSQL each
    survey in a REPEATABLE READ transaction of its own (the migration is not atomic), so
    responses submitted meanwhile are neither lost nor counted twice."""
    answer_model, response_model = (
        apps.get_model("surveys", "Answer"),
        apps.get_model("surveys", "Response"),
    )
    delta_model = apps.get_model("surveys", "TallyDelta")
    survey_ids = response_model.objects.filter(is_test=False).values_list("survey_id", flat=True)
    for survey_id in sorted(set(survey_ids)):
        _survey_fill(survey_id, answer_model, response_model, delta_model)


def _survey_fill(survey_id, answer_model, response_model, delta_model):
    from surveys.tallies.recount import survey_recount
    from surveys.tallies.store import tally_counts

    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        kept = tally_counts(survey_id=survey_id)
        recounted = survey_recount(
            survey_id, answer_model=answer_model, response_model=response_model
        )
        difference = {
            name: recounted[name] - kept[name]
            for name in sorted(set(kept) | set(recounted))
            if recounted[name] != kept[name]
        }
        if difference:
            delta_model.objects.create(survey_id=survey_id, counts=difference, sign=1)


class Migration(migrations.Migration):
    atomic = False  # each survey is counted in a transaction of its own (see pairs_fill)
    dependencies = [
        ("surveys", "0007_results_tallies_stale_triggers"),
    ]

    operations = [
        # Going back: merge the deltas first (survey_tallies_check --fix merges them); the
        # earlier code reads no delta's grouping answers (keys.GROUPED).
        migrations.RunPython(pairs_fill, migrations.RunPython.noop),
    ]

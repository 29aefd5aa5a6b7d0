from django.db import migrations


def pairs_fill(apps, schema_editor):
    """Count what the tallies did not count before (decision 0014, amendment): every figure
    paired with each grouping answer, and the number questions' sums. Each survey gets the
    correcting delta `survey_tallies_check --fix` would append (tallies_fix): on PostgreSQL
    in a REPEATABLE READ transaction of its own (the migration is not atomic), so responses
    submitted meanwhile are neither lost nor counted twice."""
    from surveys.tallies.recount import tallies_fix

    models = {
        "answer_model": apps.get_model("surveys", "Answer"),
        "response_model": apps.get_model("surveys", "Response"),
        "word_model": apps.get_model("surveys", "AnswerWord"),
    }
    responses = models["response_model"].objects.filter(is_test=False)
    for survey_id in sorted(set(responses.values_list("survey_id", flat=True))):
        tallies_fix(survey_id=survey_id, **models)


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

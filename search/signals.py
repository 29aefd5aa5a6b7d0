"""Keeping the index in step with publishing.

Wagtail indexes a page when it is saved (modelsearch's post_save handler), but a page's tags and
other child relations are written after that signal: with the immediate task backend (dev,
tests) the index would miss tags changed in the same publish. `page_published` comes once
everything is written, so the page is indexed once more then, the same way (a task).
"""

from modelsearch.tasks import insert_or_update_object_task


def page_published_index(sender, instance, **kwargs):
    insert_or_update_object_task.enqueue(
        instance._meta.app_label, instance._meta.model_name, str(instance.pk)
    )

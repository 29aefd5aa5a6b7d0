"""A reading saved or deleted applies everywhere at once (readable.dictionary)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .dictionary import dictionary_changed
from .models import ReadingOverride


@receiver([post_save, post_delete], sender=ReadingOverride)
def reading_override_changed(sender, **kwargs):
    dictionary_changed()

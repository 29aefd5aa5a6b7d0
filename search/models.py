"""The search index: one document per indexed object and the bigrams it contains."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What was indexed of one object: its title and the rest of its text, normalised.

    A candidate found through its tokens is confirmed here: the term must occur in this text.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    title_norm = models.TextField(blank=True)
    body_norm = models.TextField(blank=True)
    # Newer before older among equally relevant results: first publication, else creation.
    date = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_unique_object"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.title_norm[:40]}"


class SearchToken(models.Model):
    """One character bigram (two code points packed in an integer) occurring in a document."""

    pk = models.CompositePrimaryKey("token", "document")
    token = models.BigIntegerField()
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="+")

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")

    def __str__(self):
        return f"{self.token} in {self.document_id}"

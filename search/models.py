"""The search index: one document per indexed object and the bigrams it contains."""

import json

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


class PositionsField(models.Field):
    """A list of offsets: an integer array on PostgreSQL, a JSON array elsewhere (SQLite reads
    it with `json_each`)."""

    description = _("List of positions")

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or connection.vendor == "postgresql":
            return value
        return json.dumps(value, separators=(",", ":"))

    def from_db_value(self, value, expression, connection):
        return json.loads(value) if isinstance(value, str) else value


class SearchToken(models.Model):
    """One character bigram (two code points packed in an integer) occurring in a document, and
    where it starts in the document's text (title, a line break, then the body), so that a
    longer term is proved by its bigrams standing one after another. A word token (a whole
    Latin word) has no positions."""

    pk = models.CompositePrimaryKey("token", "document")
    token = models.BigIntegerField()
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="+")
    positions = PositionsField(default=list)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")

    def __str__(self):
        return f"{self.token} in {self.document_id}"

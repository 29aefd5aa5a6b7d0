"""Writing the search index: the title and body text of an indexed object, normalised, with
its bigram tokens (`SearchDocument`, `SearchToken`), as Wagtail's signal handlers and
`update_index` ask (search.backend.JapaneseSearchBackend's index and rebuilder)."""

from django.db import IntegrityError, transaction
from django.utils.encoding import force_str
from modelsearch.backends.base import BaseIndex
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .models import SearchDocument, SearchToken
from .text import normalise, tokens

TITLE_FIELD = "title"
DATE_ATTRIBUTES = ("first_published_at", "created_at", "date_joined")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_text(item) for item in value.values())
    return force_str(value)


def _field_values(obj, field):
    """(field name, text) for a search field of `obj`, following RelatedFields."""
    if isinstance(field, SearchField | AutocompleteField):
        yield field.field_name, _text(field.get_value(obj))
    elif isinstance(field, RelatedFields):
        related = field.get_value(obj)
        if related is None:
            return
        if hasattr(related, "all"):
            related = related.all()
        elif callable(related):
            related = [related()]
        else:
            related = [related]
        for item in related:
            for sub_field in field.fields:
                yield from _field_values(item, sub_field)


def document_text(obj, *, related=True):
    """(title, body) to index for `obj`: its `title` search field, and every other text field
    (without `related`, not those of related objects such as tags)."""
    title, body = [], []
    for field in obj.get_search_fields():
        if not related and isinstance(field, RelatedFields):
            continue
        for name, text in _field_values(obj, field):
            text = text.strip()
            target = title if name == TITLE_FIELD else body
            if text and text not in target:
                target.append(text)
    return "\n".join(title), "\n".join(body)


def _document_date(obj):
    for attribute in DATE_ATTRIBUTES:
        value = getattr(obj, attribute, None)
        if value is not None:
            return value
    return None


class JapaneseIndex(BaseIndex):
    def add_items(self, model, items):
        if not model.get_search_fields() or not items:
            return
        content_type_id = get_content_type_pk(model)
        documents = {}
        for obj in items:
            title, body = document_text(obj)
            documents[obj.pk] = SearchDocument(
                content_type_id=content_type_id,
                object_id=obj.pk,
                title_norm=normalise(title),
                body_norm=normalise(body),
                date=_document_date(obj),
            )
        try:
            self._replace(content_type_id, documents)
        except IntegrityError:
            # Another save of the same object wrote its document after ours looked (PostgreSQL,
            # two publishes at once): that one is gone now, so replacing it once more succeeds.
            self._replace(content_type_id, documents)

    @staticmethod
    @transaction.atomic
    def _replace(content_type_id, documents):
        for document in documents.values():
            document.pk = None
        stale = SearchDocument.objects.filter(
            content_type_id=content_type_id, object_id__in=documents
        )
        SearchToken.objects.filter(document__in=stale).delete()
        stale.delete()
        created = SearchDocument.objects.bulk_create(documents.values())
        SearchToken.objects.bulk_create(
            (
                SearchToken(token=token, document_id=document.pk)
                for document in created
                for token in tokens(f"{document.title_norm}\n{document.body_norm}")
            ),
            batch_size=5000,
        )

    def delete_item(self, item):
        documents = SearchDocument.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(type(item)), object_id=item.pk
        )
        SearchToken.objects.filter(document__in=documents).delete()
        documents.delete()

    def reset(self):
        SearchToken.objects.all().delete()
        SearchDocument.objects.all().delete()


class JapaneseSearchRebuilder:
    """`update_index`: start from an empty index, then every indexed object is added again."""

    def __init__(self, index):
        self.index = index

    def start(self):
        self.index.reset()
        return self.index

    def finish(self):
        pass

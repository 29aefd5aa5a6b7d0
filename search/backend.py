"""A search backend for django-modelsearch that finds Japanese words inside unsegmented text.

Set as `WAGTAILSEARCH_BACKENDS["default"]`, so the public search page and every search in the
Wagtail admin (pages, images, documents, snippets) use it, on SQLite and PostgreSQL alike. It keeps
its own index (`SearchDocument`, `SearchToken`), which search.indexing writes when Wagtail's
signal handlers index an object (a django-tasks task on save, at once on delete) and rebuilds for
`update_index`.

A query term matches a document when every bigram of the term is in the document's tokens and the
term occurs in its normalised title or body (see `search.text`). Relevance: terms found in the
title first, then the newer document.
"""

from collections import OrderedDict

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connections
from django.db.models import BooleanField, Case, Count, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from modelsearch.backends.base import BaseSearchBackend, FilterFieldError
from modelsearch.backends.database.fallback import (
    MATCH_ALL,
    MATCH_NONE,
    DatabaseSearchQueryCompiler,
    DatabaseSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import AND, OR, get_descendants_content_types_pks
from wagtail.models import Page

from .indexing import TITLE_FIELD, JapaneseIndex, JapaneseSearchRebuilder
from .models import SearchDocument, SearchToken
from .ranking import summarise
from .text import MAX_TERM_TOKENS, WORD_RUN, TermPattern, normalise, query_terms
from .trigrams import TRIGRAM, trigram_index_exists, trigram_matches

ALL_FIELDS = ["title_norm", "body_norm"]


class EqualsAny(Func):
    """`value = ANY(array)` (PostgreSQL)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


class JapaneseSearchQueryCompiler(DatabaseSearchQueryCompiler):
    """Builds a filter on `SearchDocument` from a modelsearch query (terms, phrases, and/or/not).

    Whole words for Latin terms; the autocomplete compiler lets their last word be a prefix.
    """

    prefix = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.patterns = []

    def get_fields_names(self):
        # Only "title" can be singled out: everything else is one body.
        if self.fields and set(self.fields) <= {TITLE_FIELD}:
            return ["title_norm"]
        return ALL_FIELDS

    def build_database_filter(self, query, boost=1.0):
        if isinstance(query, PlainText):
            patterns = [self.pattern(term) for term in query_terms(query.query_string)]
            if not patterns:
                return MATCH_NONE
            if query.operator == "and":
                # One token subquery for all the terms: PostgreSQL misjudges an intersection
                # of several and compares every candidate of one with every one of another.
                # Terms the trigram index answers need no tokens.
                prefiltered = [pattern for pattern in patterns if not self.by_trigrams(pattern)]
                limit = max(2, MAX_TERM_TOKENS // max(1, len(prefiltered)))
                needed = {token for pattern in prefiltered for token in pattern.tokens(limit=limit)}
                return self.holding(needed) & AND([self.found(pattern) for pattern in patterns])
            return OR(
                [
                    self.holding(self.prefilter(pattern)) & self.found(pattern)
                    for pattern in patterns
                ]
            )
        if isinstance(query, Phrase):
            phrase = " ".join(normalise(query.query_string).split())
            if not WORD_RUN.search(phrase):
                return MATCH_NONE
            pattern = self.pattern(phrase)
            return self.holding(self.prefilter(pattern)) & self.found(pattern)
        return super().build_database_filter(query, boost=boost)

    def condition(self):
        """The filter on `SearchDocument` for the whole query (or MATCH_ALL / MATCH_NONE); its
        terms become `patterns`, which rank the documents."""
        self.patterns = []
        return self.build_database_filter(self.query)

    def pattern(self, term):
        pattern = TermPattern.of(term, prefix=self.prefix)
        self.patterns.append(pattern)
        return pattern

    @staticmethod
    def holding(needed):
        """Documents holding every one of the `needed` tokens (no condition when none)."""
        needed = list(needed)
        if not needed:
            return Q()
        holders = SearchToken.objects.filter(token__in=needed).values("document_id")
        if len(needed) > 1:
            holders = holders.annotate(held=Count("token")).filter(held=len(needed))
        holders = holders.values("document_id")
        if connections[SearchDocument.objects.db].vendor == "postgresql":
            # `id = ANY(ARRAY(holders))`: the holders are found first, then only their texts
            # are checked. With `IN`, PostgreSQL may check every document's text before the
            # join, a cost it does not see (3分: 140 ms instead of 0.2 at 10,000 articles).
            return Q(EqualsAny(F("pk"), ArraySubquery(holders)))
        return Q(pk__in=holders)

    def prefilter(self, pattern):
        """The tokens that select a term's candidates: none when the trigram index does."""
        return [] if self.by_trigrams(pattern) else pattern.tokens()

    def by_trigrams(self, pattern):
        """Whether the trigram index (SQLite, `search_fts`) selects the term's documents: three
        characters or more (a word boundary to meet is then checked on those documents), unless
        its tokens prove it."""
        if self.proved_by_tokens(pattern):
            return False
        return len(pattern.term) >= TRIGRAM and trigram_index_exists(
            connections[SearchDocument.objects.db]
        )

    def proved_by_tokens(self, pattern):
        """Whether the term's tokens alone prove it (a word or a bigram, every field searched)."""
        return pattern.is_proved_by_tokens and self.fields_names == ALL_FIELDS

    def found(self, pattern):
        """The term occurs in the normalised text of the searched fields (its tokens have
        proved that already for a word or a bigram when every field is searched)."""
        if self.proved_by_tokens(pattern):
            return Q()
        in_text = OR([self.field_filter(name, pattern) for name in self.fields_names])
        if not self.by_trigrams(pattern):
            return in_text
        in_index = Q(pk__in=trigram_matches(pattern.term, self.fields_names))
        return in_index & in_text if pattern.needs_regex else in_index

    @staticmethod
    def field_filter(name, pattern):
        if pattern.needs_regex:
            return Q(**{f"{name}__regex": pattern.regex})
        # strpos() on PostgreSQL, instr() on SQLite: the same exact substring test as `LIKE
        # '%term%'` on normalised (case-folded) text, and on PostgreSQL a third cheaper.
        return Q(GreaterThan(StrIndex(name, Value(pattern.term)), 0))

    def title_hits(self):
        """How many of the query's terms occur in the title: the first key of relevance."""
        hits = [
            Case(
                When(self.field_filter("title_norm", pattern), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for pattern in self.patterns
        ]
        return sum(hits[1:], hits[0]) if hits else Value(0, output_field=IntegerField())


class JapaneseAutocompleteQueryCompiler(JapaneseSearchQueryCompiler):
    prefix = True


class JapaneseSearchResults(DatabaseSearchResults):
    def matching(self):
        """The queryset narrowed to the objects whose documents match, unordered, and those
        documents (None when the query matches every object or none)."""
        compiler = self.query_compiler
        queryset = compiler.queryset
        condition = compiler.condition()
        if condition == MATCH_NONE:
            return queryset.none(), None
        if condition == MATCH_ALL:
            return queryset, None
        documents = SearchDocument.objects.filter(
            condition, content_type_id__in=get_descendants_content_types_pks(queryset.model)
        )
        return queryset.filter(pk__in=documents.values("object_id")), documents

    def _do_search(self):
        queryset, documents = self.matching()
        if documents is not None and self.query_compiler.order_by_relevance:
            return self._ranked(documents)
        if not queryset.query.order_by:
            # A stable order, so that pages of results neither repeat nor skip an object.
            queryset = queryset.order_by("-pk")
        queryset = queryset[self.start : self.stop]
        if self._score_field:
            queryset = queryset.annotate(
                **{self._score_field: Value(None, output_field=IntegerField())}
            )
        return queryset.iterator(self.iterator_chunk_size)

    def _ranking(self, documents):
        """The matching `documents` of the queryset's objects, most relevant first: title hits,
        then newer, then the higher object id (the page's id)."""
        queryset = self.query_compiler.queryset
        return (
            documents.filter(object_id__in=queryset.order_by().values("pk"))
            .annotate(title_hits=self.query_compiler.title_hits())
            .order_by("-title_hits", F("date").desc(nulls_last=True), "-object_id")
        )

    def match_summary(self):
        """The matches in one statement: (counts by the content type of their documents, and the
        first `RANKED_HEAD` of them, most relevant first, as (object id, title hits)), or None
        when the results are not ranked on documents.

        Read once per search and shared by its slices (clones share the query compiler): the
        count, the counts by content type and the first pages of results then cost no further
        pass over the matches. The database counts and ranks them (a pass is mostly finding
        the matches; counting them and keeping the best few costs little more there), so only
        the counts and the head come back, whatever the number of matches.
        """
        compiler = self.query_compiler
        if not compiler.order_by_relevance:
            return None
        if not hasattr(compiler, "match_summary_cache"):
            _queryset, documents = self.matching()
            compiler.match_summary_cache = (
                None if documents is None else summarise(self._ranking(documents))
            )
        return compiler.match_summary_cache

    def _ranked(self, documents):
        """The objects of this slice, most relevant first. They are ranked on their matching
        `documents` alone (title hits and date are columns there), then only the slice's objects
        are read. When the slice is within the head of the matches read with their counts
        (`match_summary`), it is taken from there."""
        queryset = self.query_compiler.queryset
        summary = getattr(self.query_compiler, "match_summary_cache", None)
        if summary is not None and summary.covers(self.start, self.stop):
            ranked = summary.head[self.start : self.stop]
        else:
            ranked = self._ranking(documents).values_list("object_id", "title_hits")[
                self.start : self.stop
            ]
        hits = dict(ranked)
        objects = {obj.pk: obj for obj in queryset.filter(pk__in=hits)}
        ranked_objects = [objects[pk] for pk in hits if pk in objects]
        if self._score_field:
            for obj in ranked_objects:
                setattr(obj, self._score_field, hits[obj.pk])
        return ranked_objects

    def _do_count(self):
        summary = self.match_summary()
        if summary is not None:
            stop = summary.total if self.stop is None else min(self.stop, summary.total)
            return max(0, stop - self.start)
        queryset, _documents = self.matching()
        return queryset[self.start : self.stop].count()

    def facet(self, field_name):
        """{value: count} of `field_name` among the matching objects, most first. Their sum is
        the count of results, which is kept, so a paginator reading it next costs no query.

        By content type, on pages ranked by relevance, the counts come from `match_summary`
        (each page is indexed under its own specific type, which is its `content_type`), so
        the first pages of results shown next cost no pass over the matches either."""
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f"index.FilterField('{field_name}') to "
                f"{self.query_compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        summary = None
        if field_name == "content_type_id" and issubclass(self.model, Page):
            summary = self.match_summary()
        if summary is not None:
            facet = OrderedDict(sorted(summary.counts.items(), key=lambda item: -item[1]))
        else:
            queryset, _documents = self.matching()
            counts = queryset.order_by().values(field_name).annotate(count=Count("pk"))
            facet = OrderedDict(
                (row[field_name], row["count"]) for row in counts.order_by("-count")
            )
        if self.start == 0 and self.stop is None and self._count_cache is None:
            self._count_cache = sum(facet.values())
        return facet


class JapaneseSearchBackend(BaseSearchBackend):
    query_compiler_class = JapaneseSearchQueryCompiler
    autocomplete_query_compiler_class = JapaneseAutocompleteQueryCompiler
    index_class = JapaneseIndex
    results_class = JapaneseSearchResults
    rebuilder_class = JapaneseSearchRebuilder


SearchBackend = JapaneseSearchBackend

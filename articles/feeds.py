"""RSS and Atom feeds of published articles: all of them, or those with one tag."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import ArticleIndexPage
from .selectors import article_list, tag_get

FEED_LENGTH = 20


class ArticleFeed(Feed):
    description = _("New articles on regional revitalisation and municipal DX.")

    # One instance serves every request (and thread): nothing request-specific is kept on it.
    def get_object(self, request, tag=None):
        return tag_get(slug=tag) if tag else None

    def title(self, tag):
        if tag:
            return _("Yoriai articles tagged %(tag)s") % {"tag": tag.name}
        return _("Yoriai articles")

    def link(self, tag):
        """The page the feed mirrors: the tag's page, or the article list."""
        index = ArticleIndexPage.objects.live().first()
        if index is None:
            return "/"
        if tag is None:
            return index.full_url
        return index.full_url + index.reverse_subpage("tag", args=[tag.slug])

    def items(self, tag):
        return article_list(tag=tag)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return "、".join(author.name for author in item.authors)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description

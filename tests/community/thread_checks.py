"""What the tests of a thread's caches (comment heads, shells, kept rows and lists) share: the
comments section as a reader gets it, without what differs from one request to the next anyway,
a signed-in client, and the check that each viewer sees only their own likes and rights."""

import re

from django.test import Client
from django.urls import reverse

from community.selectors.comment_shells import CSRF_PLACEHOLDER

PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value=|_TOKEN": |csrf-token" content=)"[^"]*"')


def comment_section(client, url):
    """The comments section of the page at `url` as `client` gets it, tokens masked."""
    html = client.get(url).content.decode()
    assert CSRF_PLACEHOLDER not in html  # a kept shell's stand-in never reaches a reader
    html = PER_REQUEST.sub("", html)
    return html[html.index('<section id="comments"') :]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def viewers_marks_check(article, top, people):
    """The moderator, the reader (who liked `top`) and its author read `article` in turn, each
    after the others' copies were kept: each sees only their own like and rights on `top`."""
    pages = {}
    for name in ("moderator", "reader", "author"):
        client = signed_in(people[name])
        comment_section(client, article.url)
        pages[name] = comment_section(client, article.url)
    liked = f'id="like-comment-{top.pk}" class="button button--small button--like button--liked"'
    edit = reverse("community:comment_edit", args=[top.pk])
    delete = reverse("community:comment_delete", args=[top.pk])
    moderate = reverse("moderation:comment", args=[top.pk])
    report = reverse("community:comment_report", args=[top.pk])

    assert liked in pages["reader"]
    assert liked not in pages["author"] and liked not in pages["moderator"]
    assert edit in pages["author"] and edit not in pages["reader"] + pages["moderator"]
    assert delete in pages["author"] + pages["moderator"] and delete not in pages["reader"]
    assert moderate in pages["moderator"] and moderate not in pages["reader"] + pages["author"]
    assert report in pages["reader"] and report not in pages["author"]

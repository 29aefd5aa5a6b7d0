"""What the tests of a thread's caches (comment heads, shells, kept rows) share: the comments
section as a reader gets it, without what differs from one request to the next anyway, and a
signed-in client."""

import re

from django.test import Client

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

"""Reading one article file: its YAML front matter, checked, and its body as blocks (see
`articles.importing.body`). The file format:

    ---
    title: 行政DXの第一歩は電子申請から
    slug: e-application-first-step        # a-z, 0-9 and hyphens; the page's URL
    date: 2026-06-10                       # or 2026-06-10 09:30; Asia/Tokyo unless offset
    author: 佐藤 美咲                        # or a list of names, in byline order
    tags: [行政DX, 電子申請]
    summary: 一、二文のリード。カードと記事の冒頭に出ます。
    series: 窓口DXの現場から                 # optional (連載)
    part: 1                                # optional, needs series
    next_part_teaser: 次回は…              # optional (次回予告)
    header_image: 画像のタイトル              # optional, an image already in the image library
    header_image_caption: …                # optional
    related: [other-article-slug]          # optional, articles shown as 関連記事
    ---

The body follows the closing `---`.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.utils.translation import gettext as _

from .body import CAPTION_MAX, BodyError, body_blocks_from_markdown

ARTICLE_TIME_ZONE = ZoneInfo("Asia/Tokyo")
REQUIRED_KEYS = ("title", "slug", "date", "author", "tags", "summary")
OPTIONAL_KEYS = (
    "series",
    "part",
    "next_part_teaser",
    "header_image",
    "header_image_caption",
    "related",
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)(?P<body>.*)\Z", re.S)

# Field limits mirror articles.models (as CAPTION_MAX does) so a bad file fails before any write.
TITLE_MAX = 255
TAG_MAX = 100


class ArticleSourceError(Exception):
    """A file that cannot be imported; str() names the file and the problem."""

    def __init__(self, path, message):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class ArticleSource:
    """One article file, read and checked; `body` as from body_blocks_from_markdown()."""

    path: str
    title: str
    slug: str
    published_at: datetime
    authors: tuple
    tags: tuple
    lead: str
    body: list = field(repr=False)
    series: str = ""
    part: int | None = None
    next_part_teaser: str = ""
    header_image: str = ""
    header_image_caption: str = ""
    related: tuple = ()

    @property
    def image_titles(self):
        """Titles of every image the article uses (header and image blocks)."""
        titles = [self.header_image] if self.header_image else []
        titles += [b["value"]["image"]["image"].title for b in self.body if b["type"] == "image"]
        return titles


def article_source_read(path):
    """Read and check one article file. Raises ArticleSourceError naming the file."""
    path = str(path)
    text = _file_text(path)
    match = FRONT_MATTER_RE.match(text)
    if not match:
        raise ArticleSourceError(
            path, _("The file must start with YAML front matter between two '---' lines.")
        )
    data = _front_matter(path, match["yaml"] or "")
    try:
        body_first_line = text[: match.start("body")].count("\n") + 1
        return _article_source(path, data, match["body"], body_first_line=body_first_line)
    except BodyError as error:
        raise ArticleSourceError(
            path, _("line %(line)d: %(problem)s") % {"line": error.line, "problem": error.message}
        ) from error
    except ValueError as error:
        raise ArticleSourceError(path, str(error)) from error


def _file_text(path):
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as error:
        raise ArticleSourceError(path, _("File not found.")) from error
    except OSError as error:
        raise ArticleSourceError(
            path, _("The file cannot be read (%(reason)s).") % {"reason": error.strerror}
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleSourceError(
            path,
            _("The file is not UTF-8 text (byte %(position)d). Save it as UTF-8 and try again.")
            % {"position": error.start},
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: `date` stays text, so an impossible date such as
    2026-02-30 is reported like any other bad value instead of crashing the parser."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _front_matter(path, text):
    try:
        data = yaml.load(text, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 0-based, +1 for the opening '---'
        problem = getattr(error, "problem", None) or str(error)
        raise ArticleSourceError(
            path,
            _("The front matter is not valid YAML (line %(line)d: %(problem)s).")
            % {"line": line, "problem": problem},
        ) from error
    if not isinstance(data, dict):
        raise ArticleSourceError(
            path, _("The front matter must be key: value lines (title, slug, date, …).")
        )
    # An empty tag list is fine; every other required key needs a value.
    missing = [
        key
        for key in REQUIRED_KEYS
        if data.get(key) in (None, "") or (data.get(key) == [] and key != "tags")
    ]
    if missing:
        raise ArticleSourceError(
            path,
            _("Missing front matter: %(keys)s.") % {"keys": ", ".join(missing)},
        )
    unknown = sorted(str(key) for key in data if key not in REQUIRED_KEYS + OPTIONAL_KEYS)
    if unknown:
        raise ArticleSourceError(
            path,
            _("Unknown front matter: %(keys)s. Allowed: %(allowed)s.")
            % {"keys": ", ".join(unknown), "allowed": ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)},
        )
    return data


def _article_source(path, data, body, *, body_first_line):
    blocks = body_blocks_from_markdown(body, first_line=body_first_line)
    if not blocks:
        raise ValueError(_("The article has no body text."))
    series = _text(data, "series", required=False)
    part = _part(data.get("part"))
    if part is not None and not series:
        raise ValueError(_("'part' needs a 'series' to belong to."))
    slug = _slug(data["slug"], key="slug")
    related = tuple(_slug(value, key="related") for value in _names(data.get("related") or []))
    if slug in related:
        raise ValueError(_("An article cannot be related to itself."))
    return ArticleSource(
        path=path,
        title=_limited_text(data, "title", TITLE_MAX),
        slug=slug,
        published_at=_published_at(data["date"]),
        authors=_names(data["author"], key="author"),
        tags=_tags(data["tags"]),
        lead=_text(data, "summary"),
        body=blocks,
        series=series,
        part=part,
        next_part_teaser=_limited_text(data, "next_part_teaser", CAPTION_MAX, required=False),
        header_image=_text(data, "header_image", required=False),
        header_image_caption=_limited_text(
            data, "header_image_caption", CAPTION_MAX, required=False
        ),
        related=related,
    )


def _text(data, key, *, required=True):
    value = data.get(key)
    if value is None and not required:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(_("'%(key)s' must be text.") % {"key": key})
    return str(value).strip()


def _limited_text(data, key, limit, *, required=True):
    value = _text(data, key, required=required)
    if len(value) > limit:
        raise ValueError(
            _("'%(key)s' is %(length)d characters long; the limit is %(limit)d.")
            % {"key": key, "length": len(value), "limit": limit}
        )
    return value


def _slug(value, *, key):
    slug = str(value).strip() if isinstance(value, str | int) else ""
    if not SLUG_RE.match(slug) or len(slug) > TITLE_MAX:
        raise ValueError(
            _(
                "'%(key)s' %(value)s is not a valid slug: use lowercase letters a-z, digits and "
                "single hyphens, e.g. e-application-first-step."
            )
            % {"key": key, "value": repr(value)}
        )
    return slug


def _names(value, *, key="related"):
    """A name or a list of names, whitespace-normalised, duplicates dropped, order kept."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        if isinstance(item, bool) or not isinstance(item, str | int) or not str(item).strip():
            raise ValueError(_("'%(key)s' must be a name or a list of names.") % {"key": key})
        name = " ".join(unicodedata.normalize("NFKC", str(item)).split())
        if name not in names:
            names.append(name)
    return tuple(names)


def _tags(value):
    tags = _names(value, key="tags") if value else ()
    too_long = [tag for tag in tags if len(tag) > TAG_MAX]
    if too_long:
        raise ValueError(
            _("Tag %(tag)s is longer than %(limit)d characters.")
            % {"tag": too_long[0], "limit": TAG_MAX}
        )
    return tags


def _part(value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(_("'part' must be a whole number from 1 (第1回)."))
    return value


def _published_at(value):
    """The front matter's `date` as an aware datetime; dates and naive times are Asia/Tokyo."""
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(
            _("'date' %(value)s is not a date: write it like 2026-06-10 or 2026-06-10 09:30.")
            % {"value": repr(value)}
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ARTICLE_TIME_ZONE)
    return moment

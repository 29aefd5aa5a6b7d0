"""Reading article files: YAML front matter plus a Markdown body that becomes StreamField blocks.

Nothing here touches the database; `articles.services.articles_import` resolves images, authors
and related articles and writes the pages. The file format:

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

Body:

- `## 見出し` / `### 小見出し` → heading blocks (h2 / h3).
- `> 引用` → a quote block; a last line starting with `—` is the attribution.
- `> [!point] タイトル` (or `[!info]`, `[!warning]`) → a callout block.
- a pipe table (`| a | b |` + `|---|---|`) → a table block; a following `Table: …` line (or
  `表: …`) is its caption.
- a line holding only `![alt](<画像のタイトル> "caption")` → an image block; the image must
  already be in the image library under that title.
- a line holding only a YouTube or Vimeo URL → an embed block.
- everything else → rich-text paragraphs, cleaned to the editor's features (raw HTML is removed).
"""

import html
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
import yaml
from django.utils.translation import gettext as _

from core.sanitising import bleach_cleaner

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

# Block limits mirror articles.blocks / articles.models so a bad file fails before any write.
TITLE_MAX = 255
HEADING_MAX = 120
CAPTION_MAX = 250
TAG_MAX = 100

# --- Rich text -------------------------------------------------------------------------------

# What the article editor's rich-text features (articles.blocks.RICH_TEXT_FEATURES) store.
RICH_TEXT_TAGS = {"p", "br", "b", "i", "a", "ul", "ol", "li", "h3", "h4", "sup", "sub"}
_cleaner = bleach_cleaner(tags=RICH_TEXT_TAGS, attributes={"a": ["href"]})
_text_only = bleach_cleaner(tags=(), attributes={})
# Elements whose content is code or chrome, never prose: dropped whole, not just untagged.
_DROPPED_ELEMENTS_RE = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|textarea|title)\b.*?(?:</\1\s*>|\Z)",
    re.I | re.S,
)
# Markdown's tags renamed to the ones the editor stores (its bold is <b>, its headings h3/h4).
# Code blocks become plain paragraphs: the editor has no code feature.
_TAG_RENAMES = {
    "strong": "b",
    "em": "i",
    "h1": "h3",
    "h2": "h3",
    "h5": "h4",
    "h6": "h4",
    "pre": "p",
}
_TAG_RENAME_RE = re.compile(r"<(/?)(strong|em|h1|h2|h5|h6|pre)\b", re.I)
_CJK = "\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line break inside Japanese text would render as a stray space between characters.
_CJK_LINE_BREAK_RE = re.compile(rf"(?<=[{_CJK}])\n(?=[{_CJK}])")
_EMPTY_PARAGRAPH_RE = re.compile(r"<p>\s*</p>")


_converters = threading.local()


def _markdown_html(text):
    # One converter per thread: building one compiles dozens of patterns; sharing is unsafe.
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(
            extensions=["fenced_code", "sane_lists"]
        )
    rendered = converter.reset().convert(_CJK_LINE_BREAK_RE.sub("", text.strip()))
    return _DROPPED_ELEMENTS_RE.sub("", rendered)


def rich_text_from_markdown(text):
    """Markdown → HTML in Wagtail's rich-text format; anything outside its features is removed."""
    rendered = _markdown_html(text)
    rendered = _TAG_RENAME_RE.sub(lambda m: f"<{m[1]}{_TAG_RENAMES[m[2].lower()]}", rendered)
    cleaned = _EMPTY_PARAGRAPH_RE.sub("", _cleaner.clean(rendered))
    return re.sub(r"\n{2,}", "\n", cleaned).strip()


def plain_text_from_markdown(text):
    """Markdown → plain text (for headings, quotes and table cells), markup and HTML removed."""
    rendered = re.sub(r"</p>\s*<p>", "\n\n", _markdown_html(text))
    return html.unescape(_text_only.clean(rendered)).strip()


# --- Body blocks -----------------------------------------------------------------------------


class BodyError(ValueError):
    """A body construct that cannot become a block; `line` counts from the top of the file."""

    def __init__(self, message, *, line):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class ImageReference:
    """An image block's image, named by its title in the image library; resolved on import."""

    title: str


_HEADING_RE = re.compile(r"^(#{1,3})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_QUOTE_RE = re.compile(r"^ {0,3}> ?(.*)$")
_CALLOUT_RE = re.compile(r"^\[!(\w+)\][ \t]*(.*)$")
_ATTRIBUTION_RE = re.compile(r"^(?:—|―|ー{2}|-{2,})\s*(.+)$")
_TABLE_ROW_RE = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_TABLE_RULE_RE = re.compile(r"^ {0,3}\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")
_TABLE_CAPTION_RE = re.compile(r"^(?:Table|表)[:\uff1a][ \t]*(.+)$")
_IMAGE_RE = re.compile(
    r'^[ \t]*!\[(?P<alt>[^\]]*)\]\([ \t]*(?:<(?P<bracketed>[^>]+)>|(?P<bare>[^\s)"]+))'
    r'(?:[ \t]+"(?P<caption>[^"]*)")?[ \t]*\)[ \t]*$'
)
_EMBED_RE = re.compile(
    r"^[ \t]*<?(https://(?:www\.|m\.)?(?:youtube\.com/watch\?v=|youtu\.be/|vimeo\.com/)"
    r"[^\s>]+)>?[ \t]*$"
)
_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
CALLOUT_KINDS = {
    "point": "point",
    "tip": "point",
    "important": "point",
    "info": "info",
    "note": "info",
    "warning": "warning",
    "caution": "warning",
}


def body_blocks_from_markdown(text, *, first_line=1):
    """The body as StreamField data: a list of {"type", "value"} dicts (image blocks hold an
    `ImageReference`). Raises BodyError for constructs that cannot become blocks."""
    lines = text.split("\n")
    blocks, prose = [], []
    i = 0
    while i < len(lines):
        end = _fence_end(lines, i)
        if end:
            prose.extend(lines[i:end])
            i = end
            continue
        block, end = _special_block(lines, i, line=first_line + i)
        if block is None:
            prose.append(lines[i])
            i += 1
            continue
        blocks.extend(_paragraph_blocks(prose))
        prose = []
        blocks.append(block)
        i = end
    blocks.extend(_paragraph_blocks(prose))
    return blocks


def _fence_end(lines, i):
    """Index after a fenced code block starting at line i (code stays prose), else 0."""
    opening = _FENCE_RE.match(lines[i])
    if not opening:
        return 0
    for j in range(i + 1, len(lines)):
        if lines[j].lstrip().startswith(opening[1]):
            return j + 1
    return len(lines)


def _special_block(lines, i, *, line):
    """(block, index after it) if line i starts a heading, quote, table, image or embed."""
    current = lines[i]
    if match := _HEADING_RE.match(current):
        return _heading_block(match, line=line), i + 1
    if _QUOTE_RE.match(current):
        end = i
        while end < len(lines) and _QUOTE_RE.match(lines[end]):
            end += 1
        quoted = [_QUOTE_RE.match(row)[1] for row in lines[i:end]]
        return _quote_or_callout_block(quoted, line=line), end
    if _TABLE_ROW_RE.match(current) and i + 1 < len(lines) and _TABLE_RULE_RE.match(lines[i + 1]):
        return _table_block(lines, i, line=line)
    if match := _IMAGE_RE.match(current):
        return _image_block(match, line=line), i + 1
    if match := _EMBED_RE.match(current):
        return {"type": "embed", "value": {"embed": match[1], "caption": ""}}, i + 1
    return None, i


def _paragraph_blocks(prose):
    rich_text = rich_text_from_markdown("\n".join(prose))
    return [{"type": "paragraph", "value": rich_text}] if rich_text else []


def _limited(text, limit, *, what, line):
    if len(text) > limit:
        raise BodyError(
            _("%(what)s is %(length)d characters long; the limit is %(limit)d.")
            % {"what": what, "length": len(text), "limit": limit},
            line=line,
        )
    return text


def _heading_block(match, *, line):
    text = _limited(plain_text_from_markdown(match[2]), HEADING_MAX, what=_("Heading"), line=line)
    return {
        "type": "heading",
        "value": {"text": text, "level": "h3" if len(match[1]) == 3 else "h2"},
    }


def _quote_or_callout_block(quoted, *, line):
    callout = _CALLOUT_RE.match(quoted[0].strip())
    if callout:
        return _callout_block(callout, quoted[1:], line=line)
    attribution = ""
    content = list(quoted)
    while content and not content[-1].strip():
        content.pop()
    if content and (match := _ATTRIBUTION_RE.match(content[-1].strip())):
        attribution = _limited(
            plain_text_from_markdown(match[1]), HEADING_MAX, what=_("Attribution"), line=line
        )
        content.pop()
    text = plain_text_from_markdown("\n".join(content))
    if not text:
        raise BodyError(_("The quote is empty."), line=line)
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def _callout_block(callout, rows, *, line):
    kind = CALLOUT_KINDS.get(callout[1].lower())
    if kind is None:
        raise BodyError(
            _("Unknown callout [!%(kind)s]; use [!point], [!info] or [!warning].")
            % {"kind": callout[1]},
            line=line,
        )
    title = _limited(
        plain_text_from_markdown(callout[2]), HEADING_MAX, what=_("Callout title"), line=line
    )
    text = rich_text_from_markdown("\n".join(rows))
    if not text:
        raise BodyError(_("The callout has no text."), line=line)
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": text}}


def _table_cells(row):
    cells = re.split(r"(?<!\\)\|", row.strip()[1:-1])
    return [plain_text_from_markdown(cell.replace("\\|", "|")) for cell in cells]


def _table_block(lines, i, *, line):
    end = i + 2
    while end < len(lines) and _TABLE_ROW_RE.match(lines[end]):
        end += 1
    rows = [_table_cells(lines[i])] + [_table_cells(row) for row in lines[i + 2 : end]]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    caption = ""
    if end < len(lines) and (match := _TABLE_CAPTION_RE.match(lines[end].strip())):
        caption = _limited(
            plain_text_from_markdown(match[1]), CAPTION_MAX, what=_("Table caption"), line=line
        )
        end += 1
    table = {
        "data": rows,
        "table_header_choice": "row",
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "",
    }
    return {"type": "table", "value": {"table": table, "caption": caption}}, end


def _image_block(match, *, line):
    title = (match["bracketed"] or match["bare"]).strip()
    if "://" in title:
        raise BodyError(
            _(
                "Images are not downloaded: upload %(url)s to the image library and refer to it "
                'by its title, e.g. ![説明](<画像のタイトル> "キャプション").'
            )
            % {"url": title},
            line=line,
        )
    caption = _limited(match["caption"] or "", CAPTION_MAX, what=_("Image caption"), line=line)
    image = {"image": ImageReference(title), "decorative": False, "alt_text": match["alt"].strip()}
    return {"type": "image", "value": {"image": image, "caption": caption, "credit": ""}}


# --- Files -----------------------------------------------------------------------------------


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

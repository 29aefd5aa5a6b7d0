"""An article's Markdown body as StreamField blocks:

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

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .rich_text import plain_text_from_markdown, rich_text_from_markdown

# Block limits mirror articles.blocks so a bad file fails before any write.
HEADING_MAX = 120
CAPTION_MAX = 250


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

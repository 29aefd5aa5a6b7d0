"""Rich text as plain text, for places that cannot show HTML (a spreadsheet's cell)."""

from html.parser import HTMLParser

# Elements that end a line: each paragraph, list item or heading on its own line.
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = [""]
        self.lists = []  # for each open list: the number of its next item, None when bulleted

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.lines.append("")
        elif tag in BLOCKS:
            self._line_end()
        if tag in ("ul", "ol"):
            self.lists.append(1 if tag == "ol" else None)
        elif tag == "li" and self.lists:
            number = self.lists[-1]
            self.lines[-1] += "・" if number is None else f"{number}. "
            if number is not None:
                self.lists[-1] = number + 1

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in BLOCKS:
            self._line_end()

    def handle_data(self, data):
        # Source line breaks inside a paragraph are HTML white space, not breaks.
        self.lines[-1] += " ".join(data.splitlines()) if "\n" in data else data

    def _line_end(self):
        if self.lines[-1].strip():
            self.lines.append("")


def plain_text_from_html(html):
    """The text of `html` (rich text as Wagtail stores it): one line per paragraph, list item
    (「・」 or 「1. 」 before it) or <br>, entities decoded, tags and their attributes (link
    targets too) dropped; no blank lines at either end."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    lines = [line.strip() for line in collector.lines]
    return "\n".join(lines).strip("\n")

"""Japanese-aware text handling for search: normalising, index tokens, query terms, snippets.

Everything searched and compared goes through `normalise` (NFKC, then case-folded), so
ＤＸ = DX = dx and ﾏｲﾅﾝﾊﾞｰ = マイナンバー. The index holds the character bigrams of each run of
word characters (`tokens`); a query term's bigrams select candidates, and the term itself must
then occur in the normalised text, so 人口減少 never finds a page that only says 人口の増加
(docs/decisions/0009-japanese-search.md).
"""

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass

WORD_RUN = re.compile(r"\w+")
# Latin letters and digits: a term that starts or ends with one must meet a word boundary there,
# so "IT" does not find "digital" and "2001" does not find "12001".
ASCII_WORD_CHAR = re.compile(r"[0-9a-z]")
LATIN_WORD = re.compile(r"[0-9a-z]+")
# Whole Latin words and numbers also get a token of their own (a hash, above every bigram):
# "dx" in most documents costs one exact lookup instead of a boundary check on each of them.
WORD_TOKEN_FLAG = 1 << 62
# Marks that NFKC folds into the character before them (ｶﾞ → ガ).
_JOINING = {"\uff9e", "\uff9f", "\u3099", "\u309a"}
# Characters that `normalise` leaves as they are, each alone, and that join no mark: ASCII but
# capitals, CJK punctuation (、。「」【】々), hiragana, katakana and the common kanji.
UNCHANGED = (
    ("\x00", "@"),
    ("[", "\x7f"),
    ("\u3001", "\u3029"),
    ("\u3041", "\u3096"),
    ("\u30a0", "\u30fe"),
    ("\u4e00", "\u9fff"),
)
UNCHANGED_RUN = re.compile(
    "[" + "".join(f"{re.escape(first)}-{re.escape(last)}" for first, last in UNCHANGED) + "]+"
)

MAX_TERMS = 10
MAX_QUERY_LENGTH = 200
MAX_TERM_TOKENS = 12


def normalise(text):
    """The form in which text is indexed and compared: NFKC, then case-folded."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def normalise_with_offsets(text):
    """`normalise(text)` and its `Offsets`: for each of its characters, the (start, end) in
    `text` it came from.

    Text is normalised one character cluster (a character and the marks that join it) at a time,
    so a match found in the normalised text can be highlighted in the original. Runs of
    characters that normalising leaves as they are (most of Japanese prose) are taken whole.
    """
    parts, offsets = [], Offsets()
    start = 0
    length = len(text)
    while start < length:
        end = _unchanged_end(text, start)
        if end > start:
            parts.append(text[start:end])
            offsets.add(start, end, end - start, kept=True)
        else:
            end = start + 1
            while end < length and _joins(text[end]):
                end += 1
            normalised = normalise(text[start:end])
            parts.append(normalised)
            offsets.add(start, end, len(normalised), kept=False)
        start = end
    return "".join(parts), offsets


class Offsets:
    """`offsets[i]`: the (start, end) in the original text of the characters that the i-th
    character of the normalised text came from. Kept as pieces, not one pair per character."""

    def __init__(self):
        self._starts = []  # where each piece begins in the normalised text
        self._pieces = []  # (start, end) in the original text, and whether it was kept as is
        self._length = 0

    def add(self, start, end, length, *, kept):
        """The next `length` normalised characters came from text[start:end]: one for one when
        `kept`, else all of them from the whole of it."""
        self._starts.append(self._length)
        self._pieces.append((start, end, kept))
        self._length += length

    def __len__(self):
        return self._length

    def __getitem__(self, index):
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        piece = bisect.bisect_right(self._starts, index) - 1
        start, end, kept = self._pieces[piece]
        if kept:
            start += index - self._starts[piece]
            return start, start + 1
        return start, end


def _joins(character):
    return character in _JOINING or unicodedata.combining(character)


def _unchanged_end(text, start):
    """Where the run of UNCHANGED characters at `start` ends (`start` when there is none); its
    last character is left out when a mark joins it."""
    run = UNCHANGED_RUN.match(text, start)
    if run is None:
        return start
    end = run.end()
    if end < len(text) and _joins(text[end]):
        end -= 1
    return end


def _bigram(a, b):
    return (ord(a) << 21) | ord(b)


def _word_token(word):
    digest = hashlib.blake2b(word.encode(), digest_size=7).digest()
    return WORD_TOKEN_FLAG | int.from_bytes(digest, "big")


def tokens(normalised_text):
    """The distinct character bigrams of every run of word characters, and one token for each
    whole Latin word or number, as integers."""
    found = set()
    for run in WORD_RUN.findall(normalised_text):
        found.update(_bigram(run[i], run[i + 1]) for i in range(len(run) - 1))
    found.update(_word_token(word) for word in LATIN_WORD.findall(normalised_text))
    return found


def query_terms(query):
    """The normalised terms of a query: split on spaces (full-width too), at most ten.

    A term with no word character in it (「！？」) is dropped; so are repeats.
    """
    terms = [term for term in normalise(query).split() if WORD_RUN.search(term)]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


@dataclass(frozen=True)
class TermPattern:
    """How a normalised term must occur: as a substring, with word boundaries on Latin ends."""

    term: str
    boundary_start: bool
    boundary_end: bool

    @classmethod
    def of(cls, term, *, prefix=False):
        """`prefix` (autocomplete) lets a term that ends in a Latin letter end inside a word."""
        return cls(
            term,
            boundary_start=bool(ASCII_WORD_CHAR.match(term[0])),
            boundary_end=not prefix and bool(ASCII_WORD_CHAR.match(term[-1])),
        )

    @property
    def needs_regex(self):
        return self.boundary_start or self.boundary_end

    @property
    def is_word(self):
        """One whole Latin word or number: its word token alone proves a document holds it."""
        return self.boundary_start and self.boundary_end and bool(LATIN_WORD.fullmatch(self.term))

    @property
    def is_proved_by_tokens(self):
        """Holding the term's tokens proves that a document's text contains it: a whole Latin
        word or number (its word token), or two word characters that need no word boundary
        (their one bigram, which occurs only where they do)."""
        if self.is_word:
            return True
        return not self.needs_regex and len(self.term) == 2 and bool(WORD_RUN.fullmatch(self.term))

    def tokens(self, *, limit=MAX_TERM_TOKENS):
        """The tokens a document must hold to contain the term: its word token, or its bigrams
        spread over the term, at most `limit` (none for a one-character term)."""
        if self.is_word:
            return [_word_token(self.term)]
        ordered = []
        for run in WORD_RUN.findall(self.term):
            ordered.extend(_bigram(run[i], run[i + 1]) for i in range(len(run) - 1))
        ordered = list(dict.fromkeys(ordered))
        if len(ordered) <= limit:
            return ordered
        step = len(ordered) / limit
        return [ordered[int(i * step)] for i in range(limit)]

    @property
    def regex(self):
        """One pattern that means the same to Python's re and PostgreSQL's regular expressions."""
        return (
            ("(^|[^0-9a-z])" if self.boundary_start else "")
            + re.escape(self.term)
            + ("($|[^0-9a-z])" if self.boundary_end else "")
        )

    def finditer(self, normalised_text):
        """(start, end) of each occurrence in normalised text."""
        pattern = (
            ("(?<![0-9a-z])" if self.boundary_start else "")
            + re.escape(self.term)
            + ("(?![0-9a-z])" if self.boundary_end else "")
        )
        for match in re.finditer(pattern, normalised_text):
            yield match.start(), match.end()


def _sentence_start(text, position, *, reach):
    """Where the sentence holding `position` begins, if within `reach` characters before it
    (after 。！？ or a full stop and space); otherwise `reach` characters before it."""
    earliest = max(0, position - reach)
    for index in range(position - 1, earliest - 1, -1):
        if text[index] in "。！？!?" or (text[index] == "." and text[index + 1 : index + 2] == " "):
            return index + 1 + (text[index + 1 : index + 2] == " ")
    return 0 if earliest == 0 else earliest


def highlight(text, patterns, *, width=None):
    """`text` as (fragment, is_match) pairs with every occurrence of the patterns marked.

    With `width`, only a window of about that many characters around the first occurrence is
    kept (the start of the text when nothing occurs), with … where it was cut.
    """
    normalised, spans = normalise_with_offsets(text)
    matches = sorted(
        (spans[start][0], spans[end - 1][1])
        for pattern in patterns
        for start, end in pattern.finditer(normalised)
    )
    merged = []
    for start, end in matches:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))

    window_start, window_end = 0, len(text)
    if width is not None and len(text) > width:
        first = merged[0][0] if merged else 0
        window_start = _sentence_start(text, first, reach=width // 3)
        window_start = max(0, min(window_start, len(text) - width))
        window_end = window_start + width

    fragments = []
    if window_start > 0:
        fragments.append(("…", False))
    position = window_start
    for start, end in merged:
        if end <= window_start or start >= window_end:
            continue
        start, end = max(start, window_start), min(end, window_end)
        if start > position:
            fragments.append((text[position:start], False))
        fragments.append((text[start:end], True))
        position = end
    if position < window_end:
        fragments.append((text[position:window_end], False))
    if window_end < len(text):
        fragments.append(("…", False))
    return fragments

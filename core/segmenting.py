"""Japanese text cut into words by SudachiPy with its core dictionary
(docs/decisions/0007-japanese-word-segmentation.md): one dictionary per process, loaded on
first use, and one tokenizer per thread (a Sudachi tokenizer must not be shared)."""

import threading

from sudachipy import Dictionary, SplitMode

# Sudachi refuses inputs over 49,149 bytes; a UTF-8 character takes at most 4.
CHUNK_CHARS = 49_149 // 4

_dictionary = None
_dictionary_lock = threading.Lock()
_per_thread = threading.local()


def morphemes(text):
    """The morphemes of `text` in split mode C, which keeps compounds such as
    マイナンバーカード and 電子申請 whole; text of any length, cut into chunks Sudachi accepts."""
    tokenizer = _tokenizer()
    for start in range(0, len(text), CHUNK_CHARS):
        yield from tokenizer.tokenize(text[start : start + CHUNK_CHARS])


def _tokenizer():
    tokenizer = getattr(_per_thread, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _per_thread.tokenizer = _loaded_dictionary().tokenizer(mode=SplitMode.C)
    return tokenizer


def _loaded_dictionary():
    global _dictionary
    with _dictionary_lock:
        if _dictionary is None:
            _dictionary = Dictionary(dict="core")
        return _dictionary

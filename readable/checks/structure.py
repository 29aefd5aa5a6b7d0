"""Long sentences and sentences that chain clauses: the guidelines' first advice is one short
sentence for one thing (「一文を短くして、文の構造を簡単にする」).

Length is counted in characters without white space (やさしい日本語 is often written with
spaces between phrases, 分かち書き) and without the closing 。！？.

Clauses are counted by the links that join them, read from SudachiPy's parts of speech:
- a conjunctive particle (接続助詞: て/で, が, ので, から, けれど, し, ば, と, のに, ても …),
  except those that list or accompany rather than join (たり, ながら, つつ), and except て/で
  followed by a helping verb or adjective (〜てください, 〜ている, 〜ておく, 〜てもいい),
  which stay in one clause;
- 「ので」, which SudachiPy reads as の + the copula's で;
- the 連用形 of a verb, an adjective or an auxiliary followed by 「、」 (連用中止: 「読み、」
  「安く、」「休みで、」), the written sign of a clause ending in the middle of a sentence.
A sentence with more than `max_clauses` clauses (links + 1) is flagged."""

from django.utils.translation import gettext as _

from . import Finding

END_MARKS = "。！？!?"
NOT_JOINING = {"たり", "だり", "ながら", "つつ"}
PERMISSIVE = {"良い", "いい", "よい", "構う", "大丈夫"}  # 〜てもいい, 〜ても構わない


def long_sentence(sentence, tokens, *, max_length, **options):
    length = sum(1 for char in sentence.rstrip(END_MARKS) if not char.isspace())
    if length > max_length:
        message = _(
            "This sentence has %(count)d characters. Split it into sentences of "
            "%(limit)d characters or fewer."
        ) % {"count": length, "limit": max_length}
        yield Finding(0, len(sentence), "long_sentence", message)


def chained_clauses(sentence, tokens, *, max_clauses, **options):
    links = sum(1 for index in range(len(tokens)) if _joins_clauses(tokens, index))
    if links + 1 > max_clauses:
        message = _("This sentence joins %(count)d clauses. Write one thing in each sentence.") % {
            "count": links + 1
        }
        yield Finding(0, len(sentence), "clauses", message)


def _joins_clauses(tokens, index):
    token = tokens[index]
    following = tokens[index + 1 : index + 3]
    if token.is_("助詞", "接続助詞"):
        if token.surface in NOT_JOINING:
            return False
        if token.surface in ("て", "で"):
            return not _helped(following)
        return True
    if token.is_("助動詞") and token.lemma == "だ" and token.surface == "で":
        previous = tokens[index - 1] if index else None
        if previous is not None and previous.is_("助詞", "準体助詞"):
            return True  # ので
    conjugated = token.is_("動詞") or token.is_("形容詞") or token.is_("助動詞")
    return (
        conjugated
        and token.conjugation.startswith("連用形")
        and bool(following)
        and following[0].surface == "、"
    )


def _helped(following):
    """Whether what follows て/で keeps it in the same clause: a helping verb or adjective
    (ください, いる, おく, みる, しまう …), or も/は then いい, 構わない …"""
    if not following:
        return True  # 〜て at the end of a sentence (〜てね, a request): one clause
    first = following[0]
    if first.is_("動詞", "非自立可能") or first.is_("形容詞", "非自立可能"):
        return True
    if first.surface in ("も", "は") and len(following) > 1:
        return following[1].normal in PERMISSIVE or following[1].lemma in PERMISSIVE
    return False

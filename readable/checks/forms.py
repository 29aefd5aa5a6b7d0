"""Forms the guidelines ask writers to avoid: double negatives (「ないわけではない」 says yes
by saying no twice) and honorific or humble language (尊敬語・謙譲語), which learners of
Japanese meet late; です and ます are the polite forms to use. Both are found in SudachiPy's
morphemes, so that 「ない」 inside a word (少ない, 危ない) or 「申」 in 申し込み never match."""

from django.utils.translation import gettext as _

from . import Finding

NEGATIVE_AUXILIARIES = {"ない", "ぬ"}  # ない, and ず/ぬ/ん/ざる
NOMINALISERS = {"わけ", "訳", "こと", "事", "もの", "物"}

# Honorific and humble words → what to write instead.
HONORIFIC_WORDS = {
    "いらっしゃる": "いる・来る・行く",
    "おっしゃる": "言う",
    "仰る": "言う",
    "召し上がる": "食べる・飲む",
    "為さる": "する",
    "なさる": "する",
    "御覧": "見る",
    "申す": "言う",
    "申し上げる": "言う",
    "参る": "行く・来る",
    "伺う": "聞く・行く",
    "致す": "する",
    "いたす": "する",
    "存じる": "知っている・思う",
    "存ずる": "知っている・思う",
    "拝見": "見る",
    "拝借": "借りる",
    "承る": "聞く・受ける",
    "おる": "いる",
    "御座る": "ある・です",
    "ござる": "ある・です",
    "差し上げる": "あげる",
    "頂く": "もらう",
    "いただく": "もらう",
    "頂戴": "もらう",
}
HUMBLE_VERBS = {"為る", "する", "致す", "いたす", "申し上げる"}  # お〜する, ご〜いたす
SET_PHRASES = {"願い", "願う"}  # お願いします stays: the guidelines' own examples use it


def double_negatives(sentence, tokens, **options):
    index = 0
    while index < len(tokens):
        end = _double_negative_end(tokens, index)
        if end is None:
            index += 1
            continue
        start, stop = tokens[index].start, tokens[end].end
        message = _(
            "「%(phrase)s」 is a double negative. Say it in the positive (「〜ます」, "
            "「〜できます」, 「〜かもしれません」)."
        ) % {"phrase": sentence[start:stop]}
        yield Finding(start, stop, "double_negative", message)
        index = end + 1


def _negative(token):
    return (token.is_("助動詞") and token.lemma in NEGATIVE_AUXILIARIES) or (
        token.is_("形容詞") and token.normal == "無い"
    )


def _negative_at(tokens, index):
    """The index of the last token of a negative starting at `index` (ない, ません,
    ありません…), or None."""
    if index < len(tokens) and tokens[index].lemma == "ある" and tokens[index].is_("動詞"):
        index += 1
    while index < len(tokens) and tokens[index].lemma == "ます":
        index += 1
    if index < len(tokens) and _negative(tokens[index]):
        return index
    return None


def _double_negative_end(tokens, index):
    """Where a double negative that starts with the negative at `index` ends, or None:
    〜ない(わけ|こと|もの)(で)は|も ない (ないわけではない, なくはない, なくもない,
    ないことはない), 〜ないとは限らない, 〜ざるを得ない."""
    if not _negative(tokens[index]):
        return None
    words = [token.lemma for token in tokens[index + 1 : index + 4]]
    if words[:2] == ["を", "得る"]:
        return _negative_at(tokens, index + 3)
    if words[:3] in (["と", "は", "限る"], ["と", "も", "限る"]):
        return _negative_at(tokens, index + 4)
    position = index + 1
    if position < len(tokens) and tokens[position].lemma in NOMINALISERS:
        position += 1
    if position < len(tokens) and tokens[position].surface == "で":
        position += 1
    if position < len(tokens) and tokens[position].surface in ("は", "も"):
        return _negative_at(tokens, position + 1)
    return None


def honorifics(sentence, tokens, **options):
    index = 0
    while index < len(tokens):
        found = _prefixed_form(tokens, index) or _honorific_word(tokens, index)
        if found is None:
            index += 1
            continue
        end, plain = found
        start, stop = tokens[index].start, tokens[end].end
        values = {"phrase": sentence[start:stop], "plain": plain}
        if plain:
            message = (
                _(
                    "「%(phrase)s」 is an honorific or humble form. Write it plainly with です or "
                    "ます: 「%(plain)s」."
                )
                % values
            )
        else:
            message = (
                _(
                    "「%(phrase)s」 is an honorific or humble form. "
                    "Write it plainly with です or ます."
                )
                % values
            )
        yield Finding(start, stop, "honorific", message)
        index = end + 1


def _honorific_word(tokens, index):
    token = tokens[index]
    for form in (token.normal, token.lemma):
        if form in HONORIFIC_WORDS and not token.is_("接頭辞"):
            return index, HONORIFIC_WORDS[form]
    return None


def _prefixed_form(tokens, index):
    """お/ご + a verb or noun, then になる (尊敬), する/いたす (謙譲) or ください:
    (index of its last token, the plain form or None), or None. ご利用 as one word counts too."""
    token = tokens[index]
    if token.is_("接頭辞") and token.normal == "御" and index + 1 < len(tokens):
        stem, after = tokens[index + 1], index + 2
        suru_noun = stem.is_("名詞", "普通名詞", "サ変可能")
    elif token.is_("名詞") and token.surface[:1] in "おご御" and len(token.surface) > 1:
        stem, after = token._replace(surface=token.surface[1:]), index + 1
        suru_noun = True  # ご利用, ご参加: a Sino-Japanese noun with its prefix
        if _lemmas(tokens, after, 2) not in (["に", "なる"], ["に", "なれる"]):
            return None
    else:
        return None
    if {stem.lemma, stem.normal} & SET_PHRASES or stem.normal in HONORIFIC_WORDS:
        return None
    polite = stem.surface + ("します" if suru_noun else "ます")
    following = _lemmas(tokens, after, 2)
    if following == ["に", "なる"]:
        return after + 1, polite
    if following == ["に", "なれる"]:  # ご利用になれます: 利用できます
        return after + 1, stem.surface + "できます" if suru_noun else None
    verb = tokens[after].normal if after < len(tokens) else None
    if verb in HUMBLE_VERBS:
        return after, polite
    if verb == "下さる":
        te_form = stem.surface + "して" if suru_noun else _te_form(stem)
        return after, te_form and te_form + "ください"
    return None


# The て form of a verb from its 連用形, by conjugation type (待ち → 待って, 読み → 読んで).
TE_ENDINGS = {
    "五段-カ行": "いて",
    "五段-ガ行": "いで",
    "五段-タ行": "って",
    "五段-ラ行": "って",
    "五段-ワア行": "って",
    "五段-ナ行": "んで",
    "五段-バ行": "んで",
    "五段-マ行": "んで",
}


def _te_form(verb):
    if not verb.is_("動詞"):
        return None
    kind = verb.pos[4]
    if kind in TE_ENDINGS:
        return verb.surface[:-1] + TE_ENDINGS[kind]
    if kind.startswith(("上一段", "下一段", "五段-サ行", "サ行変格")):
        return verb.surface + "て"
    return None


def _lemmas(tokens, start, count):
    return [token.lemma for token in tokens[start : start + count]]

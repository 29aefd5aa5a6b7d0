"""Conditions on questions and sections (`condition_met`): they compare, after NFKC
normalisation, the value a condition names with the answer of an earlier question: "equals" one
of its values (a choice among those ticked, compared whole), or "includes", which for a typed
answer also finds a word inside it."""

import unicodedata


def normalise(text):
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


TYPED_ANSWER_TYPES = {"short_text", "long_text"}


def condition_met(condition, values_by_code):
    """Whether a question or section with this condition is shown, given the condition values
    of the earlier questions shown (by code: (values, typed)). No condition: always shown.

    A choice is compared whole (「税」 is not included in 「税の申告」); only a typed answer
    "includes" words of it."""
    code = ((condition and condition.get("question")) or "").strip()
    if not code:
        return True
    wanted = normalise(condition.get("value") or "")
    values, typed = values_by_code.get(code, ([], False))
    answers = [normalise(value) for value in values]
    if condition.get("operator") == "includes" and typed:
        return bool(wanted) and any(wanted in answer for answer in answers)
    return wanted in answers

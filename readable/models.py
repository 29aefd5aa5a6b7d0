"""What staff keep for readable Japanese: the readings of words SudachiPy reads wrongly
(ふりがな辞書) and the loanwords and abbreviations the やさしい日本語 checker flags, each with the
plain words to say instead (言い換え語リスト)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .kana import hiragana

PLAIN_WORD_MAX_LENGTH = 60


class ReadingOverride(models.Model):
    """A reading staff give a word (ふりがな辞書): a place name, a name or a term of this field
    that SudachiPy reads wrongly or does not know. Found before Sudachi sees the text, the
    longest word first; applies to every page at once (readable.dictionary)."""

    word = models.CharField(
        pgettext_lazy("furigana dictionary", "word"),
        max_length=50,
        unique=True,
        error_messages={"unique": _("This word is in the furigana dictionary already.")},
        help_text=_("As it is written, e.g. 神戸町."),
    )
    reading = models.CharField(
        pgettext_lazy("furigana dictionary", "reading"),
        max_length=100,
        validators=[
            RegexValidator(r"^[ぁ-ゖァ-ヺー]+$", _("Write the reading in hiragana or katakana."))
        ],
        help_text=_("In hiragana, e.g. ごうどちょう."),
    )
    updated_at = models.DateTimeField(
        pgettext_lazy("furigana dictionary", "updated"), auto_now=True
    )

    class Meta:
        ordering = ["word"]
        verbose_name = pgettext_lazy("furigana dictionary", "reading")
        verbose_name_plural = _("readings")

    def __str__(self):
        return f"{self.word}（{self.reading}）"

    def save(self, *args, **kwargs):
        self.word = self.word.strip()
        self.reading = hiragana(self.reading.strip())
        super().save(*args, **kwargs)


class PlainWordEntry(models.Model):
    """A word readers of やさしい日本語 may not know (ガイドライン, DX) and what to write
    instead (きまり, デジタルで 便利に すること). The checker compares it ignoring full/half
    width and case, and reads the list on every check: an edit applies at once."""

    class Kind(models.TextChoices):
        LOANWORD = "loanword", _("loanword (katakana word)")
        ABBREVIATION = "abbreviation", _("abbreviation")

    word = models.CharField(
        _("word or abbreviation"), max_length=PLAIN_WORD_MAX_LENGTH, unique=True
    )
    plain = models.CharField(_("plain alternative"), max_length=200)
    kind = models.CharField(
        _("kind of word"), max_length=20, choices=Kind.choices, default=Kind.LOANWORD
    )

    class Meta:
        ordering = ["word"]
        verbose_name = _("word to rephrase")
        verbose_name_plural = _("words to rephrase")

    def __str__(self):
        return self.word

"""What staff keep for readable Japanese: the loanwords and abbreviations the やさしい日本語
checker flags, each with the plain words to say instead (Snippets → 言い換え語リスト)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

PLAIN_WORD_MAX_LENGTH = 60


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

"""Members: the custom User with its stakeholder profile, and the regions staff manage."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.prefectures import PREFECTURE_CHOICES, prefecture_name

from .notifications import NotificationEmail

AVATAR_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


class StakeholderType(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    BUSINESS = "business", _("Local business")
    MUNICIPAL = "municipal", _("Municipal employee")
    ORGANISATION = "organisation", _("NPO / organisation")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    MUNICIPAL = "municipal", _("Verified municipal employee")
    BUSINESS = "business", _("Verified business")


class Region(models.Model):
    """A municipality or region under a prefecture, from the list staff keep: the municipalities
    with their 全国地方公共団体コード (`code`, loaded by `manage.py regions_load`), and any
    region staff add by hand (no code)."""

    prefecture = models.CharField(_("prefecture"), max_length=2, choices=PREFECTURE_CHOICES)
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("local government code"),
        max_length=6,
        blank=True,
        help_text=_("全国地方公共団体コード (6 digits); empty for a region added by hand."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = ["prefecture", "name", "code", "sort_order"]

    class Meta:
        ordering = ["prefecture", "sort_order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["prefecture", "name"], name="unique_region_name"),
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="unique_region_code"
            ),
        ]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return f"{self.get_prefecture_display()} {self.name}"


class User(AbstractUser):
    """A member of the site: reader, respondent or staff.

    The public face of a member is `public_name` (their nickname) with a verified badge; the
    real name fields inherited from AbstractUser are never shown on the public site.
    """

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("nickname"), max_length=30, blank=True, help_text=_("Shown next to what you write.")
    )
    avatar = models.ImageField(
        _("avatar"),
        upload_to="avatars/",
        blank=True,
        validators=[FileExtensionValidator(AVATAR_EXTENSIONS)],
    )
    bio = models.TextField(_("short bio"), max_length=300, blank=True)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=20, choices=StakeholderType.choices, blank=True
    )
    prefecture = models.CharField(
        _("prefecture"), max_length=2, choices=PREFECTURE_CHOICES, blank=True
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("municipality or region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    region_name = models.CharField(
        _("municipality or region (not listed)"), max_length=100, blank=True
    )
    stakeholder_type_public = models.BooleanField(_("show my stakeholder type"), default=False)
    region_public = models.BooleanField(_("show my prefecture and region"), default=False)
    verified_as = models.CharField(
        _("verified as"), max_length=20, choices=Verification.choices, blank=True
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "self",
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notification_email = models.CharField(
        _("e-mail me about notifications"),
        max_length=20,
        choices=NotificationEmail.choices,
        default=NotificationEmail.IMMEDIATELY,
    )
    # Off: no announcement from the operators reaches the member on any channel (outreach
    # leaves them out of every audience).
    announcements = models.BooleanField(_("receive announcements from the operators"), default=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [("verify_member", _("Can mark members as verified"))]

    @property
    def public_name(self):
        """The nickname, or a neutral stand-in; never the e-mail or real name."""
        return self.display_name or _("Member %(number)s") % {"number": self.pk}

    @property
    def own_name(self):
        """The name a member reads for themselves (header, sign-in messages): the nickname, or
        their e-mail address until they choose one. Only for their own screens and mail."""
        return self.display_name or self.email

    @property
    def region_label(self):
        """Prefecture and region as one line, e.g. 北海道 札幌市."""
        region = self.region.name if self.region_id else self.region_name
        return " ".join(part for part in (prefecture_name(self.prefecture), region) if part)

    @property
    def profile_missing(self):
        """Profile fields still empty, for gentle completeness nudges."""
        fields = ("display_name", "stakeholder_type", "prefecture")
        return [name for name in fields if not getattr(self, name)]

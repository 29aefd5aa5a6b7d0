from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of the site: reader, respondent or staff.

    Exists from the first migration so that member features (profiles, stakeholder type,
    region) can be added without swapping the user model later.
    """

    email = models.EmailField(_("email address"), unique=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

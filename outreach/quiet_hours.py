"""A member's quiet hours (QuietHours): when deliveries on LINE and in the browser are held
(outreach.deliveries)."""

from .models import QuietHours


def quiet_hours_get(*, member):
    """The member's QuietHours; the default ones (21:00–8:00, on), unsaved, if they set none."""
    return QuietHours.objects.filter(member=member).first() or QuietHours(member=member)


def quiet_hours_set(*, member, active, starts, ends):
    """Make the member's quiet hours `starts`–`ends` (Japan time), on or off."""
    hours, _created = QuietHours.objects.update_or_create(
        member=member, defaults={"active": active, "starts": starts, "ends": ends}
    )
    return hours

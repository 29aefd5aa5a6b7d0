"""The grants of community's and the apps' earlier migrations, now in core.group_permissions
(the migration loader skips this module: its name starts with an underscore)."""

from core.group_permissions import group_permissions_grant, group_permissions_revoke

__all__ = ["group_permissions_grant", "group_permissions_revoke"]

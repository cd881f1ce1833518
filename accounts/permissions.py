"""Who may see and manage which accounts."""

from .models import User


def can_manage_accounts(user: User) -> bool:
    """Inviting, deactivating and resetting accounts is the community manager's job."""
    return user.is_authenticated and user.is_community_manager


def can_view_identity(user: User, subject: User) -> bool:
    """Only community managers see identity, and only of members and staff, never of erased users."""
    return user.is_authenticated and user.is_community_manager and subject.erased_at is None


def can_view_member_list(user: User) -> bool:
    return user.is_authenticated and user.is_community_manager

"""The Atom feed of the results site: published reports and the status changes of published actions."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from core.markdown import markdown_to_html
from impact.models import ActionUpdate

from .selectors import published_actions, published_reports

ITEMS_OF_EACH = 20


@dataclass
class Item:
    title: str
    description: str
    link: str
    guid: str
    date: datetime


def feed_items() -> list[Item]:
    items = [
        Item(
            title=_("Results: %(title)s") % {"title": report.period.title},
            description=markdown_to_html(report.public_summary),
            link=reverse("results:period_detail", args=[report.period_id]),
            guid=f"report-{report.pk}",
            date=report.published_at,
        )
        for report in published_reports()[:ITEMS_OF_EACH]
        if report.published_at is not None  # always set on a published report
    ]
    updates = (
        ActionUpdate.objects.filter(action__in=published_actions())
        .select_related("action")
        .defer("author")
        .order_by("-created_at", "-pk")[:ITEMS_OF_EACH]
    )
    for update in updates:
        if update.status_from:
            change = _("status changed from %(old)s to %(new)s") % {
                "old": update.get_status_from_display(),
                "new": update.get_status_to_display(),
            }
        else:
            change = update.get_status_to_display()
        items.append(
            Item(
                title=f"{update.action.title}: {change}",
                # Staff-written plain text: escaped here, since Atom carries the description as HTML.
                description=linebreaks(escape(update.text)),
                link=reverse("results:action_detail", args=[update.action_id]),
                guid=f"action-update-{update.pk}",
                date=update.created_at,
            )
        )
    items.sort(key=lambda item: item.date, reverse=True)
    return items[:ITEMS_OF_EACH]


class ResultsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Results of the resident development community")

    def subtitle(self) -> str:
        return _("Published report summaries and what was done about them.")

    def link(self) -> str:
        return reverse("results:index")

    def feed_url(self) -> str:
        return reverse("results:feed")

    def items(self) -> list[Item]:
        return feed_items()

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.description

    def item_link(self, item: Item) -> str:
        return item.link

    def item_guid(self, item: Item) -> str:
        return f"{settings.SITE_URL}{self.link()}#{item.guid}"

    def item_guid_is_permalink(self, item: Item) -> bool:
        return False

    def item_pubdate(self, item: Item) -> datetime:
        return item.date

    def item_updateddate(self, item: Item) -> datetime:
        return item.date

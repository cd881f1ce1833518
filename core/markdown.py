"""Staff-written Markdown to safe HTML: rendered by Python-Markdown, then cleaned by nh3."""

from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


# Pages render the same staff texts (a period's description, an announcement) again and again; the
# result depends on the text alone, so the last few hundred are kept in each process.
@lru_cache(maxsize=512)
def markdown_to_html(text: str) -> SafeString:
    """Render Markdown; raw HTML in the source is escaped by Markdown and anything else removed by nh3."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308  # nosec B308, B703  # cleaned by nh3 just above

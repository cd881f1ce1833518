from django import template

from core.markdown import markdown_to_html

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """`{{ period.description|markdown }}`: sanitised HTML from staff-written Markdown."""
    return markdown_to_html(text)

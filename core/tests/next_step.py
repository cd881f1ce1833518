"""Read the "next step" box of a staff page in tests."""


def next_step_box(page) -> str:
    """The HTML of the page's next-step section."""
    html = page.content.decode()
    start = html.index('<section class="next-step"')
    return html[start : html.index("</section>", start)]

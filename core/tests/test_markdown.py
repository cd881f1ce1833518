from core.markdown import markdown_to_html


def test_it_renders_markdown():
    assert markdown_to_html("**Tervetuloa** [sivulle](https://example.fi)") == (
        '<p><strong>Tervetuloa</strong> <a href="https://example.fi" rel="noopener noreferrer nofollow">sivulle</a></p>'
    )


def test_it_removes_script_handlers_and_javascript_links():
    """SECURITY.md #17: Staff Markdown, the one text shown as HTML, loses scripts, handlers and javascript: links."""
    html = markdown_to_html("<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))")
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert "<img" not in html


def test_a_text_is_rendered_once_per_process(monkeypatch):
    import core.markdown

    calls = []
    real = core.markdown.markdown_lib.markdown
    monkeypatch.setattr(core.markdown.markdown_lib, "markdown", lambda *a, **k: calls.append(a) or real(*a, **k))
    text = "Ainutlaatuinen **kuvaus** 8c1f"
    assert markdown_to_html(text) == markdown_to_html(text) == "<p>Ainutlaatuinen <strong>kuvaus</strong> 8c1f</p>"
    assert len(calls) == 1

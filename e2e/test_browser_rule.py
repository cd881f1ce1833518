"""Without Chromium the browser tests skip with a visible reason, except under CI=true, where they fail."""

import pytest

from e2e import conftest as browser_setup


@pytest.fixture
def no_chromium(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(browser_setup, "CHROMIUM", str(tmp_path / "chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))


def test_it_skips_with_a_visible_reason_when_chromium_is_missing(no_chromium, monkeypatch):
    """A developer machine without Chromium sees why the browser tests did not run."""
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not installed: browser tests skipped"):
        browser_setup.require_chromium()


def test_it_fails_under_ci_when_chromium_is_missing(no_chromium, monkeypatch):
    """CI must not pass green without having run the browser journeys."""
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="under CI=true the browser tests must run"):
        browser_setup.require_chromium()


def test_it_finds_the_system_chromium(monkeypatch):
    """With Debian's Chromium installed, it is the browser the tests drive."""
    if browser_setup.chromium_path() is None:
        pytest.skip(browser_setup.SKIP_REASON)
    monkeypatch.setenv("CI", "true")
    assert browser_setup.require_chromium() == browser_setup.chromium_path()

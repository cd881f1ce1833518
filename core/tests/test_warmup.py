"""Warming the server's master process: every template compiles, so a forked worker starts warm."""

import gc
import runpy
from pathlib import Path

from django.conf import settings
from django.template import engines

from core.warmup import process_warm

CONFIG = Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"


def test_it_compiles_every_template_of_the_project_and_the_forms():
    compiled = process_warm()
    assert compiled > 100
    # The cached loader now holds the member pages' templates: a worker forked after this reads none.
    loader = engines["django"].engine.template_loaders[0]
    assert any(key.startswith("periods/task.html") for key in loader.get_template_cache)


def test_gunicorn_preloads_the_app_and_shares_no_database_connection_with_its_workers():
    config = runpy.run_path(str(CONFIG))
    assert config["preload_app"] is True
    assert callable(config["when_ready"]) and callable(config["pre_fork"])


def test_gunicorn_freezes_what_the_master_loaded_before_forking():
    class Server:
        class log:
            info = exception = staticmethod(lambda *args: None)

    config = runpy.run_path(str(CONFIG))
    try:
        config["when_ready"](Server)
        assert gc.get_freeze_count() > 10_000  # the modules and templates of the whole app
    finally:
        gc.unfreeze()

"""The launcher of `make prod-demo`: production settings with nothing to set, and processes kept running."""

import importlib.util
import sys
import threading
import time

from django.conf import settings

spec = importlib.util.spec_from_file_location("prod_demo", settings.BASE_DIR / "scripts" / "prod_demo.py")
prod_demo = importlib.util.module_from_spec(spec)
spec.loader.exec_module(prod_demo)


def test_the_demo_runs_with_production_settings_and_the_documented_defaults(monkeypatch):
    for name in ("DATABASE_URL", "REDIS_URL", "GUNICORN_BIND", "SECRET_KEY", "ALLOWED_HOSTS", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TESTING", "1")
    monkeypatch.setenv("DEBUG", "1")
    env = prod_demo.demo_environment()
    assert "TESTING" not in env and env["DEBUG"] == "0" and env["HTTPS"] == "0"
    assert env["DJANGO_SETTINGS_MODULE"] == "prototyypit.settings"
    assert env["DATABASE_URL"] == "postgres://postgres@127.0.0.1:5432/prototyypit_demo"
    assert env["REDIS_URL"] == "redis://127.0.0.1:6379/1"
    assert env["GUNICORN_BIND"] == "127.0.0.1:8000" and env["ALLOWED_HOSTS"] == "127.0.0.1,localhost"
    assert env["LOG_FORMAT"] == "json" and env["TASKS_BACKEND"] == "database"
    assert len(env["SECRET_KEY"]) >= 50 and env["SECRET_KEY"] != prod_demo.demo_environment()["SECRET_KEY"]


def test_the_ci_can_move_it_to_another_port_and_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smoke")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.2:8391")
    env = prod_demo.demo_environment()
    assert env["DATABASE_URL"].endswith("/smoke")
    assert env["ALLOWED_HOSTS"].split(",")[0] == "127.0.0.2" and env["SITE_URL"] == "http://127.0.0.2:8391"


def test_it_supervises_web_worker_and_scheduler_as_separate_processes():
    programs = prod_demo.commands()
    assert programs["web"][1:] == ["-c", "deploy/gunicorn.conf.py", "prototyypit.wsgi"]
    assert programs["worker"][2] == "worker"
    assert programs["scheduler"][2:] == ["run_scheduled", "--loop", "60"]


def test_a_process_that_exits_is_started_again_and_a_stop_ends_them_all(monkeypatch):
    monkeypatch.setattr(prod_demo, "RESTART_DELAY_MAX", 0.2)
    supervisor = prod_demo.Supervisor(
        {}, {"quitter": [sys.executable, "-c", "raise SystemExit(3)"], "sleeper": ["sleep", "60"]}
    )
    supervisor.delays = {"quitter": 0.1, "sleeper": 0.1}
    runner = threading.Thread(target=supervisor.run)
    runner.start()
    deadline = time.monotonic() + 30
    while supervisor.starts["quitter"] < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    supervisor.stop()
    runner.join(timeout=30)
    assert not runner.is_alive()
    assert supervisor.starts["quitter"] >= 3 and supervisor.starts["sleeper"] == 1
    assert supervisor.processes["sleeper"].returncode == -15  # stopped by SIGTERM, not left running

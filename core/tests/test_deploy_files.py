"""The deployment files agree with the code: compose.yaml, the container image, the systemd units.

They cannot be built or booted here, so these tests read them: every variable they set is one the
settings (or the gunicorn config) read, every command exists, and `systemd-analyze verify` accepts the units.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
UNITS = sorted((ROOT / "deploy" / "systemd").glob("prototyypit-*.*"))
# Read by libraries or the runtime, not by our settings.
PROCESS_VARIABLES = {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "DJANGO_SETTINGS_MODULE"}


def declared_variables() -> set[str]:
    """Every environment variable that settings.py or gunicorn.conf.py reads."""
    sources = (ROOT / "prototyypit" / "settings.py").read_text() + (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    return set(re.findall(r'(?:env_\w+|os\.environ\.get)\(\s*"([A-Z0-9_]+)"', sources))


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def app_services(compose: dict) -> dict:
    return {
        name: service for name, service in compose["services"].items() if service.get("image") == "prototyypit:latest"
    }


def manage_command(command: list[str]) -> str | None:
    return command[command.index("manage.py") + 1] if "manage.py" in command else None


def test_compose_runs_app_worker_and_scheduler_beside_postgres_and_redis(compose):
    services = compose["services"]
    assert {"app", "worker", "scheduler", "postgres", "redis", "migrate"} <= services.keys()
    assert services["app"]["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py", "prototyypit.wsgi"]
    assert manage_command(services["worker"]["command"]) == "worker"
    assert services["scheduler"]["command"][2:] == ["run_scheduled", "--loop", "60"]
    for name, service in app_services(compose).items():
        env = service["environment"]
        assert "@postgres:5432/" in env["DATABASE_URL"] and env["REDIS_URL"].startswith("redis://redis:"), name
        assert env["TASKS_BACKEND"] == "database", name
        assert f"media:{env['MEDIA_ROOT']}" in service["volumes"], name  # uploads outlive the containers
        if name != "migrate":
            assert service["restart"] == "always", name
    assert services["postgres"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert {"media", "pgdata", "backups"} <= compose["volumes"].keys()


def test_every_variable_compose_sets_is_declared_in_settings(compose):
    declared = declared_variables() | PROCESS_VARIABLES
    for name, service in app_services(compose).items():
        unknown = set(service["environment"]) - declared
        assert not unknown, f"{name} sets variables nothing reads: {unknown}"


def test_the_secrets_are_required_not_defaulted(compose):
    env = compose["services"]["app"]["environment"]
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]


def test_every_command_of_the_deployment_files_exists(compose):
    used = {manage_command(service["command"]) for service in app_services(compose).values()}
    for unit in UNITS:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart=") and "manage.py" in line:
                used.add(manage_command(line.split()))
    used.discard(None)
    assert used >= {"migrate", "worker", "run_scheduled", "purge_expired"}
    assert used <= set(get_commands())


def test_the_image_is_pinned_slim_and_runs_as_a_user():
    image = (ROOT / "deploy" / "Containerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", image, re.MULTILINE)
    assert "pip install -r requirements.txt" in image and "collectstatic --no-input" in image
    users = re.findall(r"^USER (\S+)", image, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r'^CMD \["gunicorn", "-c", "deploy/gunicorn.conf.py"', image, re.MULTILINE)
    requirements = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line and line[0] != "#"]
    assert all("==" in line for line in requirements), "every requirement is pinned"


def test_the_environment_file_example_sets_only_declared_variables():
    example = (ROOT / "deploy" / "systemd" / "prototyypit.env.example").read_text()
    names = {line.split("=", 1)[0] for line in example.splitlines() if line and not line.startswith("#")}
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "MEDIA_ROOT", "ALLOWED_HOSTS"} <= names
    assert not names - declared_variables()


def test_the_long_running_units_restart_always():
    services = {unit.name: unit.read_text() for unit in UNITS if unit.suffix == ".service"}
    assert {"prototyypit-web.service", "prototyypit-worker.service", "prototyypit-scheduler.service"} <= set(services)
    for name in ("prototyypit-web.service", "prototyypit-worker.service", "prototyypit-scheduler.service"):
        assert "\nRestart=always\n" in services[name], name
        assert "\nEnvironmentFile=/etc/prototyypit/prototyypit.env\n" in services[name], name
    assert "deploy/gunicorn.conf.py" in services["prototyypit-web.service"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    """The units point at /opt/prototyypit; verified here with this checkout in its place."""
    for unit in UNITS:
        text = unit.read_text().replace("/opt/prototyypit", str(ROOT))
        text = text.replace("/etc/prototyypit/prototyypit.env", str(ROOT / "deploy/systemd/prototyypit.env.example"))
        (tmp_path / unit.name).write_text(text)
    units = [str(tmp_path / unit.name) for unit in UNITS]
    done = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", "--man=no", *units],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    # verify exits 0 on directives it ignores, but names them: both must be clean.
    assert done.returncode == 0 and not done.stderr.strip() and not done.stdout.strip(), done.stderr + done.stdout


def test_the_environment_file_example_loads_in_a_shell_and_passes_check_deploy(tmp_path):
    """The README loads it with `set -a; . prototyypit.env` for manage.py: values must be valid shell too."""
    example = ROOT / "deploy" / "systemd" / "prototyypit.env.example"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    command = f'set -a; . "{example}"; exec "{sys.executable}" manage.py check --deploy --fail-level WARNING'
    done = subprocess.run(  # noqa: S603
        ["sh", "-c", command],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "no issues" in done.stdout, done.stdout + done.stderr

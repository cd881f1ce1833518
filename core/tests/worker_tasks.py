"""Tasks the worker tests enqueue (a module of its own, so that a worker process can import them)."""

import time

from django_tasks import task

done: list[int] = []


@task()
def remember(*, value: int) -> int:
    done.append(value)
    return value


@task()
def explode() -> None:
    raise RuntimeError("a task that fails")


@task()
def nap(*, seconds: float) -> str:
    time.sleep(seconds)
    return "rested"

"""The demo city, built step by step by each app's `demo.py`.

Each app that has demo data defines `ORDER` (lower runs first) and `load(demo)`,
where `demo` is the shared DemoContext below. Every step must be idempotent:
look things up by natural keys and update them, so running `load_demo` twice
leaves the same city behind. Dates are relative to today, so the demo stays
believable whenever it is loaded.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import timezone

DEMO_PASSWORD = "demo"  # noqa: S105  (documented demo password, only with debug on or --force)


@dataclass
class DemoContext:
    today: datetime.date = field(default_factory=timezone.localdate)
    objects: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def days(self, n: int) -> datetime.date:
        return self.today + datetime.timedelta(days=n)

    def note(self, line: str) -> None:
        self.log.append(line)


def demo_steps() -> list[Any]:
    steps = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):
            steps.append(module)
    return sorted(steps, key=lambda m: getattr(m, "ORDER", 100))

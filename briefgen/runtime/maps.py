"""What a stage that spreads its own inner work is given, kept apart from the
executors so that a stage depends on the shape of a map, never on workers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Map = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]
"""What a stage that spreads its own inner work is given: ``map(function,
items)``, the same as ``in_order`` but perhaps over processes."""


def in_order(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    return [function(x) for x in items]

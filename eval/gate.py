"""`--fail-under metric=value` floors (and `--fail-over metric=value` ceilings) on a report's metrics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.errors import TinhGonError


@dataclass(frozen=True, slots=True)
class Bound:
    metric: str
    value: float
    floor: bool  # True: the metric must be >= value; False: it must be <= value

    def describe(self) -> str:
        return f"{self.metric} {'>=' if self.floor else '<='} {self.value:g}"


def parse_bounds(specs: Sequence[str], *, floor: bool, known: Sequence[str]) -> list[Bound]:
    """Parse `name=value` strings; an unknown metric or a bad number is a clear error."""
    bounds = []
    option = "--fail-under" if floor else "--fail-over"
    for spec in specs:
        name, sep, raw = spec.partition("=")
        name = name.strip()
        if not sep or not name:
            raise TinhGonError(f"{option} {spec!r}: expected METRIC=VALUE, e.g. {option} hit@5=0.98")
        if name not in known:
            raise TinhGonError(f"{option} {spec!r}: unknown metric {name!r}; known: {', '.join(known)}")
        try:
            value = float(raw)
        except ValueError:
            raise TinhGonError(f"{option} {spec!r}: {raw!r} is not a number") from None
        bounds.append(Bound(name, value, floor))
    return bounds


def violations(metrics: Mapping[str, Any], bounds: Sequence[Bound]) -> list[str]:
    """One message per bound the metrics break (a metric that is n/a breaks its bound)."""
    failed = []
    for bound in bounds:
        value = metrics.get(bound.metric)
        if value is None:
            failed.append(f"{bound.metric} is n/a (nothing to measure), required {bound.describe()}")
        elif (bound.floor and value < bound.value) or (not bound.floor and value > bound.value):
            failed.append(f"{bound.metric} = {value:.4g}, required {bound.describe()}")
    return failed

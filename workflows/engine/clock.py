"""The engine's clock. SpiffWorkflow's timers compare their fire time with
`datetime.now(timezone.utc)` read in their own module (bpmn/specs/event_definitions/timer.py,
the only place the library reads the clock); that name is routed through here so that a history
replayed on its own days (`replayed_at`, used with models.recorded_at by `tdkt demo`) has its
timers wait and fire as they did then. Outside `replayed_at` it is the real clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, tzinfo

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _spiff_timer

#: the moment being replayed (aware, UTC), or None: the real clock; per context, so a thread
#: replaying history never moves another's clock
_REPLAYED_AT: ContextVar[datetime | None] = ContextVar("engine_replayed_at", default=None)


class _EngineDatetime(datetime):
    """`datetime` as the timer module sees it: `now` answers the replayed moment, if any."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _EngineDatetime:
        moment = _REPLAYED_AT.get()
        if moment is None:
            return super().now(tz)
        moment = moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)
        return cls.fromisoformat(moment.isoformat())


_spiff_timer.datetime = _EngineDatetime


@contextmanager
def replayed_at(moment: datetime) -> Iterator[None]:
    """Run the engine as of `moment` (naive: UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    token = _REPLAYED_AT.set(aware)
    try:
        yield
    finally:
        _REPLAYED_AT.reset(token)

"""Keys reach the app's widgets one at a time, in the order they were typed.

Textual hands each key to the widget focused *when the app reads it*, and a fast
typist's keys are read before the previous one has been handled: `tab x` typed at
once both go to the first field (the tab moves the focus only when it comes back
up to the app's bindings), and the keys typed right after `f` reach the text, not
the attribute form that `f` is opening. So the app sends a key on only once the
one before it has been handled all the way up (a callback follows it through the
message queue of every node it passes), and while a screen that a key opened is
not yet focused (`hold`), keys wait for it. Nothing is dropped: a hold that is
never released lets the keys go after `HOLD_LIMIT` seconds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.timer import Timer

# Seconds a hold keeps keys at most (a form opening under heavy load takes ~1 s).
HOLD_LIMIT = 5.0


class KeyOrder:
    """The app's keys, sent on one by one (`App.on_event` gives them to `arrived`)."""

    def __init__(self, app: App[object], send: Callable[[events.Key], Awaitable[None]]) -> None:
        self._app = app
        self._send = send  # Textual's own handling of one key
        self._waiting: deque[events.Key] = deque()
        self._in_flight = False
        self._holds = 0
        self._timer: Timer | None = None

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def held(self) -> bool:
        return self._holds > 0

    async def arrived(self, event: events.Key) -> None:
        self._waiting.append(event)
        await self._next()

    def hold(self) -> None:
        """A key is opening a screen: the keys after it wait until `release`."""
        self._holds += 1
        if self._timer is None:
            self._timer = self._app.set_timer(HOLD_LIMIT, self._expire)

    def release(self) -> None:
        """The screen is focused (or nothing opens after all): send on what waited.
        Safe from any message pump: the keys go on in the app's own queue."""
        if self._holds:
            self._holds -= 1
        if not self._holds and self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._app.call_later(self._next)

    def _expire(self) -> None:
        self._timer = None
        self._holds = 0
        self._app.call_later(self._next)

    async def _next(self) -> None:
        if self._in_flight or self._holds or not self._waiting:
            return
        event = self._waiting.popleft()
        target = self._app.focused or self._app.screen
        self._in_flight = True
        try:
            await self._send(event)
        finally:
            self._follow(list(target.ancestors_with_self))

    def _follow(self, path: list[DOMNode]) -> None:
        """A callback through each node's queue, bottom up: it runs after the key (and
        the key's bubbling to that node), so at the top the key has been handled."""
        while path:
            node = path.pop(0)
            if node.call_later(self._follow, path):
                return
        self._in_flight = False
        self._app.call_later(self._next)


class KeysInOrder:
    """For an App class (first among its bases): its keys go through a KeyOrder, so
    the keys typed right after one that opens a form reach the form, in order."""

    _key_order: KeyOrder

    @property
    def key_order(self) -> KeyOrder:
        if not hasattr(self, "_key_order"):  # the App's __init__ is not ours to extend
            app: Any = self
            self._key_order = KeyOrder(app, super().on_event)  # type: ignore[misc]
        return self._key_order

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_order.arrived(event)
        else:
            await super().on_event(event)  # type: ignore[misc]


def hold_keys(app: App[object]) -> None:
    """The key being handled opens a screen (or the app is opening): keep the next keys
    for it."""
    if isinstance(app, KeysInOrder):
        app.key_order.hold()


def release_keys(app: App[object]) -> None:
    """The screen the keys were kept for is focused, or none opens after all."""
    if isinstance(app, KeysInOrder):
        app.key_order.release()

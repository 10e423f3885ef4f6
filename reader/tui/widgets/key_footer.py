"""Textual's Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """The reading screen's footer.

    Textual's Footer removes and mounts all its keys again whenever its screen's focus
    or screen stack changes, even when the keys stay the same: on the reader screen
    that is 50-100 ms of the UI thread (measured on the 1,000,000-character page), and
    it came twice between `f` and the attribute form (once for the focus, once behind
    the form as it opened). This one rebuilds only when what `Footer.compose` reads
    has changed.
    """

    _shown: object = None

    def _keys_shown(self) -> object:
        """Everything `Footer.compose` draws from: the shown bindings of the screen (with
        their enabled state and tooltip), how each key is displayed, and the palette key."""
        app = self.app
        active = self.screen.active_bindings
        palette = app.ENABLE_COMMAND_PALETTE and self.show_command_palette
        return tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in active.items()
            if binding.show or (palette and key == app.COMMAND_PALETTE_BINDING)
        )

    async def recompose(self) -> None:
        shown = self._keys_shown()
        if shown == self._shown and self.children:
            return
        self._shown = shown
        await super().recompose()

"""Copying text: the system clipboard when there is one, the terminal's otherwise."""

from __future__ import annotations

from collections.abc import Callable


def copy_text(text: str, terminal_copy: Callable[[str], None]) -> str:
    """Copy ``text`` and say how it was copied.

    pyperclip needs xclip/xsel/wl-clipboard and a display; CI machines and ssh
    sessions have neither, and pyperclip then raises. The fallback is the terminal's
    own clipboard (OSC 52, via Textual's ``App.copy_to_clipboard``), which most
    terminals honour, tmux included when set-clipboard is on.
    """
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception as exc:  # PyperclipException, or a clipboard program that failed
        terminal_copy(text)
        return f"via the terminal (OSC 52): no system clipboard ({type(exc).__name__})"
    return "to the system clipboard"

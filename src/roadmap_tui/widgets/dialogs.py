"""Small modal dialogs: a validated one-line input, and a pick-one list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

T = TypeVar("T")

#: Turns the typed text into a value, or raises ValueError with a message to show.
Parser = Callable[[str], T]


class InputDialog(ModalScreen[T | None], Generic[T]):
    """Ask for one value; enter accepts it if ``parse`` does, escape cancels.

    Enter on the text as it was shown is a cancel too: a dialog submitted unchanged must write
    nothing (parsing would strip a note's trailing newline and spaces and rewrite it).
    """

    DEFAULT_CSS = """
    InputDialog > Vertical {
        width: 60; max-width: 95%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    InputDialog #error { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, value: str, parse: Parser[T], hint: str = "") -> None:
        super().__init__()
        self._prompt = prompt
        self._value = value
        self._parse = parse
        self._hint = hint
        self._as_shown = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self._prompt, style="bold"))
            yield Input(value=self._value, id="value")
            yield Label(Text(self._hint, style="italic"), id="hint")
            yield Label("", id="error")

    def on_mount(self) -> None:
        # What the field holds once shown (an Input may not hold every character given).
        self._as_shown = self.query_one(Input).value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value == self._as_shown:
            self.dismiss(None)
            return
        try:
            value = self._parse(event.value)
        except ValueError as error:
            self.query_one("#error", Label).update(Text(str(error)))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[T | None], Generic[T]):
    """Pick one of a few values with the arrows and enter; escape cancels."""

    DEFAULT_CSS = """
    ChoiceDialog > Vertical {
        width: 40; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    ChoiceDialog OptionList { height: auto; max-height: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, choices: Sequence[tuple[Text, T]], current: int = 0) -> None:
        super().__init__()
        self._prompt = prompt
        self._choices = list(choices)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self._prompt, style="bold"))
            yield OptionList(*(Option(label) for label, _ in self._choices), id="choices")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self._current
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._choices[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)

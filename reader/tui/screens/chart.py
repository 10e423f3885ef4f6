"""Charts over the index: events per day, or one counted noun + unit over time.

A figure's date is the date of the event that holds it (reader/corpus/records.py);
only full dates with a year count, so 3月7日 of two years never share a point, and
the title says how many were left out for that. s switches what is charted: tags and
suggestions (a suggestion over a tag is the tag's, counted once), tags only, or
suggestions only. The scale is linear with each bar's value written above it (counts
get whole-number ticks), so a day of 1 beside a day of 100 still reads as 1 (a log
scale would make the bars' heights lie about their ratio). left/right pick a point,
enter lists its spans, enter on one opens it, y copies the series as TSV.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from reader.session.state import plural
from reader.session.values import Entry, printable
from reader.session.views import CorpusViews
from reader.tui.clipboard import copy_text
from reader.tui.numbers import exact_number, plain_number, short_number

# Rows and columns of the plot widget that are not the plotting area: title, axes, ticks.
PLOT_FRAME_ROWS = 4
PLOT_FRAME_COLUMNS = 8
SOURCES = {"both": "tags and suggestions", "tagged": "tags only", "suggested": "suggestions only"}
ORDER = tuple(SOURCES)


def integer_ticks(top: float, rows: int) -> list[int]:
    """Whole-number ticks from 0 to ``top``, in steps of 1, 2, 5, 10, 20, 50 …, with at
    most one tick every other row (a tick on every row runs the labels together)."""
    most = max(2, rows // 2)
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if top / step <= most:
                return list(range(0, int(top) + 1, step))
        scale *= 10


class ChartScreen(Screen[Entry | None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="close_chart"),
        Binding("left", "point(-1)", "Earlier point", id="chart_left"),
        Binding("right", "point(1)", "Later point", id="chart_right"),
        Binding("enter", "spans", "Spans of the point", id="chart_spans"),
        Binding("y", "copy_tsv", "Copy series TSV", id="chart_tsv"),
        Binding("s", "source", "Tags / suggestions / both", id="chart_source"),
    ]

    def __init__(self, index: CorpusViews, figure: tuple[str, str] | None = None) -> None:
        """``figure``: (counted noun, unit) to chart; None charts events per day."""
        super().__init__()
        self.index = index
        self.figure = figure
        self.origin = "both"
        self.series: list[tuple[str, float, int]] = []
        self.left_out = 0
        self.what = ""
        self.load()
        self.spans: list[Entry] = []

    def load(self) -> None:
        shown = SOURCES[self.origin]
        if self.figure is None:
            self.series = [(d, float(n), n) for d, n in self.index.events_per_day(self.origin)]
            self.left_out = self.index.left_out(self.origin)
            self.what = f"events per day ({shown})"
        else:
            self.series = [
                (d, float(v), n) for d, v, n in self.index.figure_series(*self.figure, self.origin)
            ]
            self.left_out = self.index.left_out(self.origin, self.figure)
            self.what = f"{self.figure[0]} ({self.figure[1] or 'no unit'}) by date: sum of values ({shown})"
        self.point = len(self.series) - 1

    def action_source(self) -> None:
        """s: both → tags → suggestions → both."""
        self.origin = ORDER[(ORDER.index(self.origin) + 1) % len(ORDER)]
        self.load()
        self.draw()

    def compose(self) -> ComposeResult:
        with Vertical(classes="view-box"):
            yield Label("", id="chart-title", classes="panel-title")
            yield PlotextPlot(id="chart-plot")

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        self.show_title()
        # The plot's rows are known once the title above it has taken its lines.
        self.call_after_refresh(self.plot)

    def plot(self) -> None:
        widget = self.query_one(PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        if self.series:
            xs = list(range(len(self.series)))
            values = [v for _, v, _ in self.series]
            top = max(max(values), 1.0)
            rows = max(4, widget.size.height - PLOT_FRAME_ROWS)
            row = top / rows
            # Headroom above the tallest bar for its value: plotext rounds bars and text to
            # rows, so the label goes a row and a half above a bar's top to clear it.
            plt.ylim(0, top + 2.5 * row)
            plt.bar(xs, values)
            if all(v == int(v) for v in values):  # counts: 1.5 events is no tick to read
                ticks = integer_ticks(top, rows)
                plt.yticks(ticks, [short_number(t) for t in ticks])
            # The scale stays linear, so bars compare truly; the value written above each bar
            # is what makes a bar of 1 beside one of 100 readable (plotext draws both from
            # the bottom row, a 1 and a 3 alike). Where the bars are too narrow for every
            # label, the chosen point's and the tallest one's are written.
            width = max(1, widget.size.width - PLOT_FRAME_COLUMNS)
            labels = [short_number(v) for v in values]
            room = width // len(xs) > max(len(t) for t in labels)
            tallest = values.index(max(values))
            for x, (value, label) in enumerate(zip(values, labels, strict=True)):
                if room or x in (self.point, tallest):
                    plt.text(label, x, value + 1.5 * row, alignment="center")
            step = max(1, len(xs) // 8)
            plt.xticks(xs[::step], [d for d, _, _ in self.series][::step])
            plt.vline(self.point, "red")
            plt.xlim(-0.5, len(xs) - 0.5)  # no empty band right of the last bar
        plt.title(self.what)
        widget.refresh()

    def show_title(self) -> None:
        if self.series:
            date, value, n = self.series[self.point]
            where = f"{date}: {exact_number(value)}" + ("" if self.figure is None else f" ({n} figures)")
        else:
            where = "no dated points (only dates with a known year are charted)"
        # Whatever s shows (tags, suggestions or both), what could not be placed is said.
        left = (
            f" {self.left_out} {'event' if self.figure is None else 'figure'}(s) left out:"
            " no full date (year or day unknown)."
            if self.left_out
            else ""
        )
        keys = "←/→ point · enter spans · s source · y TSV · esc"
        self.query_one("#chart-title", Label).update(
            f"{self.what}, {plural(len(self.series), 'date')}. {where}.{left} {keys}"
        )

    def on_resize(self) -> None:
        # The labels' row and the ticks' spacing follow the plot's size.
        self.call_after_refresh(self.plot)

    def action_point(self, delta: int) -> None:
        if self.series:
            self.point = max(0, min(len(self.series) - 1, self.point + delta))
            self.draw()

    def action_spans(self) -> None:
        if not self.series:
            return
        # Mounted on the first enter: a list there from the start would take the focus,
        # and with it ←, → and enter.
        found = self.query(OptionList)
        spans = found.first() if found else OptionList(id="chart-spans")
        if not found:
            self.query_one(".view-box").mount(spans)
        date = self.series[self.point][0]
        if self.figure is None:
            self.spans = self.index.entries_on(date, "event")
        else:
            self.spans = self.index.entries_on(date, "figure", *self.figure)
        spans.clear_options()
        spans.add_options(Option(self.span_line(e), id=str(n)) for n, e in enumerate(self.spans))
        spans.display = True
        spans.highlighted = 0 if self.spans else None
        spans.focus()

    def span_line(self, entry: Entry) -> Text:
        """Page · title, as the figure table names an article (many pages' first articles
        share a title), then the span on a line of its own."""
        page = entry.ref.page.removesuffix(".txt")[:16]
        span = entry.text.replace("\n", "")[:60]
        head = Text(printable(f"{page} · {self.index.title(entry.ref)}"), style="bold")
        return head + Text("\n  " + printable(span))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.spans[int(event.option.id or 0)])

    def action_close(self) -> None:
        found = self.query(OptionList)
        if found and found.first().display:
            found.first().display = False
            self.set_focus(None)
            return
        self.dismiss(None)

    def tsv(self) -> str:
        head = "date\tevents" if self.figure is None else "date\tsum\tfigures"
        rows = [
            f"{d}\t{n}" if self.figure is None else f"{d}\t{plain_number(v)}\t{n}" for d, v, n in self.series
        ]
        return "\n".join([head, *rows]) + "\n"

    def action_copy_tsv(self) -> None:
        how = copy_text(self.tsv(), self.app.copy_to_clipboard)
        self.notify(f"Copied {len(self.series)} points as TSV {how}", timeout=3)

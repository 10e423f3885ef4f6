"""Numbers as the views write them: for a person (the figure table, a chart's title),
for a bar or a tick, and for a program reading a copied TSV back."""

from __future__ import annotations


def plain_number(value: float) -> str:
    """A number as a program reads it back: whole numbers without a decimal point, never
    in exponent form (6.69987e+09 loses digits)."""
    return str(int(value)) if value == int(value) else repr(value)


def exact_number(value: float) -> str:
    """A number for a person, in full: 6,699,868,100; 2.5; 0.33 (two decimals at most)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def short_number(value: float) -> str:
    """A number for a bar or a tick, in few characters, as Chinese figures are read:
    67亿, 3.2万, 812."""
    for size, unit in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{value / size:.3g}{unit}"
    return f"{value:g}"

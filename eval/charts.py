"""Tiny inline-SVG charts for the HTML report (no script, no external resource)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BAR_COLOUR = "#2f6f9f"
ALL_COLOUR = "#b5542f"


def _fmt(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float | None], *, maximum: float | None = None,
              width: int = 420, row: int = 18) -> str:
    """Horizontal bars, one per label; None is drawn as 'n/a'. The first label is highlighted (the 'all' row)."""
    label_w, value_w = 130, 44
    plot_w = width - label_w - value_w
    top = 22
    height = top + row * len(labels) + 6
    known = [v for v in values if v is not None]
    scale = maximum if maximum is not None else (max(known) if known and max(known) > 0 else 1.0)
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="14" class="chart-title">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values)):
        y = top + i * row
        parts.append(f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end" class="chart-label">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{plot_w}" height="{row - 5}" class="chart-track"/>')
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 12}" class="chart-na">n/a</text>')
            continue
        w = max(0.0, min(1.0, value / scale)) * plot_w
        colour = ALL_COLOUR if i == 0 else BAR_COLOUR
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + plot_w + 4}" y="{y + 12}" class="chart-value">{_fmt(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(title: str, values: Sequence[float], *, bins: int = 12, unit: str = "ms", width: int = 420, height: int = 170) -> str:
    """Vertical histogram of `values` in equal-width bins, with min/max axis labels."""
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="0" y="14" class="chart-title">{escape(title)}</text>',
    ]
    if not values:
        parts.append('<text x="0" y="40" class="chart-na">no data</text></svg>')
        return "".join(parts)
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - low) / span * bins))] += 1
    left, top, bottom = 30, 24, height - 22
    plot_w, plot_h = width - left - 10, bottom - top
    peak = max(counts)
    bar_w = plot_w / bins
    for i, count in enumerate(counts):
        h = plot_h * count / peak if peak else 0
        x = left + i * bar_w
        parts.append(f'<rect x="{x + 1:.1f}" y="{bottom - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{BAR_COLOUR}"><title>{count}</title></rect>')
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{bottom - h - 3:.1f}" text-anchor="middle" class="chart-value">{count}</text>')
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" class="chart-axis"/>')
    parts.append(f'<text x="{left}" y="{height - 6}" class="chart-label">{_fmt(low)} {unit}</text>')
    parts.append(f'<text x="{left + plot_w}" y="{height - 6}" text-anchor="end" class="chart-label">{_fmt(high)} {unit}</text>')
    parts.append("</svg>")
    return "".join(parts)

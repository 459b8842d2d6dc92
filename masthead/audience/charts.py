"""A bar chart of views per day, drawn on the server as SVG: no script, no library, readable in print.

Bars and labels use `currentColor`, so the chart follows the admin's light or dark theme. Each bar has a
<title> (the day and its views) for pointer users; the page also shows the same figures as a table.
"""

import math

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 40
MAX_DAY_LABELS = 8


def nice_step(maximum, ticks=4):
    """A round step (1, 2 or 5 times a power of ten) that gives about `ticks` gridlines up to `maximum`."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return max(1, int(multiple * power))
    return int(10 * power)


def daily_views_chart(points, *, label):
    """SVG markup for [(day, views)], oldest first. `label` names the chart for screen readers."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    peak = max((views for _day, views in points), default=0)
    step = nice_step(peak)
    top_value = max(step, math.ceil(peak / step) * step)

    def y_of(value):
        return TOP + plot_height - plot_height * value / top_value

    def px(number):
        # format_html escapes its arguments into strings, so numbers are formatted before they go in.
        return f"{number:.1f}"

    gridlines = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="currentColor" stroke-opacity="0.2"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="currentColor">{}</text>',
        (
            (
                LEFT,
                WIDTH - RIGHT,
                px(y_of(value)),
                px(y_of(value)),
                LEFT - 6,
                px(y_of(value) + 4),
                number_format(value, force_grouping=True),
            )
            for value in range(0, top_value + 1, step)
        ),
    )
    slot = plot_width / max(len(points), 1)
    bar_width = max(1.0, slot * 0.8)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="currentColor" fill-opacity="0.75">'
        "<title>{}: {}</title></rect>",
        (
            (
                px(LEFT + index * slot + (slot - bar_width) / 2),
                px(y_of(views)),
                px(bar_width),
                px(TOP + plot_height - y_of(views)),
                date_format(day, "SHORT_DATE_FORMAT"),
                number_format(views, force_grouping=True),
            )
            for index, (day, views) in enumerate(points)
        ),
    )
    every = max(1, math.ceil(len(points) / MAX_DAY_LABELS))
    day_labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="currentColor">{}</text>',
        (
            (px(LEFT + index * slot + slot / 2), HEIGHT - BOTTOM + 16, date_format(day, "M j"))
            for index, (day, _views) in enumerate(points)
            if index % every == 0
        ),
    )
    return format_html(
        '<svg class="audience-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" style="max-width:{}px">{}{}{}'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="currentColor"/></svg>',
        WIDTH,
        HEIGHT,
        label,
        WIDTH,
        gridlines,
        bars,
        day_labels,
        LEFT,
        WIDTH - RIGHT,
        TOP + plot_height,
        TOP + plot_height,
    )

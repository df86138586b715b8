"""Charts drawn on the server: one description, drawn as SVG for the page and on the PDF's pages.

No JavaScript and no CDN: a chart is a ``Chart`` (bars or lines over labelled points), turned
into an inline ``<svg>`` by ``svg`` and drawn with fpdf2's shapes by ``draw_pdf``.
"""

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import mark_safe

from kernel import rates

PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"]


@dataclass
class Series:
    name: str
    values: list  # numbers or None (no value)


@dataclass
class Chart:
    kind: str  # "bar" or "line"
    title: str
    labels: list
    series: list = field(default_factory=list)
    unit: str = ""
    top: float | None = None  # e.g. 100 for rates
    slug: str = ""

    @property
    def peak(self):
        values = [v for s in self.series for v in s.values if v is not None]
        peak = max(values, default=0)
        if self.top is not None:
            return self.top
        if all(float(v).is_integer() for v in values):  # counts: a scale of whole quarters
            return max(4, _nice(peak / 4) * 4) if peak > 4 else 4
        return _nice(peak)

    @property
    def svg(self):
        return svg(self)

    @property
    def empty(self):
        return not any(v is not None for s in self.series for v in s.values)


def _nice(value):
    """A round number at or above ``value`` for the top of the scale."""
    if value <= 0:
        return 1
    step = 1
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def _fmt(value):
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value)}"


def _value(value, unit):
    """A value with its unit; a rate written as every rate of ClubOps is (``kernel.rates.percent``)."""
    return rates.percent(value) if unit == "%" else f"{_fmt(value)}{unit}"


# --- SVG ----------------------------------------------------------------------------------------

W, H = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 30, 56
LINE = 15  # a second line of a label under its point


def svg(chart):
    """The chart as an inline, responsive ``<svg>`` (safe to put in a template)."""
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    peak = chart.peak
    count = max(len(chart.labels), 1)
    slot = plot_w / count
    label_lines = [_label_lines(str(label), slot) for label in chart.labels]
    extra = LINE * (max((len(lines) for lines in label_lines), default=1) - 1)  # labels on more lines: taller
    out = [
        f'<svg class="report-chart" width="100%" viewBox="0 0 {W} {H + extra}" role="img" aria-label="{escape(chart.title)}" '
        f'xmlns="http://www.w3.org/2000/svg" data-chart="{escape(chart.slug)}" font-size="14">',
        f"<title>{escape(chart.title)}</title>",
        f'<text x="{LEFT}" y="18" font-weight="bold" font-size="16">{escape(chart.title)}</text>',
    ]
    for n in range(5):
        y = TOP + plot_h - plot_h * n / 4
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6"/>')
        out.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#6c757d">'
                   f'{escape(_value(peak * n / 4, chart.unit))}</text>')
    for i, lines in enumerate(label_lines):
        x = LEFT + slot * (i + 0.5)
        spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        out.append(f'<text data-axis="x" x="{x:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" fill="#495057">'
                   f'{spans}</text>')
    if chart.empty:
        out.append(f'<text x="{W / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" fill="#6c757d">–</text>')
    elif chart.kind == "bar":
        groups = max(len(chart.series), 1)
        bar = slot * 0.8 / groups
        for s_i, series in enumerate(chart.series):
            colour = PALETTE[s_i % len(PALETTE)]
            for i, value in enumerate(series.values):
                if value is None:
                    continue
                h = plot_h * min(value, peak) / peak if peak else 0
                x = LEFT + slot * i + slot * 0.1 + bar * s_i
                out.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                           f'fill="{colour}"><title>{escape(series.name)} {escape(str(chart.labels[i]))}: '
                           f'{escape(_value(value, chart.unit))}</title></rect>')
    else:
        for s_i, series in enumerate(chart.series):
            colour = PALETTE[s_i % len(PALETTE)]
            points = []
            for i, value in enumerate(series.values):
                if value is None:
                    if len(points) > 1:
                        out.append(_polyline(points, colour))
                    points = []
                    continue
                x = LEFT + slot * (i + 0.5)
                y = TOP + plot_h - plot_h * min(value, peak) / peak
                points.append((x, y))
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(series.name)} '
                           f'{escape(str(chart.labels[i]))}: {escape(_value(value, chart.unit))}</title></circle>')
            if len(points) > 1:
                out.append(_polyline(points, colour))
    x = LEFT
    y = H + extra - 14
    for s_i, series in enumerate(chart.series):
        colour = PALETTE[s_i % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{y}">{escape(series.name)}</text>')
        x += 24 + 8 * len(series.name) * (2 if any(ord(ch) > 0x2E80 for ch in series.name) else 1)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _text_width(text, size=14):
    """About how wide ``text`` is drawn at ``size``: a Chinese character is about as wide as it is high, a
    Latin letter or digit about 0.6 of that."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def _label_lines(label, slot):
    """The label under a point, in as many lines as it needs to fit its slot: broken between words when it has
    spaces, else between characters (a Chinese label), and a word too long for the slot between its letters."""
    room = slot - 6
    if _text_width(label) <= room:
        return [label]
    tokens = []
    for word in label.split() if " " in label.strip() else list(label):
        tokens += [word] if _text_width(word) <= room else list(word)
    joiner = " " if " " in label.strip() else ""
    lines = [""]
    for token in tokens:
        candidate = f"{lines[-1]}{joiner}{token}" if lines[-1] else token
        if _text_width(candidate) <= room or not lines[-1]:
            lines[-1] = candidate
        else:
            lines.append(token)
    if not joiner and len(lines) > 1:  # characters: lines of even length (保健部 / 经理, not 保健部经 / 理)
        per = -(-len(tokens) // len(lines))
        lines = ["".join(tokens[n:n + per]) for n in range(0, len(tokens), per)]
    return lines


def _polyline(points, colour):
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>'


def sparkline(values, *, width=96, height=22):
    """A small trend line of ``values`` (None: no value) as inline SVG."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1
    step = width / max(len(values) - 1, 1)
    points = [
        f"{i * step:.1f},{height - 2 - (height - 4) * (v - low) / span:.1f}" for i, v in enumerate(values) if v is not None
    ]
    last_x, last_y = points[-1].split(",")
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#0d6efd" stroke-width="1.5"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="#0d6efd"/></svg>'
    )


# --- PDF ----------------------------------------------------------------------------------------


def _rgb(colour):
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def draw_pdf(pdf, chart, x, y, w, h, text):
    """Draw ``chart`` on the fpdf2 page in the box (x, y, w, h) in mm; ``text(s)`` makes text safe for the font."""
    left, right, top, bottom = 14, 4, 9, 16
    plot_w, plot_h = w - left - right, h - top - bottom
    peak = chart.peak
    pdf.set_font(size=10, style="B")
    pdf.set_xy(x, y)
    pdf.cell(w, 6, text(chart.title))
    pdf.set_font(size=6.5, style="")
    pdf.set_draw_color(222, 226, 230)
    for n in range(5):
        yy = y + top + plot_h - plot_h * n / 4
        pdf.line(x + left, yy, x + w - right, yy)
        pdf.set_xy(x, yy - 1.5)
        pdf.cell(left - 1, 3, _value(peak * n / 4, chart.unit), align="R")
    count = max(len(chart.labels), 1)
    slot = plot_w / count
    for i, label in enumerate(chart.labels):
        pdf.set_xy(x + left + slot * i, y + top + plot_h + 1)
        pdf.cell(slot, 3, text(str(label)), align="C")
    if chart.kind == "bar":
        groups = max(len(chart.series), 1)
        bar = slot * 0.8 / groups
        for s_i, series in enumerate(chart.series):
            pdf.set_fill_color(*_rgb(PALETTE[s_i % len(PALETTE)]))
            for i, value in enumerate(series.values):
                if value is None or not peak:
                    continue
                bh = plot_h * min(value, peak) / peak
                if bh > 0:
                    pdf.rect(x + left + slot * i + slot * 0.1 + bar * s_i, y + top + plot_h - bh, bar, bh, style="F")
    else:
        pdf.set_line_width(0.5)
        for s_i, series in enumerate(chart.series):
            colour = _rgb(PALETTE[s_i % len(PALETTE)])
            pdf.set_draw_color(*colour)
            pdf.set_fill_color(*colour)
            points = []
            for i, value in enumerate(series.values + [None]):
                if value is None:
                    if len(points) > 1:
                        pdf.polyline(points)
                    points = []
                    continue
                px = x + left + slot * (i + 0.5)
                py = y + top + plot_h - plot_h * min(value, peak) / peak
                points.append((px, py))
                pdf.circle(x=px, y=py, radius=0.7, style="F")
        pdf.set_line_width(0.2)
    lx, ly = x + left, y + h - 6
    pdf.set_font(size=7)
    for s_i, series in enumerate(chart.series):
        pdf.set_fill_color(*_rgb(PALETTE[s_i % len(PALETTE)]))
        pdf.rect(lx, ly + 0.8, 2.5, 2.5, style="F")
        pdf.set_xy(lx + 3, ly)
        name = text(series.name)
        width = pdf.get_string_width(name) + 2
        pdf.cell(width, 4, name)
        lx += width + 6
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)

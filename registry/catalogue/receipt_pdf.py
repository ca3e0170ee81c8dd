"""A due-diligence receipt as a PDF (fpdf2): the same facts as the page, the
canonical text and its SHA-256. Arabic titles are shaped (uharfbuzz) in a font
that has Arabic letters (DejaVu Sans, or RECEIPT_FONT); without such a font they
are left out of the PDF's list and stay in the canonical text."""

import contextlib
import logging
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

# fontTools reports every glyph of the subset it embeds at INFO: not our news.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
]


def _font():
    wanted = getattr(settings, "RECEIPT_FONT", "") or ""
    for path in [wanted, *FONTS]:
        if path and Path(path).is_file():
            return path
    return None


def receipt_pdf(receipt, canonical, digest):
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    font = _font()
    if font:
        pdf.add_font("Receipt", "", font)
        pdf.set_font("Receipt", size=10)
        # Without uharfbuzz, Arabic stays unshaped but the PDF is still made.
        with contextlib.suppress(ImportError, Exception):
            pdf.set_text_shaping(True)
    else:
        pdf.set_font("Helvetica", size=10)

    def text(value):
        value = str(value)
        if font:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def line(value, size=10, height=6):
        pdf.set_font_size(size)
        pdf.multi_cell(0, height, text(value), new_x="LMARGIN", new_y="NEXT")

    line("Due-diligence search receipt", size=16, height=9)
    line(f"Registry: {receipt['registry']}")
    line(f"Searched: cultural objects, {receipt['searched']}")
    line(f"Time (UTC): {receipt['time_utc']}")
    line(f"Data version: {receipt['data_version']}")
    criteria = "; ".join(f"{name} = {value}" for name, value in receipt["criteria"])
    line(f"Criteria: {criteria or 'none (every public object)'}")
    line(f"Result: {receipt['result']}", size=12, height=8)
    for match in receipt["matches"]:
        title = match["title"] or (match["title_ar"] if font else "")
        maker = f" — {match['maker']}" if match.get("maker") else ""
        line(f"{match['id']}  {title}{maker}", size=9, height=5)
    if receipt["match_count"] > receipt["matches_listed"]:
        line(f"(first {receipt['matches_listed']} listed)", size=9)
    pdf.ln(4)
    line(f"SHA-256: {digest}", size=10)
    line("of this canonical text (UTF-8):", size=9)
    line(canonical, size=7, height=4)
    return bytes(pdf.output())

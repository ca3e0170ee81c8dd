"""A dossier's report as a PDF (fpdf2): the version of each record it holds, in
English or in Arabic (right to left, shaped by uharfbuzz in DejaVu Sans: the
font the receipts use, ``receipt_pdf``). The same rows as the version's page
(``registry.publishing.documents.layout``), so the PDF says what the page says.

The PDF is made the same way every time for the same version (its creation date
is the version's), so that a dossier's manifest does not change between two
downloads of an unchanged record.
"""

import contextlib
import re

from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from registry.catalogue.layout import layout
from registry.catalogue.receipt_pdf import _font
from registry.publishing.documents import KIND_BY_CODE

INDENT = 6

# Text in these ranges (Latin letters with their accents, general punctuation,
# currency signs) is laid out one glyph after another, left to right: it needs no
# shaping engine. Shaping it anyway costs a harfbuzz call per character while fpdf2
# breaks lines, and writes every glyph with its own offset.
PLAIN = re.compile(r"[\u0000-\u024f\u2000-\u206f\u20a0-\u20cf]*\Z")


def plain(value):
    """Whether ``value`` is laid out correctly without a shaping engine."""
    return PLAIN.match(value) is not None


def _writer(arabic):
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    font = _font()
    if font:
        pdf.add_font("Dossier", "", font)
        pdf.set_font("Dossier", size=10)
        with contextlib.suppress(ImportError, Exception):
            if arabic:
                pdf.set_text_shaping(
                    use_shaping_engine=True,
                    direction="rtl",
                    script="arab",
                    language="ara",
                )
            else:
                pdf.set_text_shaping(True)
    else:  # no font with Arabic letters: Latin only (Arabic text left out)
        pdf.set_font("Helvetica", size=10)
    return pdf, bool(font)


def dossier_pdf(sections, *, language, moment, summary=""):
    """The report of a dossier as a PDF in ``language``: one part per record
    (``sections``: each a version's public document with its ``title``,
    ``note``, ``cite`` and ``url`` in that language), each from a new page;
    ``summary``: a line under the heading (what a search's dossier holds)."""
    arabic = language.startswith("ar")
    with translation.override(language):
        pdf, unicode_font = _writer(arabic)
        pdf.set_creation_date(moment)
        first = sections[0]["document"] if sections else None
        if len(sections) == 1:
            pdf.set_title(f"{first['type']} {first['id']} v{first['version']}")
        else:
            pdf.set_title(_("Heritage damage registry — dossier"))
        pdf.set_producer("Heritage damage registry")
        align = "R" if arabic else "L"

        def text(value):
            value = str(value)
            if unicode_font:
                return value
            return value.encode("latin-1", "replace").decode("latin-1")

        def line(value, size=10, height=5.5, indent=0, ltr=False):
            """A paragraph; ``ltr``: a line of Latin letters only (an address, a
            hash), laid out left to right even on an Arabic page."""
            if ltr and arabic:
                pdf.set_text_shaping(False)
                pdf.set_font_size(size)
                pdf.set_x(pdf.l_margin)
                pdf.multi_cell(
                    0, height, text(value), align="L", new_x="LMARGIN", new_y="NEXT"
                )
                pdf.set_text_shaping(
                    use_shaping_engine=True,
                    direction="rtl",
                    script="arab",
                    language="ara",
                )
                return
            pdf.set_font_size(size)
            if unicode_font and not arabic:
                # An English paragraph runs left to right, even where it starts
                # with an Arabic name ("6. تدمر (ar)").
                pdf.set_text_shaping(
                    use_shaping_engine=not plain(value), direction="ltr"
                )
            if arabic:
                pdf.set_right_margin(15 + indent)
            else:
                pdf.set_left_margin(15 + indent)
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(
                0, height, text(value), align=align, new_x="LMARGIN", new_y="NEXT"
            )
            pdf.set_left_margin(15)
            pdf.set_right_margin(15)

        def rows(items, indent=0):
            for row in items:
                if not row.items:
                    line(f"{row.label}: {row.text}", indent=indent)
                    continue
                line(f"{row.label}:", indent=indent)
                for number, item in enumerate(row.items, start=1):
                    first, *rest = item
                    # A one-line item (a name, a source) without its label.
                    shown = first.text if not rest else f"{first.label}: {first.text}"
                    line(f"{number}. {shown}", size=9, indent=indent + INDENT)
                    rows(rest, indent + 2 * INDENT)

        line(_("Heritage damage registry — dossier"), size=16, height=9)
        if summary:
            line(summary, size=9, height=5)
        for index, section in enumerate(sections):
            document = section["document"]
            kind = KIND_BY_CODE[document["type"]]
            since = section.get("moment") or moment
            if index:
                pdf.add_page()
            line(f"{kind.singular}: {section['title']}", size=13, height=8)
            line(
                _("Version %(number)s of the record") % {"number": document["version"]},
                size=11,
                height=7,
            )
            line(document["id"], size=10, ltr=True)
            line(
                f"{_('Public since')}: "
                f"{formats.date_format(since, 'DATETIME_FORMAT')} UTC"
            )
            line(f"{_('Change note')}: {section['note']}")
            pdf.ln(2)
            line(
                _(
                    "Shown as today's protection rules allow: anything protected "
                    "since this version was published (a location, a person's name, "
                    "a source, a record withdrawn since) is left out."
                ),
                size=8,
                height=4.5,
            )
            pdf.ln(2)
            rows(layout(document))
            pdf.ln(4)
            line(_("Cite this version"), size=11, height=7)
            line(section["cite"], size=9, height=5)
            line(section["url"], size=9, height=5, ltr=True)
            pdf.ln(2)
            line(f"{_('SHA-256 of this version as served')}:", size=9)
            line(document["sha256"], size=9, ltr=True)
        return bytes(pdf.output())

"""A finished plan as a PDF the user can save or print (fpdf2): the same words as its card.

The text is the user's own, in any script and with emoji, so a Unicode font is embedded:
DejaVu Sans, which matplotlib (installed with Rasa) ships. Without it, characters the PDF's
built-in font cannot show are replaced, and the words are otherwise kept.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from bot.content.plans import PlanGuide, items_of

_FONT = "DejaVu"


def _unicode_font() -> Path | None:
    try:
        import matplotlib
    except ImportError:
        return None
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    return path if path.is_file() else None


def render_plan_pdf(guide: PlanGuide, answers: dict[str, str]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    font = _unicode_font()
    if font is not None:
        pdf.add_font(_FONT, fname=str(font))
        family, fit = _FONT, str
    else:
        family = "Helvetica"

        def fit(text: str) -> str:
            return text.encode("latin-1", "replace").decode("latin-1")

    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(family, size=18)
    pdf.multi_cell(width, 10, fit(guide.card.title), new_x="LMARGIN", new_y="NEXT")
    for step in guide.steps:
        pdf.ln(3)
        pdf.set_font(family, size=13)
        pdf.multi_cell(width, 8, fit(step.heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=11)
        items = items_of(answers.get(step.slot) or "") or [guide.card.skipped]
        for item in items:
            pdf.multi_cell(width, 6, fit(f"• {item}" if item != guide.card.skipped else item),
                           new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(family, size=9)
    pdf.multi_cell(width, 5, fit(guide.card.footer), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())

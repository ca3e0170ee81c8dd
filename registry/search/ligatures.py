"""Arabic text extracted from PDFs, repaired for search (never in the stored text).

PDF catalogues draw lam-alef as one ligature; text extraction often writes its two
letters the wrong way round, alef first: "باإلضافة" for "بالإضافة", "األثرية" for
"الأثرية". Presentation forms ("اﻹسﻼمي") are the other common damage; NFKC, which
``fold`` applies, turns them back into letters. ``repair_arabic`` undoes the swap
so that both spellings fold to the same search text.
"""

import re
import unicodedata

# The article's alef, then the swapped pair: "اإل" for "الإ" (and أ, آ).
_SWAPPED_LAM_ALEF = re.compile("ا([أإآ])ل")
# At a word's start, "اال" for "الا" ("االرتفاع" for "الارتفاع"): no Arabic word
# begins with two alefs, so this cannot damage a sound word.
_SWAPPED_BARE = re.compile(r"(?<![\u0600-\u06ff])اال(?=[\u0600-\u06ff])")


def repair_arabic(text):
    """``text`` with presentation forms and swapped lam-alef ligatures undone."""
    if not text:
        return text or ""
    text = unicodedata.normalize("NFKC", str(text))
    text = _SWAPPED_LAM_ALEF.sub(r"ال\1", text)
    return _SWAPPED_BARE.sub("الا", text)


def fold_lam_alef(folded):
    """One order for lam and alef inside a folded text: the ligature's swap inside a
    word ("اإلسالم") cannot be told from a sound word, so both sides of a comparison
    are given the same order instead (used for the inscription search)."""
    return folded.replace("لا", "ال")

"""Same-length text normalisation for matching, and sentence bounds.

`normalise(text)` returns a string of EXACTLY the same length as `text`, each
character mapped 1:1, so an offset found in the normalised copy is the offset of
the same character in the original (facts always quote the original text).

What it maps (one `str.translate` table, built once):
  * traditional -> simplified Chinese, single-character entries of OpenCC's
    `TSCharacters.txt` (first candidate; multi-character phrase rules are never
    used, so offsets never shift): 雙隨機、一公開 -> 双随机、一公开. Characters that are
    also standard simplified characters in a place name are kept (乾 in 乾县, 乾安县 is
    not turned into 干);
  * full-width ASCII U+FF01..U+FF5E -> ASCII, ideographic space U+3000, NBSP and
    other odd spaces -> " ": （）,：；！？％ -> ( ) , : ; ! ? %;
  * bracket variants used around 文号 years -> ASCII square brackets:
    〔〕 【】 ［］ 〖〗 -> [ ];  〈〉 -> < >;
  * corner quotes (traditional texts) -> Chinese quotes: 「」 -> “”, 『』 -> ‘’;
  * middle-dot variants ・ ‧ ･ • -> ·.
Kept as is: 《》 (titles of cited documents), 、 。 —— … and all line breaks.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["normalise", "sentence_bounds", "SENTENCE_ENDS"]

SENTENCE_ENDS = frozenset("。！？!?;；\n\r")
"""Characters that end a sentence (a sentence includes its terminator)."""

_KEEP = frozenset("乾")  # simplified too, and part of GB/T 2260 names (乾县, 乾安县)

_EXTRA: dict[str, str] = {
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    "\u200b": " ", "\ufeff": " ",
    "〔": "[", "〕": "]", "【": "[", "】": "]", "〖": "[", "〗": "]",
    "〈": "<", "〉": ">",
    "「": "“", "」": "”", "『": "‘", "』": "’",
    "・": "·", "‧": "·", "･": "·", "•": "·",
}


def _opencc_ts_characters() -> dict[str, str]:
    """Single-character traditional -> simplified pairs from OpenCC's TSCharacters.txt."""
    import opencc  # opencc-python-reimplemented ships the dictionary files

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        src, targets = line.split("\t", 1)
        first = targets.split(" ")[0].strip()
        if len(src) == 1 and len(first) == 1 and src != first and src not in _KEEP:
            table[src] = first
    return table


@lru_cache(maxsize=1)
def _table() -> dict[int, int]:
    mapping: dict[str, str] = _opencc_ts_characters()
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII block
        mapping[chr(cp)] = chr(cp - 0xFEE0)
    mapping.update(_EXTRA)
    # full-width brackets map through the block above to [ ]; keep that.
    return {ord(k): ord(v) for k, v in mapping.items()}


def normalise(text: str) -> str:
    """Map `text` 1:1 to its matching form; `len(normalise(t)) == len(t)` always."""
    return text.translate(_table())


def sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """The sentence around `offset` as a half-open range [start, end) of `text`.

    A sentence ends after one of 。！？!?;； or before a line break; leading
    whitespace is skipped, and the terminator is included in the range. An offset
    outside the text is clamped to it.
    """
    n = len(text)
    if n == 0:
        return (0, 0)
    offset = min(max(offset, 0), n - 1)
    start = offset
    # if the offset itself sits on a terminator, it belongs to the sentence it ends
    while start > 0 and text[start - 1] not in SENTENCE_ENDS:
        start -= 1
    end = offset
    while end < n and text[end] not in SENTENCE_ENDS:
        end += 1
    if end < n and text[end] not in "\n\r":
        end += 1
    while start < end and text[start].isspace():
        start += 1
    return (start, end)

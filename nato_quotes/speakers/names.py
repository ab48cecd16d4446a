"""Person names: the words a name is made of, and one key for the spellings of a name.

``name_key`` folds the ways German news writes foreign names — transliterations and
diacritics (Selenskyj / Selenskij / Zelensky, Lawrow / Lavrov, Pérez / Perez) — into one key,
so variants of a name meet without alias lists. It is a normaliser, not a lexicon: it folds
letters that transliteration systems exchange (w/v, z/s, j/y/i, ph/f, c/k), doubled letters
and accents.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex
import simplemma

from ..lexicon import lemma

# lower-case words that stand inside names ("Ursula von der Leyen", "Luiz Inácio Lula da Silva")
ARABIC_ARTICLES = r"(?:al|el|as|ad|ar|at|an|ash|ed|er|es|az)-"  # inside a name: "Abd al-Fattah", "el-Baradei"
PARTICLES = frozenset(["von", "van", "vom", "de", "der", "den", "del", "della", "di", "da", "do", "dos", "du", "le", "la", "ter", "ten", "zu", "bin", "ibn", "al", "el"])
_FOLDS = (("tsch", "c"), ("tch", "c"), ("sch", "s"), ("sh", "s"), ("ch", "k"), ("kh", "k"), ("ph", "f"),
          ("ck", "k"), ("w", "v"), ("z", "s"), ("j", "i"), ("y", "i"), ("c", "k"), ("q", "k"), ("x", "ks"))
_DOUBLE = regex.compile(r"(.)\1+")
def strip_accents(text: str) -> str:
    """ "Pérez" -> "Perez", "Şükrü" -> "Sukru" (ß becomes ss)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    """One key for the spellings of one name word."""
    low = strip_accents(word).casefold().replace("’", "").replace("'", "").replace("`", "")
    for old, new in _FOLDS:
        low = low.replace(old, new)
    low = _DOUBLE.sub(r"\1", low)
    if low.endswith(("ii", "ij")):
        low = low[:-1]
    return low


@lru_cache(maxsize=100_000)
def name_key(name: str) -> tuple[str, ...]:
    """The keys of a name's words, particles left out ("Ursula von der Leyen" -> ("ursula", "leien"))."""
    words = [w for w in name.split() if w.casefold() not in PARTICLES] or name.split()
    return tuple(word_key(w) for w in words)


def surname_key(name: str) -> str:
    """Key of the last word of a name (hyphenated surnames count whole: "Müller-Piepenkötter")."""
    keys = name_key(name)
    return keys[-1] if keys else ""


def genitive_base(word: str) -> str | None:
    """ "Merkels" -> "Merkel", "Strauss-Kahns" -> "Strauss-Kahn"; None when it is no genitive form."""
    for ending in ("’s", "'s", "s", "’", "'"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)]
    return None


def compatible(a: str, b: str) -> bool:
    """Can two written names be the same person? Same surname key, and the first names agree
    (or one side has none): "Barack Obama" ~ "Obama", "George Bush" ~ "George W. Bush"."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb or ka[-1] != kb[-1]:
        return False
    return len(ka) == 1 or len(kb) == 1 or ka[0] == kb[0] or _initial_match(ka[0], kb[0])


def _initial_match(a: str, b: str) -> bool:
    """ "W." ~ "Walker": an initial agrees with the word it abbreviates."""
    a, b = a.rstrip("."), b.rstrip(".")
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


_NOUN_SUFFIXES = ("ung", "ungen", "heit", "keit", "schaft", "tion", "tät", "ismus", "nis", "tum", "ment", "ium", "enz",
                  "anz", "woche", "gesetz")


def looks_common_noun(word: str) -> bool:
    """A capitalised word that reads as a common noun, not a name: a derivational noun ending
    ("Verlängerung", "Betriebsblindheit") or an inflected form of a known noun ("Waffenstillstandes")."""
    low = word.casefold()
    if len(low) > 5 and low.endswith(_NOUN_SUFFIXES):
        return True
    base = lemma(word)
    return base != word and base[:1].isupper() and not word.endswith(("s", "’", "'"))


def known_lower_case_word(word: str) -> bool:
    """ "Zwölf", "Weiße", "Sieben": the lower-case form is a German adjective, number or verb."""
    low = word.casefold()
    return simplemma.is_known(low, lang="de") and lemma(low)[:1].islower()

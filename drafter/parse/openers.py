"""Opening words of preambular and operative paragraphs (the words set in italics).

Preambular paragraphs open with a participle or adjective (``Reaffirming``, ``Recalling also``,
``Bearing in mind``, ``Deeply concerned``); operative paragraphs with a verb in the present tense
(``Reaffirms``, ``Calls upon``, ``Also decides``, ``Takes note``). Where a source marks the
opening words (Markdown ``*...*``, Word italics) that wins; otherwise these rules find them.
"""

from __future__ import annotations

import re

# Words that may follow the main word and stay in italics.
_MODIFIERS = ("also", "further", "furthermore", "moreover", "again", "once again", "in this regard")
# Fixed phrases that continue a participle ("Bearing in mind", "Taking into account").
_PREAMBLE_PHRASES = (
    "in mind",
    "into account",
    "into consideration",
    "note",
    "with appreciation",
    "with deep appreciation",
    "with satisfaction",
    "with concern",
    "with deep concern",
    "with grave concern",
    "with serious concern",
    "with alarm",
    "with regret",
    "with interest",
)
_PREAMBLE_ADJECTIVES = {
    "affirming", "alarmed", "aware", "cognizant", "concerned", "conscious", "convinced",
    "desirous", "determined", "encouraged", "guided", "mindful", "persuaded", "reaffirming",
    "recognizing", "underlining", "welcoming", "acknowledging", "appreciating", "stressing",
    "emphasizing", "noting", "recalling", "bearing", "having", "taking", "keeping",
    "expressing", "considering", "believing", "deploring", "regretting", "confident",
    "committed", "resolved", "seized", "gravely", "deeply", "strongly", "fully", "firmly",
}
_OPERATIVE_PARTICLES = ("upon", "on", "note", "in", "for")
_OPERATIVE_PREFIXES = ("also", "further", "again", "once again", "strongly", "further also")
_OPERATIVE_VERBS = {
    "accepts", "acknowledges", "adopts", "affirms", "appeals", "applauds", "approves",
    "authorizes", "calls", "commends", "condemns", "considers", "decides", "declares",
    "demands", "deplores", "designates", "directs", "emphasizes", "encourages", "endorses",
    "expresses", "invites", "notes", "proclaims", "reaffirms", "recalls", "recognizes",
    "recommends", "regrets", "reiterates", "renews", "requests", "resolves", "stresses",
    "supports", "takes", "underlines", "underscores", "urges", "welcomes", "agrees", "highlights", "insists", "reminds", "rejects", "deems", "confirms",
    "transmits", "determines", "exhorts", "solemnly",
}

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")


def _take_phrase(text: str, pos: int, phrases: tuple[str, ...]) -> int:
    """Position after the longest phrase of ``phrases`` starting at ``pos`` (after one space)."""
    best = pos
    for ph in sorted(phrases, key=len, reverse=True):
        end = pos + 1 + len(ph)
        # " " + phrase, then a word boundary (as r"\b" after a phrase ending in a letter)
        if text.startswith(" " + ph, pos) and not (end < len(text) and _is_word(text[end])):
            best = end
            break
    return best


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def preamble_opening(text: str) -> str:
    """Opening words of a preambular paragraph: ``Recalling also``, ``Bearing in mind``."""
    m = _WORD.match(text)
    if not m or not m.group(0)[0].isupper():
        return ""
    word = m.group(0).lower()
    end = m.end()
    if word.endswith("ly") and word not in ("family",):
        # "Deeply concerned", "Gravely alarmed"
        m2 = re.match(r" ([a-z][a-z\-]*)", text[end:])
        if m2:
            end += m2.end()
    elif not (word.endswith("ing") or word.endswith("ed") or word in _PREAMBLE_ADJECTIVES):
        return ""
    if word == "having":
        # "Having considered", "Having examined", "Having heard": the participle belongs to the opening
        m2 = re.match(r" ([a-z]+(?:ed|en|ard|ead|et|ught)\b)", text[end:])
        if m2:
            end += m2.end()
    end = _take_phrase(text, end, _PREAMBLE_PHRASES)
    while True:
        new = _take_phrase(text, end, _MODIFIERS)
        if new == end:
            break
        end = new
    return text[:end]


def operative_opening(text: str) -> str:
    """Opening words of an operative paragraph: ``Reaffirms``, ``Calls upon``, ``Also decides``."""
    end = 0
    for pre in sorted(_OPERATIVE_PREFIXES, key=len, reverse=True):
        if text.lower().startswith(pre + " "):
            end = len(pre) + 1
            break
    m = _WORD.match(text, end)
    if not m:
        return ""
    verb = m.group(0).lower()
    if verb not in _OPERATIVE_VERBS and not (verb.endswith("s") and len(verb) > 3):
        return ""
    end = m.end()
    if verb in ("calls", "takes", "appeals"):
        end = _take_phrase(text, end, _OPERATIVE_PARTICLES)
    while True:
        new = _take_phrase(text, end, ("also", "further", "again", "once again"))
        if new == end:
            break
        end = new
    opening = text[:end]
    return opening if opening[:1].isupper() else ""



# The words that open preambular paragraphs, for cutting paragraphs that run together on one
# line ("..., Recalling its resolution ..., Noting ..."): a known word only, never any
# capitalised "-ed"/"-ing" word ("United", "Beijing" can follow a comma inside a sentence).
PREAMBLE_OPENERS = frozenset(
    {
        "acknowledging", "affirming", "alarmed", "appreciating", "approving", "aware",
        "bearing", "believing", "cognizant", "commending", "concerned", "conscious",
        "considering", "contemplating", "convinced", "declaring", "deploring", "desiring",
        "desirous", "determined", "emphasizing", "emphasising", "encouraged", "endorsing",
        "expressing", "fulfilling", "guided", "having", "highlighting", "inspired",
        "keeping", "mindful", "noting", "observing", "persuaded", "reaffirming", "realizing",
        "recalling", "recognizing", "recognising", "referring", "regretting", "reiterating",
        "seeking", "stressing", "taking", "underlining", "underscoring", "urging",
        "viewing", "welcoming", "confident", "committed", "resolved", "seized", "acting",
        "reviewing", "accepting", "anxious", "disturbed", "distressed", "gratified",
        "looking", "pointing", "renewing", "condemning", "encouraging", "reminding",
        "sharing", "supporting", "shocked", "troubled", "paying", "respecting", "insisting",
        "cognisant", "realising",
    }
)  # fmt: skip
_ADVERBS = frozenset(
    {"deeply", "gravely", "seriously", "strongly", "fully", "firmly", "profoundly", "further",
     "also", "greatly", "especially", "particularly", "highly", "equally"}
)  # fmt: skip


def opens_preamble(text: str) -> bool:
    """Does ``text`` open with a known preambular opening word (:data:`PREAMBLE_OPENERS`, or
    an adverb before one: "Deeply concerned", "Further recalling"), capitalised?"""
    m = _WORD.match(text)
    if not m or not m.group(0)[:1].isupper():
        return False
    word = m.group(0).lower()
    if word in _ADVERBS:
        m2 = re.match(r" ([a-z][a-z\-]*)", text[m.end() :])
        return bool(m2 and m2.group(1) in PREAMBLE_OPENERS)
    return word in PREAMBLE_OPENERS


_NOT_PARTICIPLES = frozenset({"beijing", "nanjing", "during", "nothing", "anything", "everything", "something"})


def starts_like_preamble(text: str) -> bool:
    """At the start of a hard-wrapped line after a comma: a known opening word
    (:func:`opens_preamble`), or any capitalised participle in -ing ("Commemorating"), but not an
    -ed word or a name ("United Nations", "Beijing Declaration")."""
    if opens_preamble(text):
        return True
    m = _WORD.match(text)
    if not m or not m.group(0)[:1].isupper():
        return False
    word = m.group(0).lower()
    return word.endswith("ing") and len(word) > 5 and word not in _NOT_PARTICIPLES

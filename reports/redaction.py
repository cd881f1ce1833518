"""Finding what a quote should not reveal, and replacing it with a placeholder.

`flags(text)` marks emails, Finnish phone numbers, valid Finnish personal identity codes and
likely names for a person to review; nothing is removed without staff choosing to. Names are
guessed from capitals: a capitalised word inside a sentence that simplemma does not know as an
ordinary Finnish, Swedish or English word (or knows as a proper noun), a capitalised Finnish
surname in -nen, a first name of our own short list, and "Name Surname" pairs. Place names such as
"Hervanta" are flagged too, which is acceptable: a person decides. An ordinary word that merely
starts a sentence is never flagged.
"""

import re
from datetime import date
from functools import cache

import simplemma
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

NAME, PHONE, PERSONAL_ID, EMAIL = "name", "phone", "personal_id", "email"
KINDS = (NAME, PHONE, PERSONAL_ID, EMAIL)

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")

# +358 40 1234567, +358 (0)9 123 456, 040 123 4567, 040-1234567, 09-123 456, (09) 123 4567.
PHONE_RE = re.compile(
    r"""
    (?<![\w+])
    (?:
        \+358[ \t-]?(?:\(0\)[ \t-]?)?[1-9]\d{0,2}   # international prefix and area/operator code
      | \(?0[1-9]\d{0,2}\)?                        # national 0 prefix and area/operator code
    )
    (?:[ \t-]?\d){4,9}
    (?!\w)
    """,
    re.VERBOSE,
)
PHONE_DIGITS_NATIONAL = range(7, 12)  # with the leading 0
PHONE_DIGITS_INTERNATIONAL = range(9, 14)  # with 358

# DDMMYY, the century sign (the 2023 reform added B–F and U–Y), the individual number, the check.
PERSONAL_ID_RE = re.compile(r"(?<![\w+-])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![\w])", re.IGNORECASE)
CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# What may stand between a sentence's end and its first word: spaces, quotes, brackets, dashes.
LEADING = " \t\r\n\u00a0\"'“”„«»‘’([{–—-*•"
SENTENCE_END = ".!?…:;"
LANGS = ("fi", "sv", "en")


def _names(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Common Finnish (and Finland-Swedish) first names, lower-case. Our own short list: simplemma knows
# many of these as ordinary words ("matti", "pekka"), so the dictionary alone would miss them.
FIRST_NAMES = _names(
    """
    aino aila aili aira aleksi aleksanteri alina amanda anja anna anne anneli anni anniina antero
    anti antti ari arja arto atte aune eelis eemeli eero eeva eija eila eino eliisa elina elisa
    elisabet elli ella emilia emma erkki esa esko hanna hannele hannu harri heidi heikki heli helena
    helmi helvi henna henri henrik hilkka hilla iida iiris ilkka ilmari irja irma iida jaakko jani
    janne jari jarmo jenni jere jesse joel johanna johannes jonna joni jorma jouko jouni juha juhani
    juho jukka julia jussi juuso jyrki kaarina kai kaija kaisa kalevi kalle kari karoliina katariina
    kati katja kerttu kimmo kirsi kirsti kristiina kyösti laila lasse laura lauri leena leevi lea
    leo liisa lotta maija maire marika marja marjatta marjut markku marko marja-liisa marketta martti
    matias matti merja mervi mika mikael mikko milla minna mirja mirjami mari maria marianne mathias
    nea niilo niina niko nina noora oili olavi olli onni oona oskari otto outi paavo pasi paula
    pauli pekka pentti petri petteri pia pirjo pirkko päivi raija raimo raili rauni reijo riikka
    riitta risto ritva saara sakari sami sampo sanna sara satu seija sini sirkka sirpa sofia
    susanna suvi taina tapani tapio tarja teemu tero terhi tiina timo tommi toni topi tuija tuomas
    tuomo tuula tuuli ulla unto urho valtteri vappu veikko veli venla vesa viivi vilho ville vilma
    väinö yrjö
    """
)
# First names that are also ordinary words: at the start of a sentence they are read as the word
# ("Anna minulle aikaa", "Tuuli puhalsi"); inside a sentence a capital still marks them as names.
WORD_NAMES = _names("anna tuuli onni satu sini kai helmi hilla veli marja urho usko toivo ilo into lumi valo aura")
# Titles after which a capitalised word is a name even where a sentence seems to start ("Dr. Smith").
TITLES = _names("dr tri mr mrs ms prof rouva herra neiti fru herr")
CASE_ENDINGS = ("lle", "lta", "ltä", "lla", "llä", "ssa", "ssä", "sta", "stä", "ksi", "n", "na", "nä", "a", "ä")


def _placeholders() -> dict[str, str]:
    return {
        NAME: _("[name]"),
        PHONE: _("[phone number]"),
        PERSONAL_ID: _("[personal identity code]"),
        EMAIL: _("[email]"),
    }


def kind_labels() -> dict[str, str]:
    """The words for each kind of flag, as shown to staff (never colour alone)."""
    return {
        NAME: _("name"),
        PHONE: _("phone number"),
        PERSONAL_ID: _("personal identity code"),
        EMAIL: _("email address"),
    }


# Personal identity codes --------------------------------------------------------------------------


def personal_id_valid(code: str) -> bool:
    """A Finnish personal identity code with a real date and the right check character."""
    match = PERSONAL_ID_RE.fullmatch(code.strip())
    if match is None:
        return False
    day, month, year, sign, individual, check = match.groups()
    try:
        date(CENTURIES[sign.upper()] + int(year), int(month), int(day))
    except ValueError:
        return False
    return CHECK_CHARS[int(day + month + year + individual) % 31] == check.upper()


# Names ---------------------------------------------------------------------------------------------


@cache
def _lemma(token: str, lang: str) -> str:
    return simplemma.lemmatize(token, lang=lang)


@cache
def _is_first_name(word: str) -> bool:
    lower = word.lower()
    parts = lower.replace("’", "-").replace("'", "-").split("-")
    if all(part in FIRST_NAMES for part in parts):
        return True
    if _lemma(lower, "fi").lower() in FIRST_NAMES:
        return True
    return any(lower.endswith(end) and lower[: -len(end)] in FIRST_NAMES for end in CASE_ENDINGS)


@cache
def _is_name_like(word: str) -> bool:
    """A capitalised word that reads as a name: a first name, a surname in -nen, or no ordinary word."""
    if _is_first_name(word):
        return True
    lower = word.lower()
    if _lemma(lower, "fi").lower().endswith("nen"):
        return True
    for lang in LANGS:
        lemma = _lemma(lower, lang)
        # simplemma keeps the capital of proper nouns ("hervannassa" -> "Hervanta").
        if lemma[:1].islower() and simplemma.is_known(lemma, lang=lang):
            return False
    return True


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper()


def _after_title(text: str, start: int) -> bool:
    previous = WORD_RE.findall(text[max(0, start - 12) : start])
    return bool(previous) and previous[-1].lower() in TITLES and text[:start].rstrip().endswith((".", previous[-1]))


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start]
    stripped = before.rstrip(LEADING)
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    return stripped[-1] in SENTENCE_END and not _after_title(text, start)


def _name_flags(text: str) -> list[dict]:
    words = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        start, end, word = words[index]
        if not _capitalised(word):
            index += 1
            continue
        initial = _sentence_initial(text, start)
        if index + 1 < len(words):
            next_start, next_end, next_word = words[index + 1]
            adjacent = text[end:next_start] in (" ", "\u00a0")
            first_ok = _is_first_name(word) or (not initial and _is_name_like(word))
            if adjacent and _capitalised(next_word) and first_ok and _is_name_like(next_word):
                found.append((start, next_end))
                index += 2
                continue
        if initial:
            if _is_first_name(word) and word.lower() not in WORD_NAMES:
                found.append((start, end))
        elif _is_name_like(word) or _after_title(text, start):
            found.append((start, end))
        index += 1
    return [_flag(NAME, text, start, end) for start, end in found]


# Flags and redaction -------------------------------------------------------------------------------


def _flag(kind: str, text: str, start: int, end: int) -> dict:
    return {"kind": kind, "start": start, "end": end, "text": text[start:end]}


def _phone_ok(number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    allowed = PHONE_DIGITS_INTERNATIONAL if number.startswith("+") else PHONE_DIGITS_NATIONAL
    return len(digits) in allowed


def flags(text: str) -> list[dict]:
    """What a person should check before the text is quoted: dicts of kind, start, end and text.

    Earlier kinds win where matches overlap: an identity code is not also read as a phone number.
    """
    text = text or ""
    found: list[dict] = []

    def add(candidates: list[dict]) -> None:
        for flag in candidates:
            if not any(flag["start"] < other["end"] and other["start"] < flag["end"] for other in found):
                found.append(flag)

    add([_flag(EMAIL, text, m.start(), m.end()) for m in EMAIL_RE.finditer(text)])
    add(
        [
            _flag(PERSONAL_ID, text, m.start(), m.end())
            for m in PERSONAL_ID_RE.finditer(text)
            if personal_id_valid(m.group())
        ]
    )
    add([_flag(PHONE, text, m.start(), m.end()) for m in PHONE_RE.finditer(text) if _phone_ok(m.group())])
    add(_name_flags(text))
    return sorted(found, key=lambda flag: flag["start"])


def redact(text: str, found: list[dict], *, language: str | None = None) -> str:
    """Replace each flagged span with a placeholder in the report's language (Finnish by default).

    Flags that no longer match the text (it was edited since) are skipped rather than misapplied.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        placeholders = _placeholders()
    out, cursor = [], 0
    for flag in sorted(found, key=lambda f: f["start"]):
        start, end = flag["start"], flag["end"]
        if start < cursor or text[start:end] != flag.get("text") or flag.get("kind") not in placeholders:
            continue
        out.append(text[cursor:start])
        out.append(placeholders[flag["kind"]])
        cursor = end
    out.append(text[cursor:])
    return "".join(out)

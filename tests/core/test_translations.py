"""The English catalogue is complete and its compiled file matches it."""

import gettext
import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if "msgid" not in block:
            continue
        fuzzy = "#, fuzzy" in block
        msgid = "".join(
            re.findall(
                r'^(?:msgid|")\s*"?(.*?)"$', block.split("msgid_plural")[0].split("msgstr")[0], re.M
            )
        )
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n((?:".*"\n?)*)', block + "\n", re.M)
        yield (
            _unescape(msgid),
            fuzzy,
            ["".join([head, *re.findall(r'"(.*)"', rest)]) for head, rest in strs],
        )


def test_every_string_has_an_english_translation():
    missing = [msgid for msgid, fuzzy, strs in _entries() if fuzzy or not all(strs)]
    assert missing == []


def test_the_compiled_catalogue_is_up_to_date():
    catalogue = gettext.GNUTranslations(PO.with_suffix(".mo").open("rb"))
    assert catalogue.gettext("Logga in") == "Log in"
    assert catalogue.gettext("Hoppa till innehållet") == "Skip to content"
    # Git does not keep file times, so compare contents: every entry is compiled.
    compiled = {key if isinstance(key, str) else key[0] for key in catalogue._catalog if key}
    assert {msgid for msgid, _fuzzy, _strs in _entries()} <= compiled

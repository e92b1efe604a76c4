"""The English catalogue is complete and its compiled file matches it.

Complete means both ways: every entry in locale/en has a translation, and every string
the code and templates mark for translation is in locale/en, which is what makemessages
would find (tested by running makemessages into a scratch copy of the catalogue).
"""

import gettext
import os
import re
import shutil
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.commands import makemessages
from django.utils.functional import cached_property

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

# The command that brings the catalogue up to date, as docs/architecture.md gives it.
IGNORES = ["tests/*", "node_modules/*", ".venv/*"]
MAKEMESSAGES = (
    "DJANGO_SETTINGS_MODULE=lms.settings DJANGO_DEBUG=1 .venv/bin/python manage.py "
    "makemessages -l en --no-obsolete " + " ".join(f"--ignore '{p}'" for p in IGNORES)
)
COMPILEMESSAGES = (
    "DJANGO_SETTINGS_MODULE=lms.settings DJANGO_DEBUG=1 .venv/bin/python manage.py "
    "compilemessages -l en -l sv " + " ".join(f"--ignore '{p}'" for p in IGNORES)
)
# Debian's gettext: makemessages runs these.
GETTEXT_TOOLS = ["xgettext", "msguniq", "msgmerge", "msgattrib"]
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$')


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The entry's key in a compiled catalogue."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def translated(self) -> bool:
        return "fuzzy" not in self.flags and bool(self.msgstrs) and all(self.msgstrs)

    def __str__(self) -> str:
        text = f"{self.msgid!r}"
        if self.msgid_plural is not None:
            text += f" / plural {self.msgid_plural!r}"
        return text + (f" (context {self.msgctxt!r})" if self.msgctxt is not None else "")


def _unescape(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


def _parse(path: Path) -> list[Entry]:
    """The active entries of a PO file (not the header, not obsolete ones)."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8")):
        entry, fields, current = Entry(msgid=""), {}, None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#~"):
                fields = {}  # obsolete: no longer in the code
                break
            if line.startswith("#:"):
                entry.references += line[2:].split()
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := KEYWORD.match(line):
                current = match.group(1)
                fields[current] = _unescape(match.group(2))
            elif current and line.startswith('"') and line.endswith('"'):
                fields[current] += _unescape(line[1:-1])
        if "msgid" not in fields or (fields["msgid"] == "" and "msgctxt" not in fields):
            continue
        entry.msgid = fields["msgid"]
        entry.msgctxt = fields.get("msgctxt")
        entry.msgid_plural = fields.get("msgid_plural")
        entry.msgstrs = [value for name, value in fields.items() if name.startswith("msgstr")]
        entries.append(entry)
    return entries


def _entries():
    return _parse(PO)


def test_every_string_has_an_english_translation():
    missing = [entry.key for entry in _entries() if not entry.translated]
    assert missing == []


def test_the_compiled_catalogue_is_up_to_date():
    catalogue = gettext.GNUTranslations(PO.with_suffix(".mo").open("rb"))
    assert catalogue.gettext("Logga in") == "Log in"
    assert catalogue.gettext("Hoppa till innehållet") == "Skip to content"
    # Git does not keep file times, so compare contents: every entry is compiled.
    compiled = {key if isinstance(key, str) else key[0] for key in catalogue._catalog if key}
    assert {entry.key for entry in _entries()} <= compiled


class _ScratchBuildFile(makemessages.BuildFile):
    """A template's Python version goes to the scratch directory, not beside the template."""

    @cached_property
    def work_path(self):
        if not self.is_templatized:
            return self.path
        return os.path.join(self.command.scratch, "work", os.path.normpath(self.path) + ".py")

    def preprocess(self):
        if self.is_templatized:
            os.makedirs(os.path.dirname(self.work_path), exist_ok=True)
        super().preprocess()

    def postprocess_messages(self, msgs):
        if not self.is_templatized:
            return msgs
        return msgs.replace(self.work_path, os.path.normpath(self.path))


class _ScratchMakemessages(makemessages.Command):
    """Django's makemessages, writing its .pot and .po files only in a scratch directory."""

    build_file_class = _ScratchBuildFile

    def __init__(self, scratch: Path):
        super().__init__(stdout=StringIO(), stderr=StringIO())
        self.scratch = str(scratch)
        self.scratch_locale = str(scratch / "locale")

    def find_files(self, root):
        files = super().find_files(root)
        # Every file's strings go to the scratch catalogue, none to a locale/ of the tree.
        self.locale_paths = [self.scratch_locale]
        for translatable in files:
            translatable.locale_dir = self.scratch_locale
        return files


def test_every_string_in_the_code_is_in_the_english_catalogue(tmp_path, settings, monkeypatch):
    absent = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if absent:
        pytest.fail(
            f"{', '.join(absent)} not found: makemessages needs GNU gettext. "
            "Install Debian's: sudo apt-get install gettext"
        )
    scratch_po = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    scratch_po.parent.mkdir(parents=True)
    shutil.copyfile(PO, scratch_po)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(ROOT)

    call_command(
        _ScratchMakemessages(tmp_path),
        locale=["en"],
        no_obsolete=True,
        # The same files as the command in the docs; media and static as the settings say.
        ignore_patterns=[*IGNORES, "media/*", "static/*"],
        verbosity=0,
    )

    committed = {entry.key: entry for entry in _entries()}
    problems = []
    for entry in _parse(scratch_po):
        if entry.translated:
            continue
        before = committed.get(entry.key)
        if before is None:
            why = "not in the catalogue"
        elif "fuzzy" in before.flags:
            why = "marked fuzzy"
        elif entry.msgid_plural is not None and before.msgid_plural != entry.msgid_plural:
            why = "plural changed"
        else:
            why = "empty translation"
        problems.append(f"  {entry} ({why}), used at {', '.join(entry.references) or '?'}")
    if problems:
        pytest.fail(
            f"{len(problems)} translatable string(s) in the code or templates lack an English "
            f"translation in {PO.relative_to(ROOT)}:\n"
            + "\n".join(problems)
            + f"\nTo fix, run\n  {MAKEMESSAGES}\ntranslate the new entries into English (an "
            "empty msgstr, or a '#, fuzzy' guess: correct it and remove the flag), then run\n"
            f"  {COMPILEMESSAGES}",
            pytrace=False,
        )

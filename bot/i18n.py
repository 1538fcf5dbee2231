"""Two languages: English and written Hong Kong Cantonese, from Babel gettext catalogs.

Catalogs are plain .po files under `locales/`; they are compiled in memory at start so
there is no build step and no stale .mo file.
"""

from __future__ import annotations

import datetime as dt
import gettext
import importlib.util
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("en", "yue")
DEFAULT_LANGUAGE = "en"
_CANTONESE_PREFIXES = ("zh-hk", "zh-hant", "zh-tw", "zh-mo", "yue")
_BABEL_LOCALES = {"en": Locale.parse("en"), "yue": Locale.parse("yue")}


class _HasLanguage(Protocol):
    @property
    def language(self) -> str | None: ...


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def locales_dir() -> Path:
    """The shipped `locales/` directory, from a checkout or an installed package."""
    spec = importlib.util.find_spec("locales")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if (Path(location) / "en").is_dir():
                return Path(location)
    return Path(__file__).resolve().parents[1] / "locales"


def negotiate(stored: str | None, telegram_code: str | None) -> str:
    """The person's stored choice wins; else Telegram's language code; else English."""
    if stored in LANGUAGES:
        return stored
    code = (telegram_code or "").lower().replace("_", "-")
    if code.startswith(_CANTONESE_PREFIXES):
        return "yue"
    return DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Translator:
    """Everything a view needs to speak one language."""

    lang: str
    _catalog: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def date(self, day: dt.date) -> str:
        """A short date with weekday, e.g. 'Thu 26 Nov' / '11月26日（星期四）'."""
        pattern = "M月d日（EEE）" if self.lang == "yue" else "EEE d MMM"
        return format_date(day, pattern, locale=_BABEL_LOCALES[self.lang])

    def time(self, moment: dt.time | dt.datetime) -> str:
        pattern = "ah:mm" if self.lang == "yue" else "HH:mm"
        return format_time(moment, pattern, locale=_BABEL_LOCALES[self.lang])


class Catalogs:
    """All translators, loaded once at start."""

    def __init__(self, translators: dict[str, Translator]) -> None:
        self._translators = translators

    @classmethod
    def load(cls, directory: Path | None = None) -> Catalogs:
        directory = directory or locales_dir()
        translators = {}
        for lang in LANGUAGES:
            po_path = directory / lang / "LC_MESSAGES" / "messages.po"
            translators[lang] = Translator(lang, _compile(po_path, lang))
        return cls(translators)

    def get(self, lang: str) -> Translator:
        return self._translators.get(lang) or self._translators[DEFAULT_LANGUAGE]

    def for_person(self, person: _HasLanguage) -> Translator:
        """The translator for someone the bot writes to on its own (an alert, a tip): the
        language saved for them (chosen, or their Telegram language saved when they joined)."""
        return self.get(negotiate(person.language, None))

    def all(self) -> Iterable[Translator]:
        return self._translators.values()


def _compile(po_path: Path, lang: str) -> gettext.GNUTranslations:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=Locale.parse(lang))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)

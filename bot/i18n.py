"""Two languages: English and written Hong Kong Cantonese, from Babel gettext catalogs.

Catalogs are plain .po files under `locales/`; they are compiled in memory at start so
there is no build step and no stale .mo file.

Every date, time and month people see is formatted here, by Babel, in their language
(`en` → Babel's en_HK, `yue` → Babel's yue). The functions take local (Hong Kong) dates
and times: convert a stored UTC moment with `.astimezone(settings.tz)` first.
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
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("en", "yue")
DEFAULT_LANGUAGE = "en"
_CANTONESE_PREFIXES = ("zh-hk", "zh-hant", "zh-tw", "zh-mo", "yue")
_BABEL_LOCALES = {"en": Locale.parse("en_HK"), "yue": Locale.parse("yue")}
# Fixed patterns where the locale's own would read less plainly for older readers.
_DAY = {"en": "EEE d MMM", "yue": "M月d日（EEE）"}  # Thu 26 Nov / 11月26日（星期四）
_DAY_WITH_YEAR = {"en": "EEE d MMM y", "yue": "y年M月d日（EEE）"}
# Cantonese says which part of the day (朝早 9:30, 下午 3:30, 夜晚 9:30): Babel's flexible
# day period "B"; "a" said 下晝 (afternoon) for 9:30 at night.
_TIME = {"en": "HH:mm", "yue": "Bh:mm"}  # 21:30 / 夜晚9:30


def _locale(lang: str) -> Locale:
    return _BABEL_LOCALES.get(lang, _BABEL_LOCALES[DEFAULT_LANGUAGE])


def _lang(lang: str) -> str:
    return lang if lang in _BABEL_LOCALES else DEFAULT_LANGUAGE


def format_day(lang: str, day: dt.date, *, year: bool = False) -> str:
    """A date with its weekday: 'Thu 26 Nov' / '11月26日（星期四）'; with `year`, for lists that
    may go back years: 'Thu 26 Nov 2026' / '2026年11月26日（星期四）'."""
    pattern = (_DAY_WITH_YEAR if year else _DAY)[_lang(lang)]
    return format_date(day, pattern, locale=_locale(lang))


def format_clock(lang: str, moment: dt.time | dt.datetime) -> str:
    """A time of day: '21:30' / '夜晚9:30'. An aware datetime is shown in its own zone."""
    return format_time(moment, _TIME[_lang(lang)], locale=_locale(lang))


def format_clock_text(lang: str, value: str) -> str:
    """A stored 'HH:MM' setting (a tip time, quiet hours) as `format_clock` shows times."""
    try:
        return format_clock(lang, dt.time.fromisoformat(value))
    except ValueError:
        return value


def format_month(lang: str, day: dt.date) -> str:
    """The month of `day`: 'November 2026' / '2026年11月'."""
    return format_skeleton("yMMMM", day, locale=_locale(lang))


def format_quarter(lang: str, day: dt.date) -> str:
    """The quarter of `day`: 'Q4 2026' / '2026年第4季'."""
    return format_skeleton("yQQQ", day, locale=_locale(lang))


def format_days(lang: str, start: dt.date, end: dt.date) -> str:
    """A span of days: '15 Oct – 10 Nov 2026' / '2026年10月15日至11月10日' (plain spaces
    around the dash, where CLDR has thin ones, as the rest of the bot's texts)."""
    return format_interval(start, end, "yMMMd", locale=_locale(lang)).replace("\u2009", " ")


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

    def date(self, day: dt.date, *, year: bool = False) -> str:
        """A short date with weekday, e.g. 'Thu 26 Nov' / '11月26日（星期四）'."""
        return format_day(self.lang, day, year=year)

    def time(self, moment: dt.time | dt.datetime) -> str:
        return format_clock(self.lang, moment)

    def clock(self, value: str) -> str:
        """A stored 'HH:MM' setting, shown like `time`."""
        return format_clock_text(self.lang, value)

    def month(self, day: dt.date) -> str:
        return format_month(self.lang, day)

    def days(self, start: dt.date, end: dt.date) -> str:
        return format_days(self.lang, start, end)


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

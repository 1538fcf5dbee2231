"""Developer tooling for the catalogs: extract msgids from the code, update the .po files.

    python -m bot.i18n_tools            # update locales/*/LC_MESSAGES/messages.po

English msgstrs are filled with the msgid; Cantonese ones are left empty for a translator
(the test suite fails until every one is translated).
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n import LANGUAGES, locales_dir

ROOT = Path(__file__).resolve().parents[1]
# `t` is the local alias views use for `turn.tr.gettext`.
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None, "_": None, "t": None}
PLACEHOLDER_RE = re.compile(r"\{([a-z_][a-z0-9_]*)[^}]*\}")


def extract() -> Catalog:
    """Every msgid used in bot/ (the only package with user-facing strings)."""
    template = Catalog(project="tunghang", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "bot"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        template.add(
            message, None, [(f"bot/{filename}", lineno)], auto_comments=comments, context=context
        )
    return template


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER_RE.findall(text))


def update_catalogs(directory: Path | None = None) -> None:
    directory = directory or locales_dir()
    for lang in LANGUAGES:
        template = extract()  # fresh per language: Catalog.update shares message objects
        path = directory / lang / "LC_MESSAGES" / "messages.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="tunghang")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        if lang == "en":
            for message in catalog:
                if message.id and isinstance(message.id, tuple):  # ngettext: both forms
                    if not message.string or not all(message.string):
                        message.string = message.id
                elif message.id and not message.string:
                    message.string = message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=False)


if __name__ == "__main__":
    update_catalogs()
    print("catalogs updated")

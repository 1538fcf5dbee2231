"""Text and keyboards, built from a translator and plain data. Shared pieces live here."""

from bot.views.common import (
    MENU,
    bilingual,
    main_menu,
    menu_label_filter,
    refusal_text,
)

__all__ = ["MENU", "bilingual", "main_menu", "menu_label_filter", "refusal_text"]

"""The privacy filter for questions kept for the clinical team."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.privacy import looks_sensitive
from bot.domain.redact import redact


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Peter wants to know the weather, his number is 9123 4567",
         "[NAME] wants to know the weather, his number is [PHONE]"),
        ("My client Mr Chan said his son Peter never visits",
         "My client [NAME] said his son [NAME] never visits"),
        ("her name is mabel and she called me twice", "her name is [NAME] and she called me twice"),
        ("HKID A123456(7), mail a.b@example.com, +852 6123-4567",
         "HKID [HKID], mail [EMAIL], [PHONE]"),
        ("Ｚ６８３３９６（Ａ） is on the form", "[HKID] is on the form"),
        ("account 012-345-678-901", "account [NUMBER]"),
        ("陳太話佢個仔唔理佢，電話 9123 4567", "[NAME]話佢個仔唔理佢,電話 [PHONE]"),
        ("佢叫黃大文，住喺觀塘", "佢叫[NAME],住喺觀塘"),
        ("李伯伯同阿明都唔肯食藥", "[NAME]同[NAME]都唔肯食藥"),
        # Kept: case codes, initials, kin words, places and common words.
        ("C03 and CMY are fine. Sometimes she cries", "C03 and CMY are fine. Sometimes she cries"),
        ("阿婆話阿仔冇嚟探佢", "阿婆話阿仔冇嚟探佢"),
        ("What do I say in Hong Kong at Christmas?", "What do I say in Hong Kong at Christmas?"),
    ],
)  # fmt: skip
def test_names_and_numbers_become_placeholders(typed: str, kept: str) -> None:
    assert redact(typed) == kept


def test_control_characters_go_and_nothing_stays_nothing() -> None:
    assert redact("hi\x00 there\u200b") == "hi there"
    assert redact("") == ""


@settings(database=None, max_examples=300)
@given(st.text(alphabet=st.sampled_from("0123456789 ()-+AZaz852陳太 Peter\n"), max_size=60))
def test_what_is_kept_never_looks_like_an_id_or_phone_number(text: str) -> None:
    assert not looks_sensitive(redact(text))

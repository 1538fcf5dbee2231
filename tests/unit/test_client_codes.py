"""What may be stored as a client reference: codes and initials, never names or numbers."""

import pytest

from bot.domain.privacy import is_client_code, normalise_client_code


@pytest.mark.parametrize(
    "text", ["C03", "c03", "CMY", "c-12", "C婆婆", "L伯伯", "W太", "Ｃ０３", " C07 "]
)
def test_codes_and_initials_are_accepted(text):
    assert is_client_code(text)


@pytest.mark.parametrize(
    "text",
    [
        "陳婆婆",
        "陳大文",
        "Chan Tai Man",
        "mary wong",
        "C 03",
        "91234567",
        "A1234567",
        "A123456(7)",
        "",
        "C03!",
    ],
)
def test_names_numbers_and_ids_are_refused(text):
    assert not is_client_code(text)


def test_codes_are_stored_one_way():
    assert normalise_client_code(" c03 ") == "C03"
    assert normalise_client_code("Ｃ婆婆") == "C婆婆"

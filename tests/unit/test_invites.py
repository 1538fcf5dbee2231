import datetime as dt

from bot.domain.invites import (
    InviteStatus,
    hash_code,
    invite_link,
    looks_like_code,
    new_code,
    status_of,
)

NOW = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def test_codes_are_random_link_safe_and_hashed():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(looks_like_code(c) for c in codes)
    code = next(iter(codes))
    assert hash_code(code) != code and len(hash_code(code)) == 64


def test_link_format():
    assert invite_link("TungHangBot", "abc123XYZ_") == "https://t.me/TungHangBot?start=abc123XYZ_"


def test_garbage_is_not_a_code():
    for text in ("", "short", "has space in it", "emoji🙂🙂🙂🙂🙂", "x" * 65, "semi;colon;code"):
        assert not looks_like_code(text)


def test_status():
    later = NOW + dt.timedelta(days=14)
    assert status_of(used_at=None, expires_at=later, now=NOW) is InviteStatus.VALID
    assert status_of(used_at=NOW, expires_at=later, now=NOW) is InviteStatus.USED
    assert status_of(used_at=None, expires_at=later, now=later) is InviteStatus.EXPIRED


def test_invitee_names_are_tidied_and_bad_ones_refused():
    from bot.domain.invites import clean_invitee_name

    assert clean_invitee_name("  Chan   Siu Fong ") == "Chan Siu Fong"
    assert clean_invitee_name("陳小芳") == "陳小芳"
    assert clean_invitee_name("Chan Siu Fong (May)") == "Chan Siu Fong (May)"
    for bad in (
        "", "   ", "x" * 61, "/start", "May 91234567", "A123456(7)", "123", "a\x00b",
        "Ah Ming 2", "what do I say to a bereaved client", "點樣安慰佢？", "Hello!",
    ):  # fmt: skip
        assert clean_invitee_name(bad) is None, bad

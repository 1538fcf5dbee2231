"""The safety net in chat: risk is checked first, on the whole text, wherever a person types,
in both languages, and the block fits what was said (issue 12)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bot.domain.risk import assess
from storage.models import HourEntry, Person
from tests.seed import STRANGER, SUPPORTER, seed_cast

DANGER_EN = "If anyone is in danger right now, call 999 first."
TELL_EN = "⚠️ Tell my social worker"
TELL_YUE = "⚠️ 話社工知"
SUICIDE_LINES = ("2389 2222", "2382 0000", "2896 0000")
ABUSE_LINES = ("2343 2255", "18288")


@pytest.fixture
async def cast(bot):
    return await seed_cast(bot.services, bot.sandbox)


async def speak_cantonese(bot) -> None:  # type: ignore[no-untyped-def]
    async with bot.services.sessions() as session:
        await session.execute(
            update(Person).where(Person.telegram_user_id == SUPPORTER).values(language="yue")
        )
        await session.commit()


def is_block(message, lang: str = "en") -> bool:  # type: ignore[no-untyped-def]
    return "999" in message.text and ("reminder tool" in message.text or "提醒" in message.text)


async def entries(bot) -> list[HourEntry]:  # type: ignore[no-untyped-def]
    async with bot.services.sessions() as session:
        return list(await session.scalars(select(HourEntry)))


# --- questions, short and long ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "個伯伯話做人冇癮，不如早啲走好過",  # an idiom, not the word 自殺
        "she keeps saying she's just a burden on her kids now",
        "client話佢老公喺上面等緊佢，佢都係時候落去陪佢",
    ],
)
async def test_indirect_risk_gets_the_block_first_then_the_card(bot, cast, text):
    replies = await bot.say(SUPPORTER, text)
    block, card = replies[0], replies[-1]
    assert block.text.startswith(DANGER_EN)
    assert "Stay with them if it is safe. Don't promise to keep it secret." in block.text
    assert "Ms Chan" in block.text and all(n in block.text for n in SUICIDE_LINES)
    assert block.button_labels == [TELL_EN]
    assert card.text.startswith("Client") or "client" in card.text.lower()
    # The card does not list the block's numbers a second time.
    assert not any(n in card.text for n in SUICIDE_LINES)


async def test_the_block_button_opens_the_concern_flow_with_the_category_filled_in(bot, cast):
    await bot.say(SUPPORTER, "佢話唔想再捱落去")
    replies = await bot.press(SUPPORTER, TELL_EN)
    assert replies[-1].text.startswith("Risk of suicide or self-harm. How urgent is it?")


async def test_a_long_worried_report_is_read_whole_not_refused(bot, cast):
    report = (
        "今日去探C03婆婆，佢煮咗紅豆沙等我，我哋傾咗好耐佢個孫喺英國讀書嘅事。" * 16
        + "臨走嗰陣佢捉住我隻手，話其實佢儲咗好多安眠藥，唔想再麻煩個女。"
        + "之後佢又講返天氣同埋中心下個月去旅行嘅事，我陪佢落樓買餸。" * 16
    )
    assert len(report) > 1000
    replies = await bot.say(SUPPORTER, report)
    texts = [r.text for r in replies]
    assert texts[0].startswith(DANGER_EN) and replies[0].button_labels == [TELL_EN]
    assert any(t.startswith("Thank you for telling me all of this") for t in texts)
    assert not any("long message" in t.lower() and "shorter" in t for t in texts)


async def test_a_long_report_in_cantonese_gets_cantonese(bot, cast):
    await speak_cantonese(bot)
    report = (
        "今日探訪好順利，我哋一齊睇舊相。" * 40
        + "佢話個仔成日攞晒佢啲生果金，仲鬧佢廢物。"
        + "之後我哋飲茶。" * 20
    )
    replies = await bot.say(SUPPORTER, report)
    block = replies[0]
    assert "999" in block.text.splitlines()[0]
    assert all(n in block.text for n in ABUSE_LINES)
    assert not any(n in block.text for n in SUICIDE_LINES)
    assert block.button_labels == [TELL_YUE]
    assert any(r.text.startswith("多謝你話我知咁多") for r in replies)


# --- the right lines for the kind of risk ------------------------------------------------------


async def test_a_medical_emergency_shows_999_and_no_suicide_line(bot, cast):
    replies = await bot.say(SUPPORTER, "婆婆突然講嘢唔清楚，半邊面好似歪咗，點算？")
    block = replies[0]
    assert block.text.startswith("Call 999 for an ambulance now")
    assert "Note the time it started" in block.text
    assert not any(n in block.text for n in (*SUICIDE_LINES, "18111", *ABUSE_LINES))
    assert block.button_labels == [TELL_EN]
    await bot.press(SUPPORTER, TELL_EN, message_id=block.message_id)
    assert bot.last(SUPPORTER).text.startswith("Medical emergency. How urgent is it?")


async def test_abuse_shows_the_swd_and_family_crisis_lines(bot, cast):
    replies = await bot.say(SUPPORTER, "her son pushed her against the wall again, she has bruises")
    block = replies[0]
    assert all(n in block.text for n in ABUSE_LINES)
    assert not any(n in block.text for n in SUICIDE_LINES)
    assert "don't confront the family" in block.text


# --- no alarm for everyday words ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["唔該晒", "hi", "熱到死，今日探完婆婆去飲凍檸茶", "打邊爐定打麻雀好？", "😂😂"]
)
async def test_everyday_messages_raise_no_alarm(bot, cast, text):
    replies = await bot.say(SUPPORTER, text)
    assert not any(is_block(r) for r in replies)


# --- every other place people type -------------------------------------------------------------


async def test_a_risky_hours_entry_gets_the_block_and_its_card(bot, cast):
    replies = await bot.say(SUPPORTER, "琴日探訪2個鐘，佢話做人冇癮")
    assert replies[0].text.startswith(DANGER_EN)
    card = replies[-1]
    assert "2 h" in card.text and "✅ Save" in card.button_labels
    await bot.press(SUPPORTER, "✅ Save", message_id=card.message_id)
    (entry,) = await entries(bot)
    assert entry.minutes == 120  # the entry is not lost


async def test_log_command_words_are_checked_too(bot, cast):
    replies = await bot.say(SUPPORTER, "/log 1h phone, she said she wants to end it all")
    assert replies[0].text.startswith(DANGER_EN)
    assert "✅ Save" in replies[-1].button_labels


async def test_a_peer_question_in_cantonese_is_held_back_under_the_block(bot, cast):
    await speak_cantonese(bot)
    await bot.say(SUPPORTER, "/askpeer")
    replies = await bot.say(SUPPORTER, "個婆婆話佢想瞓落去唔好再醒，我應該點講？")
    assert "999" in replies[0].text and replies[0].button_labels == [TELL_YUE]
    assert len(replies) == 2  # the block, then the peer note; nothing goes to the mentors


async def test_a_reply_inside_another_flow_is_checked(bot, cast):
    home = (await bot.say(SUPPORTER, "/settings"))[0]
    await bot.press(SUPPORTER, "🕘 Tip time", message_id=home.message_id)
    await bot.press(SUPPORTER, "⌨️ Type another time", message_id=home.message_id)
    replies = await bot.say(SUPPORTER, "sorry, client just told me he's saving up his pills")
    assert replies[0].text.startswith(DANGER_EN)
    assert len(replies) >= 2  # the flow still answers after the block


async def test_an_edited_message_is_checked(bot, cast):
    first = bot.sandbox.send_text(SUPPORTER, "hello")
    await bot.deliver()
    replies = await bot.act(
        SUPPORTER, lambda: bot.sandbox.edit_user_message(SUPPORTER, first, "佢話想死")
    )
    assert replies[0].text.startswith(DANGER_EN)


async def test_a_photo_caption_is_checked(bot, cast):
    replies = await bot.act(
        SUPPORTER,
        lambda: bot.sandbox.send_photo_from_user(SUPPORTER, caption="she cut herself again"),
    )
    assert replies[0].text.startswith(DANGER_EN)
    assert replies[-1].text.startswith("I can only read text messages.")


async def test_a_stranger_in_danger_still_sees_999(bot, cast):
    replies = await bot.say(STRANGER, "I want to kill myself")
    assert replies[0].text.startswith(DANGER_EN)
    assert replies[0].button_labels == []  # no social worker to tell
    assert "invite" in replies[-1].text.lower()


# --- the quiet safety valve ---------------------------------------------------------------------


async def test_an_unsure_answer_offers_the_quiet_button(bot, cast):
    candidates = [
        "婆婆最近好少出聲，我有少少擔心佢",
        "he seemed very flat today and kept saying nothing matters much",
        "佢話最近成日諗起以前啲嘢，好唔開心",
        "client was quiet and said she is tired of everything lately",
        "伯伯話而家咩都唔想理，我唔知點好",
        "he said life is boring and nobody cares about him now",
        # grief for a death by suicide is not itself risk: always the quiet button
        "her son took his own life last year, what should I say to her tomorrow",
    ]
    unsure = [text for text in candidates if assess(text).unsure]
    assert unsure, "none of the borderline messages lands in the unsure band"
    replies = await bot.say(SUPPORTER, unsure[0])
    assert not is_block(replies[0])
    assert "⚠️ I'm worried about safety" in replies[-1].button_labels
    pressed = await bot.press(SUPPORTER, "⚠️ I'm worried about safety")
    assert pressed[-1].text.startswith(DANGER_EN) and pressed[-1].button_labels == [TELL_EN]


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "😢😢😢",
        "想\u200b死",  # zero-width space inside
        "*_[佢話`想死`]_*",  # Markdown-special characters
        "client話佢 wants to die 😢",
        "x" * 4096,
        ("佢今日好開心。" * 300)[:3000] + "佢話想死" + "。" * 50,
    ],
)
async def test_bad_input_gets_a_kind_answer_and_the_check_still_runs(bot, cast, text):
    replies = await bot.say(SUPPORTER, text)
    assert replies, "no answer at all"
    risky = assess(text).top is not None
    assert is_block(replies[0]) == risky
    if "死" in text:
        assert risky


# --- each typed message is risk-checked once (issue 16) ---------------------------------------


@pytest.fixture
def detector_calls(monkeypatch):  # type: ignore[no-untyped-def]
    """How many times the detector has run: `assess` is the one door to it (detect_risk and
    detect_all go through it too), so counting its rule layer counts every check."""
    import bot.domain.risk as risk

    calls: list[str] = []
    rule_layer = risk._rule_matches

    def counting(views):  # type: ignore[no-untyped-def]
        calls.append("checked")
        return rule_layer(views)

    monkeypatch.setattr(risk, "_rule_matches", counting)
    return calls


@pytest.mark.parametrize(
    "text",
    [
        "個client成日WhatsApp我，點算？",  # a question → card
        "個伯伯話做人冇癮，不如早啲走好過",  # risk → block, then the risk card
        "琴日探訪2個鐘，佢話做人冇癮",  # an hours entry with risk → block, then the hours card
        "琴日電話 45 分鐘",  # a plain hours entry
        "hello",  # small talk
    ],
)
async def test_a_typed_message_is_risk_checked_once(bot, cast, detector_calls, text):
    replies = await bot.say(SUPPORTER, text)
    assert replies  # it was answered
    assert len(detector_calls) == 1


async def test_a_peer_question_is_risk_checked_once(bot, cast, detector_calls):
    await bot.say(SUPPORTER, "/askpeer")
    detector_calls.clear()
    replies = await bot.say(SUPPORTER, "個婆婆成日話好悶，我可以點陪佢傾偈？")
    assert replies
    assert len(detector_calls) == 1

"""What people see for a typed message, measured on the kept-out fifth of the labelled set.

Everything goes through `load_library().answer(text)`, the one function the chat handler
uses. The kept-out fifth (bot/answer_tools.py: sha256(text) % 5 == 0) was never used to tune
the synonyms, situations, lexicons or thresholds. The floors are the figures measured on it
(bench/answers.py, bench/README.md), a little under, so a change that makes answers worse
fails here. The issue's goals (recall@1 0.93, @3 0.98) are not reached; see bench/README.md.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.answer_tools import evaluate, load_no_card, load_questions, split
from bot.domain.answers import CARDS, NOT_SURE, RISK, SMALL_TALK
from bot.domain.risk import TOPIC_FOR_CATEGORY
from bot.i18n import Catalogs
from bot.library import load_library
from bot.views.library import render_small_talk

# Kept-out figures measured (bench/answers.py), floored. With blind batches 3-19 in the set
# (755 kept-out questions, 421 no-card messages) and the learned ranker
# (bot/domain/search/ranker.py): recall@1 yue 0.891, en 0.864, mixed 0.924, all 0.886;
# recall@3 0.913 / 0.889 / 0.937 / 0.907; card precision 0.974, recall 0.974; small talk /
# out of scope 401/421 = 0.952; risk 73/79. (Goals: @1 0.93, @3 0.98: not reached.)
MIN_AT1 = {"yue": 0.88, "en": 0.85, "mixed": 0.90, "all": 0.87}
MIN_AT3 = {"yue": 0.91, "en": 0.88, "mixed": 0.92, "all": 0.90}
MIN_CARD_PRECISION = 0.95
MIN_CARD_RECALL = 0.95  # real questions answered with cards (goal 0.95)
MIN_NO_CARD_RIGHT = 0.92  # small talk / out of scope answered as such (goal 0.90)
MIN_RISK_AS_RISK = 72  # of 79 kept-out risk questions


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library()


@pytest.fixture(scope="module")
def kept_out(library):  # type: ignore[no-untyped-def]
    _, questions = split(load_questions())
    _, no_card = split(load_no_card())
    return evaluate(library, questions, no_card)


def test_the_set_is_big_enough_and_a_fifth_is_kept_out() -> None:
    questions = [q for q in load_questions() if not q.risk]
    by_lang = {lang: sum(q.lang == lang for q in questions) for lang in ("yue", "en", "mixed")}
    assert len(questions) >= 300
    assert by_lang["yue"] >= 100 and by_lang["en"] >= 100 and by_lang["mixed"] >= 40
    assert len(load_no_card()) >= 80
    tuning, held = split(load_questions())
    assert not {q.text for q in tuning} & {q.text for q in held}
    assert 0.15 < len(held) / (len(tuning) + len(held)) < 0.25


def test_every_label_names_a_topic_the_library_has(library) -> None:  # type: ignore[no-untyped-def]
    """A mistyped topic id would count a right answer as wrong, silently."""
    unknown = {t for q in load_questions() for t in q.topics if t not in library.topics}
    assert not unknown


@pytest.mark.parametrize("lang", ["yue", "en", "mixed", "all"])
def test_recall_per_language(kept_out, lang) -> None:  # type: ignore[no-untyped-def]
    at1 = kept_out.share(kept_out.at1, kept_out.questions, lang)
    at3 = kept_out.share(kept_out.at3, kept_out.questions, lang)
    assert at1 >= MIN_AT1[lang]
    assert at3 >= MIN_AT3[lang]


def test_answer_with_a_card_precision_and_recall(kept_out) -> None:  # type: ignore[no-untyped-def]
    assert kept_out.card_precision >= MIN_CARD_PRECISION
    assert kept_out.card_recall >= MIN_CARD_RECALL


def test_small_talk_and_out_of_scope_get_no_card_and_no_risk(kept_out) -> None:  # type: ignore[no-untyped-def]
    assert kept_out.share(kept_out.no_card_right, kept_out.no_card) >= MIN_NO_CARD_RIGHT
    assert kept_out.no_card_with_risk == 0


def test_risk_questions_are_answered_as_risk(kept_out) -> None:  # type: ignore[no-untyped-def]
    assert kept_out.risk_answered_as_risk >= MIN_RISK_AS_RISK


# -- the situations issue 13 names, one by one ------------------------------------------


def _lead(library, text: str) -> str:  # type: ignore[no-untyped-def]
    answer = library.answer(text)
    assert answer.kind in (CARDS, RISK), (text, answer.kind)
    return answer.cards[0].primary_topic


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("the daughter shouted at me", {"boundaries.family_contact", "engagement.visit_safety"}),
        ("佢個女鬧我多管閒事", {"boundaries.family_contact", "engagement.visit_safety"}),
        ("client forgets things", {"engagement.memory_changes"}),
        ("婆婆成日唔記得我嚟過", {"engagement.memory_changes"}),
        ("I've forgotten my training", {"teamwork.continuous_learning"}),
        ("she smells of alcohol", {"engagement.visit_safety"}),
        ("阿伯飲醉咗酒", {"engagement.visit_safety"}),
        ("her son never visits and she is lonely",
         {"resources.community", "conversation.active_listening"}),
        ("my client died last week and I keep crying", {"selfcare.client_died"}),
    ],
)  # fmt: skip
def test_ranking_reads_the_situation(library, text, wanted) -> None:  # type: ignore[no-untyped-def]
    assert _lead(library, text) in wanted


def test_the_daughter_who_shouted_is_not_a_death(library) -> None:  # type: ignore[no-untyped-def]
    cards = library.answer("the daughter shouted at me").cards
    assert not any(c.primary_topic.startswith("grief.") for c in cards)


@pytest.mark.parametrize(
    "text",
    [
        "伯伯話多謝我陪咗佢一年 送咗隻金介指俾我 好重禮 我真係唔敢收",
        "婆婆問我 你做咩成日嚟 我好似好多餘",
    ],
)
def test_a_plain_question_is_not_answered_with_a_risk_card(library, text) -> None:  # type: ignore[no-untyped-def]
    # Without the learned ranker the words alone (a treasured thing given away, 多餘) put
    # the suicide or abuse card first: a card that reads as an alarm, with no safety block.
    words_only = dataclasses.replace(library, ranker=None)
    for answering in (library, words_only):
        answer = answering.answer(text)
        assert answer.kind == CARDS
        assert answer.cards[0].primary_topic not in TOPIC_FOR_CATEGORY.values()


def test_the_clients_words_lead_to_the_response_card(library) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer("佢話想自殺")
    assert answer.kind == RISK
    assert answer.cards[0].primary_topic == "risk.suicide"
    assert not any(c.primary_topic.startswith("selfcare.") for c in answer.cards)


@pytest.mark.parametrize(
    "text",
    [
        "my client's son killed himself in March, what can I say to her on Friday",
        "陳太個老公舊年燒炭走咗，佢今日第一次同我講起，我應該點接",
        "婆婆個好朋友上個月自己了結咗，佢好內疚，我點安慰佢",
    ],
)
def test_a_suicide_death_told_of_leads_with_grief_and_the_quiet_button(library, text) -> None:  # type: ignore[no-untyped-def]
    # Grief is not itself risk (RISK_LANGUAGE.md): no block, but the way to a human is one tap.
    answer = library.answer(text)
    assert answer.kind == CARDS
    assert answer.cards[0].primary_topic == "grief.suicide_loss"
    assert answer.unsure_about_safety


@pytest.mark.parametrize(
    "text",
    [
        "One of my clients took his own life last month. I keep going over our last visit.",
        "我個案上個月跳樓走咗，我成日諗係咪我做錯咗啲乜",
    ],
)
def test_a_supporters_own_client_who_died_by_suicide_leads_with_the_supporters_card(  # type: ignore[no-untyped-def]
    library, text
) -> None:
    # The supporter is the one grieving: the card for losing a client, not the card for
    # helping a client who lost someone.
    answer = library.answer(text)
    assert answer.kind == CARDS
    assert answer.cards[0].primary_topic == "selfcare.client_died"
    assert answer.unsure_about_safety


def test_a_clients_relative_who_died_by_suicide_is_the_clients_loss(library) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer("my client's nephew hanged himself two years ago, she told me today")
    assert answer.cards[0].primary_topic == "grief.suicide_loss"


@pytest.mark.parametrize(
    "text",
    [
        "her husband killed himself last year and now she says she wants to join him",
        "陳太個老公舊年燒炭走咗，佢話好想跟佢去",
    ],
)
def test_a_wish_to_follow_someone_who_died_by_suicide_keeps_the_block(library, text) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer(text)
    assert answer.kind == RISK
    assert answer.cards[0].primary_topic == "grief.suicide_loss"  # what was asked about
    assert any(c.primary_topic == "risk.suicide" for c in answer.cards)


def test_an_attempt_is_not_a_bereavement(library) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer("she tried to kill herself last night, her daughter found her")
    assert answer.kind == RISK
    assert not any(c.primary_topic.startswith("grief.") for c in answer.cards[:1])


def test_invisible_characters_do_not_hide_words(library) -> None:  # type: ignore[no-untyped-def]
    assert library.answer("佢話想\u200b自\u200d殺").kind == RISK
    plain = library.answer("client forgets things")
    hidden = library.answer("cli\u200bent for\u2060gets th\u00adings\x07")
    assert [c.id for c in hidden.cards] == [c.id for c in plain.cards]


@pytest.mark.parametrize(
    "text",
    ["今日天氣點", "should I buy HSBC shares now", "點煲老火湯", "尾班車幾點", "今晚翡翠台有咩睇",
     "my printer won't connect to wifi"],
)  # fmt: skip
def test_out_of_scope_is_not_sure(library, text) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer(text)
    assert answer.kind == NOT_SURE and answer.cards == ()


@pytest.mark.parametrize(
    "text",
    ["收到", "明白", "👍", "are you a robot?", "唔該晒", "hi", "冬至快樂", "happy mid-autumn!",
     "你今日好嗎", "gotta run", "hahaha 你好搞笑", "你識唔識講國語", "sorry wrong button",
     "你好叻", "早安各位老友",
     # a few words more than the phrase, none of them about the work
     "hi hi, I'm back again", "bye bye, talk to you next time", "好呀好呀，就咁做",
     "thank you so much for the quick reply", "早晨，今日好熱",
     # who made it, what it is, what it can be asked
     "who made you? the government?", "Are you a man or a woman?", "邊個整你㗎",
     "What kind of questions can I ask you?",
     # laughter said with death words
     "I nearly died laughing", "笑死我"],
)  # fmt: skip
def test_small_talk_gets_no_card(library, text) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer(text)
    assert answer.kind == SMALL_TALK and answer.cards == ()


@pytest.mark.parametrize("text", ["I'm dying", "im dying"])
def test_dying_said_alone_is_not_taken_for_laughter(library, text) -> None:  # type: ignore[no-untyped-def]
    # "hahaha I'm dying" is laughter; "I'm dying" alone may not be, so it is not small talk.
    assert library.answer(text).kind != SMALL_TALK


@pytest.mark.parametrize("text", ["你答非所問", "that's not what I asked", "this bot is useless"])
def test_a_complaint_gets_an_apology_in_the_persons_language(library, text) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer(text)
    assert answer.kind == SMALL_TALK and answer.small_talk == "complaint"
    catalogs = Catalogs.load()
    assert "other words" in render_small_talk(catalogs.get("en"), answer.small_talk, "")
    assert "對唔住" in render_small_talk(catalogs.get("yue"), answer.small_talk, "")


@pytest.mark.parametrize(
    "text",
    ["thanks but what do I say when she cries", "佢話我冇用", "婆婆問點申請生果金",
     "八號風球婆婆冇餸食", "佢唔識用手機", "伯伯話想去飲茶", "收到 咁我應唔應該話俾社工知",
     "typhoon signal 8 tomorrow, do I still visit?", "我好冇用", "I'm useless",
     "hi, my client cried today", "好攰，想辭職", "早晨，婆婆今日唔開門",
     "my client keeps asking me: are you a person from the government?"],
)  # fmt: skip
def test_a_question_about_the_work_still_gets_cards(library, text) -> None:  # type: ignore[no-untyped-def]
    assert library.answer(text).kind == CARDS


@pytest.mark.parametrize(
    "text",
    ["三號風球會唔會改八號", "我部手機好慢點算", "點樣申請長者卡", "點樣煲雞湯",
     "tell me a funny story", "what's the tallest building in Hong Kong"],
)  # fmt: skip
def test_the_askers_own_affairs_are_not_sure(library, text) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer(text)
    assert answer.kind == NOT_SURE and answer.cards == ()


def test_related_cards_come_from_the_same_area_or_the_related_list(library) -> None:  # type: ignore[no-untyped-def]
    for text in ("佢話想自殺", "client forgets things", "she gave me a red packet", "好攰"):
        answer = library.answer(text)
        lead = answer.cards[0]
        area = library.topics[lead.primary_topic].category
        for card in answer.cards[1:]:
            if card is answer.alternative:  # the other reading, offered as "Or: …"
                continue
            assert card.id in lead.related or library.topics[card.primary_topic].category == area


def test_a_message_read_two_ways_offers_a_card_from_another_area(library) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer("the daughter shouted at me")
    assert answer.alternative is not None and answer.cards[1] is answer.alternative
    areas = {library.topics[c.primary_topic].category for c in answer.cards[:2]}
    assert len(areas) == 2
    assert library.answer("she gave me a red packet").alternative is None  # one clear reading


@pytest.mark.parametrize(
    "text",
    ["", " ", "a", "😀😀😀", "*_`[]()~>#+-=|{}.!", "婆婆 hello 你好 forgets 唔記得 " * 150,
     "x" * 4096, "meet " * 800],
)  # fmt: skip
def test_bad_input_gets_a_kind_answer_and_no_risk(library, text) -> None:  # type: ignore[no-untyped-def]
    answer = library.answer(text)
    assert answer.kind in (CARDS, SMALL_TALK, NOT_SURE)
    assert answer.risk is None

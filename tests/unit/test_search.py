"""The search engine on small fixtures: text handling first, then ranking."""

from __future__ import annotations

import dataclasses
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.cards import Card, CardText, Topic
from bot.domain.search import (
    CHAR_WEIGHT,
    SearchIndex,
    SynonymTable,
    TypoCorrector,
    _one_edit,
    normalise,
    stem,
    tokenize,
)

TOPICS = {
    t.id: t
    for t in (
        Topic("grief.spouse_loss", "grief", "Client lost a husband or wife", "個案喪偶"),
        Topic("grief.anniversaries", "grief", "Anniversaries and festivals", "忌日同節日"),
        Topic(
            "boundaries.phone_number", "boundaries", "Giving out my phone number", "私人電話號碼"
        ),
        Topic(
            "boundaries.gifts", "boundaries", "Gifts, treats and red packets", "收禮、請食飯、利是"
        ),
        Topic("boundaries.after_hours", "boundaries", "Messages after hours", "下班後嘅訊息"),
        Topic("selfcare.exhaustion", "selfcare", "Emotionally drained", "身心好攰"),
        Topic(
            "engagement.no_answer",
            "engagement",
            "Client not answering door or phone",
            "拍門冇人應、電話冇人聽",
        ),
        Topic(
            "role.introduce",
            "role",
            "Introducing yourself and the role",
            "點樣介紹自己同朋輩支援者角色",
        ),
    )
}


def card(
    card_id: str,
    topics: tuple[str, ...],
    en_title: str,
    yue_title: str,
    *,
    en_say: tuple[str, ...] = ("Take your time.", "I'm here."),
    yue_say: tuple[str, ...] = ("「慢慢嚟。」", "「我喺度。」"),
    en_keywords: tuple[str, ...] = (),
    yue_keywords: tuple[str, ...] = (),
    en_situation: str = "During a visit.",
    yue_situation: str = "探訪嘅時候。",
) -> Card:
    return Card(
        id=card_id,
        topics=topics,
        kind="script",
        en=CardText(
            en_title, en_situation, en_say, ("Rushing.", "Lecturing."), keywords=en_keywords
        ),
        yue=CardText(
            yue_title, yue_situation, yue_say, ("催佢。", "教訓佢。"), keywords=yue_keywords
        ),
    )


SPOUSE = card(
    "grief-spouse",
    ("grief.spouse_loss",),
    "First visit after a client's husband passed away",
    "個案老公過身後第一次探佢",
    en_keywords=("widow", "husband died"),
    yue_keywords=("老伴", "喪偶"),
)
ANNIVERSARY = card(
    "grief-anniversary",
    ("grief.anniversaries", "grief.spouse_loss"),
    "The anniversary of a death is coming",
    "就快到忌日",
    en_keywords=("ching ming",),
    yue_keywords=("清明", "拜山"),
)
PHONE = card(
    "boundaries-phone",
    ("boundaries.phone_number",),
    "Client asks for my personal phone number",
    "個案問我攞私人電話",
    en_keywords=("number", "whatsapp"),
    yue_keywords=("電話號碼",),
)
GIFTS = card(
    "boundaries-red-packet",
    ("boundaries.gifts",),
    "Client offers me a red packet",
    "個案想俾利是我",
    en_keywords=("lai see", "money"),
    yue_keywords=("利是", "紅包", "錢"),
)
YUM_CHA = card(
    "boundaries-yum-cha",
    ("boundaries.gifts",),
    "Client insists on paying for yum cha",
    "個案堅持請飲茶",
    en_keywords=("bill", "treat"),
    yue_keywords=("埋單", "請食飯"),
)
LATE = card(
    "boundaries-late-messages",
    ("boundaries.after_hours",),
    "Client messages me late at night",
    "個案半夜send訊息俾我",
    en_keywords=("late at night", "messages"),
    yue_keywords=("半夜", "訊息"),
)
TIRED = card(
    "selfcare-drained",
    ("selfcare.exhaustion",),
    "I feel drained after visits",
    "探完個案覺得好攰",
    en_keywords=("burnout",),
    yue_keywords=("頂唔順",),
)
NO_ANSWER = card(
    "engagement-no-answer",
    ("engagement.no_answer",),
    "Nobody answers the door on a visit",
    "拍門冇人應",
    en_keywords=("not answering",),
    yue_keywords=("冇人開門",),
)
INTRO = card(
    "role-introduce",
    ("role.introduce",),
    "Introducing yourself at a first meeting",
    "第一次見面點樣介紹自己",
    en_keywords=("who am i", "introduce"),
    yue_keywords=("自我介紹",),
)
CARDS = (SPOUSE, ANNIVERSARY, PHONE, GIFTS, YUM_CHA, LATE, TIRED, NO_ANSWER, INTRO)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(CARDS, TOPICS)


def top_ids(index: SearchIndex, query: str, limit: int = 3) -> list[str]:
    return [c.id for c, _ in index.search(query, limit)]


# -- normalisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＷｈａｔｓＡｐｐ", "whatsapp"),  # full-width → half-width, case folded
        ("２個鐘", "2個鐘"),
        ("我系義工", "我係義工"),  # 系 → 係
        ("佢既老公", "佢嘅老公"),  # 既 → 嘅
        ("说个电话", "講個電話"),  # simplified → traditional → Cantonese
        ("他不想活了", "佢唔想活咗"),  # standard-Chinese function characters
        ("瞓唔著", "瞓唔着"),
        ("食野", "食嘢"),
        ("client’s", "client's"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@settings(max_examples=200)
@given(
    st.text(
        alphabet=st.sampled_from("系既説说个会這么ＡＢａｂ１２ 我佢唔嘅咗,.!?😀xyz"), max_size=30
    )
)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


# -- tokenising ------------------------------------------------------------------


def test_chinese_gives_bigrams_and_content_characters() -> None:
    terms = tokenize("冇人應門")
    assert {"冇人", "人應", "應門"} <= set(terms)
    assert {"人", "應", "門"} <= set(terms)


def test_function_characters_are_not_single_terms() -> None:
    terms = tokenize("佢走咗")
    assert "佢" not in terms and "咗" not in terms
    assert "走咗" in terms and "佢走" in terms


def test_bigrams_of_two_function_characters_are_dropped() -> None:
    assert "同佢" not in tokenize("同佢傾偈")
    assert "傾偈" in tokenize("同佢傾偈")


def test_code_switching_tokenises_both_scripts() -> None:
    terms = tokenize("個client成日WhatsApp我")
    assert "client" in terms and "whatsapp" in terms and "成日" in terms
    # No bigram spans a Latin word.
    assert not any("c" in t and len(t) == 2 for t in terms if not t.isascii())


def test_punctuation_and_emoji_are_separators() -> None:
    assert tokenize("😭😭好攰！！！") == tokenize("好攰")
    assert tokenize("Help!!! 🙏 tired...") == ["help", "tir"]


def test_english_stop_words_and_case() -> None:
    assert tokenize("What do I say to THE client?") == ["say", "client"]


def test_contractions_and_possessives() -> None:
    assert tokenize("client's wife") == ["client", "wif"]
    assert tokenize("doesn't") == []


@given(st.text(max_size=60))
def test_tokenize_never_fails_and_yields_clean_terms(text: str) -> None:
    for term in tokenize(text):
        assert term and term == term.strip() and " " not in term


# -- stemming ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "shared"),
    [
        (("visit", "visits", "visiting", "visited"), "visit"),
        (("worry", "worries", "worried"), "worry"),
        (("stop", "stopped", "stopping", "stops"), "stop"),
        (("call", "calls", "calling", "called"), "call"),
        (("miss", "misses", "missing", "missed"), "miss"),
        (("box", "boxes"), "box"),
        (("wish", "wishes", "wished"), "wish"),
        (("kind", "kindly"), "kind"),
        (("make", "making", "makes"), "mak"),
        (("die", "died", "dies", "dying"), "die"),
        (("feel", "feeling", "feelings"), "feel"),
        (("cancel", "cancelled", "cancelling"), "cancel"),
        (("lonely", "loneliness"), "lon"),
        (("family", "families"), "fami"),
    ],
)
def test_stemmer_conflates_word_forms(words: tuple[str, ...], shared: str) -> None:
    assert {stem(w) for w in words} == {shared}


@pytest.mark.parametrize("word", ["bed", "need", "sing", "bring", "this", "bus", "is", "999"])
def test_stemmer_leaves_short_or_odd_words(word: str) -> None:
    assert stem(word) == word


# -- synonyms and typos -------------------------------------------------------------


def test_synonyms_cross_languages(index: SearchIndex) -> None:
    assert top_ids(index, "passed away", 1) == ["grief-spouse"]
    assert top_ids(index, "走咗", 1) == ["grief-spouse"]  # card only says 過身 / passed away
    assert top_ids(index, "red packet", 1) == ["boundaries-red-packet"]
    assert top_ids(index, "利市", 1) == ["boundaries-red-packet"]  # variant of 利是
    assert top_ids(index, "WA", 1) == ["boundaries-phone"]
    assert top_ids(index, "好累", 1) == ["selfcare-drained"]  # card says 好攰 / drained
    assert top_ids(index, "exhausted", 1) == ["selfcare-drained"]
    assert top_ids(index, "唔應門", 1) == ["engagement-no-answer"]


def test_synonym_group_counts_once_per_card() -> None:
    """A card repeating many members of a group must not beat an exact match."""
    exact = card("a-exact", ("grief.spouse_loss",), "Spouse died", "老伴過身")
    stuffed = card(
        "b-stuffed",
        ("grief.spouse_loss",),
        "Note",
        "筆記",
        en_keywords=("husband", "wife", "partner"),
        yue_keywords=("老公", "老婆", "太太", "先生", "丈夫"),
    )
    index = SearchIndex.build([exact, stuffed], TOPICS)
    assert top_ids(index, "spouse", 1) == ["a-exact"]


def test_gap_members_match_split_phrases() -> None:
    table = SynonymTable([("唔使…探", "reluctant")])
    assert table.expand("佢話唔使我探佢", [], 1.0)
    assert not table.expand("唔使擔心", [], 1.0)


def test_typo_corrector_finds_one_edit_neighbours() -> None:
    typos = TypoCorrector({"bereaved": 3, "client": 9, "introduce": 2, "messaging": 1})
    assert typos.correct("berevaed") == "bereaved"  # swap
    assert typos.correct("clinet") == "client"  # swap
    assert typos.correct("clientt") == "client"  # insertion
    assert typos.correct("mesaging") == "messaging"  # deletion
    assert typos.correct("introdyce") == "introduce"  # substitution
    assert typos.correct("client") is None  # already a word
    assert typos.correct("cleint") == "client"
    assert typos.correct("bad") is None  # too short to guess safely
    assert typos.correct("zzzzzz") is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("abcde", "abcde", True),
        ("abcde", "abdce", True),
        ("abcde", "abcdef", True),
        ("abcde", "abde", True),
        ("abcde", "abxde", True),
        ("abcde", "badce", False),
        ("abcde", "abc", False),
        ("abcde", "edcba", False),
    ],
)
def test_one_edit_spellings(a: str, b: str, expected: bool) -> None:
    assert (a == b or b in _one_edit(a, string.ascii_lowercase)) is expected


def test_typos_are_corrected_in_queries(index: SearchIndex) -> None:
    parsed = index.parse("introdcue myslef")
    assert parsed.corrections.get("introdcue") == "introduce"
    assert top_ids(index, "introdcue myself", 1) == ["role-introduce"]
    assert top_ids(index, "whatsap", 1) == ["boundaries-phone"]


# -- ranking ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("what do I say to a bereaved client", "grief-spouse"),
        ("個伯伯老婆走咗點同佢傾", "grief-spouse"),
        ("client keeps asking for my phone number", "boundaries-phone"),
        ("個client成日WhatsApp我", "boundaries-phone"),
        ("婆婆想俾利是我", "boundaries-red-packet"),
        ("client想請我飲茶", "boundaries-yum-cha"),
        ("冇人應門", "engagement-no-answer"),
        ("清明", "grief-anniversary"),
        ("how do i introduce myself", "role-introduce"),
        ("半夜成日有訊息", "boundaries-late-messages"),
        ("ＷｈａｔｓＡｐｐ", "boundaries-phone"),
        ("个案问我攞电话", "boundaries-phone"),  # simplified characters
    ],
)
def test_ranking_sanity(index: SearchIndex, query: str, expected: str) -> None:
    assert top_ids(index, query, 1) == [expected]


def test_single_character_query_still_works(index: SearchIndex) -> None:
    assert top_ids(index, "錢", 1) == ["boundaries-red-packet"]
    assert top_ids(index, "攰", 1) == ["selfcare-drained"]


def test_single_characters_weigh_less_than_bigrams() -> None:
    assert CHAR_WEIGHT < 1.0
    bigram = card("a-bigram", ("selfcare.exhaustion",), "Note", "身心好攰")
    chars = card("b-chars", ("selfcare.exhaustion",), "Note", "心口身體")
    index = SearchIndex.build([chars, bigram], TOPICS)
    assert top_ids(index, "身心", 1) == ["a-bigram"]


def test_title_outweighs_say() -> None:
    in_title = card("b-title", ("selfcare.exhaustion",), "Burnout after visits", "筆記")
    in_say = card(
        "a-say", ("selfcare.exhaustion",), "Visits", "筆記", en_say=("Burnout happens.", "Rest.")
    )
    index = SearchIndex.build([in_say, in_title], TOPICS)
    assert top_ids(index, "burnout", 1) == ["b-title"]


def test_primary_topic_label_gets_a_boost() -> None:
    # Same words; only the primary topic differs. 'gifts' names boundaries.gifts.
    primary = card("b-primary", ("boundaries.gifts", "grief.spouse_loss"), "Gifts", "禮物")
    secondary = card("a-secondary", ("grief.spouse_loss", "boundaries.gifts"), "Gifts", "禮物")
    index = SearchIndex.build([secondary, primary], TOPICS)
    assert top_ids(index, "gifts", 1) == ["b-primary"]


def test_ties_break_by_card_id() -> None:
    twins = [card(f"twin-{c}", ("boundaries.gifts",), "Red packet", "利是") for c in "cab"]
    index = SearchIndex.build(twins, TOPICS)
    results = index.search("red packet", 3)
    assert [c.id for c, _ in results] == ["twin-a", "twin-b", "twin-c"]
    assert len({score for _, score in results}) == 1


def test_results_are_best_first_and_limited(index: SearchIndex) -> None:
    results = index.search("client", 2)
    assert len(results) <= 2
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)


def test_no_match_and_empty_queries(index: SearchIndex) -> None:
    assert index.search("", 3) == []
    assert index.search("!!! 😀", 3) == []
    assert index.search("qwertyuiop", 3) == []
    assert index.search("red packet", 0) == []


def test_primary_topic_filter(index: SearchIndex) -> None:
    results = index.search("利是", 3, primary_topic="boundaries.gifts")
    assert results and all(c.primary_topic == "boundaries.gifts" for c, _ in results)


def test_empty_index() -> None:
    assert SearchIndex.build([], TOPICS).search("anything", 3) == []


def test_topics_may_be_given_as_a_list() -> None:
    index = SearchIndex.build(CARDS, list(TOPICS.values()))
    assert top_ids(index, "red packet", 1) == ["boundaries-red-packet"]


def test_direct_construction_is_refused() -> None:
    with pytest.raises(TypeError):
        SearchIndex()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_search_never_fails(text: str) -> None:
    index = SearchIndex.build(CARDS, TOPICS)
    assert len(index.search(text, 3)) <= 3


# -- example questions (asks) --------------------------------------------------------


def test_a_question_worded_only_like_an_ask_finds_its_card_first() -> None:
    """Neither the title nor the keywords of TIRED hold these words; its asks do."""
    query_en = "after seeing clients I just want to lie on the sofa all evening"
    query_yue = "每次見完阿婆返到屋企成身冇晒力好似洩咗氣咁"
    plain = SearchIndex.build(CARDS, TOPICS)
    assert top_ids(plain, query_en)[:1] != ["selfcare-drained"]
    assert top_ids(plain, query_yue)[:1] != ["selfcare-drained"]
    tired = dataclasses.replace(
        TIRED,
        en=dataclasses.replace(
            TIRED.en, asks=("I just want to lie on the sofa after seeing clients",)
        ),
        yue=dataclasses.replace(TIRED.yue, asks=("見完阿婆返到屋企好似洩咗氣",)),
    )
    cards = tuple(tired if c is TIRED else c for c in CARDS)
    with_asks = SearchIndex.build(cards, TOPICS)
    assert top_ids(with_asks, query_en)[0] == "selfcare-drained"
    assert top_ids(with_asks, query_yue)[0] == "selfcare-drained"


def test_asks_do_not_outrank_a_card_named_by_the_question() -> None:
    """An ask sharing one word with a question does not beat the card the question names."""
    phone = dataclasses.replace(
        GIFTS, en=dataclasses.replace(GIFTS.en, asks=("she keeps giving me money",))
    )
    cards = tuple(phone if c is GIFTS else c for c in CARDS)
    index = SearchIndex.build(cards, TOPICS)
    assert top_ids(index, "client asks for my personal phone number")[0] == "boundaries-phone"

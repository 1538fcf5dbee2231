"""Risk words must never be missed (BRIEF.md §5.4); ordinary questions should pass."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.risk import (
    ELDER_ABUSE,
    MEDICAL_EMERGENCY,
    PRIORITY,
    SELF_HARM,
    SEVERE_DEPRESSION,
    SUICIDE,
    TOPIC_FOR_CATEGORY,
    detect_all,
    detect_risk,
)
from bot.library import load_library

POSITIVES: list[tuple[str, str]] = [
    # suicide — Cantonese
    ("佢話想死", SUICIDE),
    ("婆婆話唔想活", SUICIDE),
    ("伯伯話唔想生存", SUICIDE),
    ("佢講唔想活落去", SUICIDE),
    ("佢話冇意思再活", SUICIDE),
    ("佢話自殺", SUICIDE),
    ("個案話想跳樓", SUICIDE),
    ("佢話想喺窗口跳落去", SUICIDE),
    ("佢講過燒炭", SUICIDE),
    ("佢喺度儲藥", SUICIDE),
    ("佢話想食晒啲藥", SUICIDE),
    ("佢話死咗好過", SUICIDE),
    ("佢話冇咗我會好啲", SUICIDE),
    ("佢寫咗遺書", SUICIDE),
    ("他不想活了", SUICIDE),  # standard-Chinese wording
    ("佢话想死", SUICIDE),  # simplified
    ("想 死", SUICIDE),  # stray space
    # suicide — English
    ("she said she wants to kill herself", SUICIDE),
    ("he talked about killing himself", SUICIDE),
    ("client mentioned suicide", SUICIDE),
    ("I think he is suicidal", SUICIDE),
    ("she said she wants to die", SUICIDE),
    ("he told me I want to die", SUICIDE),
    ("she doesn't want to live anymore", SUICIDE),
    ("he said he dont want to live", SUICIDE),
    ("she wants to end it all", SUICIDE),
    ("he said he would end his life", SUICIDE),
    ("everyone would be better off without me", SUICIDE),
    ("she has been saving pills", SUICIDE),
    ("KILL MYSELF", SUICIDE),
    ("ｓｕｉｃｉｄｅ", SUICIDE),  # full-width
    # suicide — mixed
    ("佢想死 what do i do", SUICIDE),
    ("client話唔想活", SUICIDE),
    ("婆婆話want to die", SUICIDE),
    # self-harm
    ("佢𠝹手", SELF_HARM),
    ("佢有界手", SELF_HARM),
    ("佢鎅手", SELF_HARM),
    ("佢割脈", SELF_HARM),
    ("佢會傷害自己", SELF_HARM),
    ("she is cutting herself", SELF_HARM),
    ("I saw cutting marks", SELF_HARM),
    ("he might hurt himself", SELF_HARM),
    ("she self harms", SELF_HARM),
    ("history of self-harm", SELF_HARM),
    ("client has cuts on her arm", SELF_HARM),
    # elder abuse and neglect
    ("個仔打佢", ELDER_ABUSE),
    ("我懷疑佢俾人虐待", ELDER_ABUSE),
    ("會唔會係虐老", ELDER_ABUSE),
    ("個姪呃錢", ELDER_ABUSE),
    ("佢個仔呃佢錢", ELDER_ABUSE),
    ("個仔攞晒佢啲錢", ELDER_ABUSE),
    ("佢成日俾人鬧", ELDER_ABUSE),
    ("佢屋企冇飯食", ELDER_ABUSE),
    ("佢身上有瘀傷", ELDER_ABUSE),
    ("I suspect abuse", ELDER_ABUSE),
    ("she is being abused by her son", ELDER_ABUSE),
    ("her son hit her", ELDER_ABUSE),
    ("he has bruises on his arm", ELDER_ABUSE),
    ("son took her money", ELDER_ABUSE),
    ("the helper took his pension", ELDER_ABUSE),
    ("I think it is neglect", ELDER_ABUSE),
    ("daughter neglects him", ELDER_ABUSE),
    # medical emergency
    ("婆婆跌親", MEDICAL_EMERGENCY),
    ("佢喺廁所跌低", MEDICAL_EMERGENCY),
    ("伯伯暈低咗", MEDICAL_EMERGENCY),
    ("佢暈咗", MEDICAL_EMERGENCY),
    ("佢話心口痛", MEDICAL_EMERGENCY),
    ("佢唞唔到氣", MEDICAL_EMERGENCY),
    ("佢抖唔到氣", MEDICAL_EMERGENCY),
    ("懷疑中風", MEDICAL_EMERGENCY),
    ("client fell at home", MEDICAL_EMERGENCY),
    ("she had a fall", MEDICAL_EMERGENCY),
    ("he has chest pain", MEDICAL_EMERGENCY),
    ("she can't breathe", MEDICAL_EMERGENCY),
    ("he cannot breathe properly", MEDICAL_EMERGENCY),
    ("found him unconscious", MEDICAL_EMERGENCY),
    ("she collapsed in the kitchen", MEDICAL_EMERGENCY),
    ("I think he had a stroke", MEDICAL_EMERGENCY),
    ("婆婆fall低咗", MEDICAL_EMERGENCY),
    ("she fell and hurt herself", MEDICAL_EMERGENCY),  # the emergency comes first
    # severe depression
    ("佢成日唔食嘢", SEVERE_DEPRESSION),
    ("佢唔食野", SEVERE_DEPRESSION),  # 野 for 嘢
    ("佢自己停藥", SEVERE_DEPRESSION),
    ("佢話冇希望", SEVERE_DEPRESSION),
    ("佢好絕望", SEVERE_DEPRESSION),
    ("佢瞓唔着又好唔開心", SEVERE_DEPRESSION),
    ("唔瞓覺，成日喊", SEVERE_DEPRESSION),
    ("she stopped eating", SEVERE_DEPRESSION),
    ("he stopped taking his medication", SEVERE_DEPRESSION),
    ("she stopped her pills", SEVERE_DEPRESSION),
    ("he feels hopeless", SEVERE_DEPRESSION),
    ("she can't sleep and is very sad", SEVERE_DEPRESSION),
    ("he is not eating", SEVERE_DEPRESSION),
    ("she cries every day", SEVERE_DEPRESSION),
    # round 16's shapes, in other words: Hong Kong English without "to", heaven asked to take
    # her, a goodbye for the next visit, a life kept for nothing
    ("my client say she want die, she dont want tell her son", SUICIDE),
    ("he says he'd rather be dead than move into a home", SUICIDE),
    ("po po keep asking why heaven not take her yet", SUICIDE),
    ("she said if I'm not here next time, don't be sad", SUICIDE),
    ("伯伯話寧願死都唔想入老人院", SUICIDE),
    ("婆婆話佢條命留嚟做乜", SUICIDE),
    ("佢話下個禮拜你就搵唔到我", SUICIDE),
    ("he has not washed or changed his clothes for over a week", SEVERE_DEPRESSION),
    ("she stopped taking her antidepressants, she stays in bed the whole day", SEVERE_DEPRESSION),
    ("the helper ties him to the chair when she goes out", ELDER_ABUSE),
    ("佢話自己嘅身後事已經交代好晒，叫我唔使再嚟", SUICIDE),
]

NEGATIVES: list[str] = [
    # risk as a subject (the search still finds the card, without the block), a near fall,
    # an early start
    "suicide prevention training",
    "The suicide prevention workshop was really useful, are the slides online?",
    "邊度有虐老嘅單張可以俾婆婆睇？",
    "佢落樓梯差啲跌親，好彩我扶住佢",
    "I want go early to the market tomorrow with Mrs Chan",
    "She said 'I'm ready to go!' and put her coat on, off to yum cha",
    "Her son yells at her because she is deaf, then they both laugh",
    "今日陳伯同我講起佢嘅身後事，佢講得好輕鬆，話好多年前已經買咗龕位",
    "what do I say to a bereaved client",
    "client keeps asking for my phone number",
    "琴日探訪2個鐘",
    "個伯伯老婆走咗點同佢傾",
    "婆婆想俾利是我",
    "個client成日WhatsApp我",
    "冇人應門",
    "how do i introduce myself",
    "唔夠鐘數好擔心",
    "打佢電話冇人聽",  # 'phone him', not 'hit him'
    "打佢手機都唔聽",
    "she fell asleep during the visit",
    "I keep falling short of my hours",
    "I'm falling behind with my notes",
    "we are cutting back on visits",
    "he loves talking about the fall of the Qing dynasty",
    "client wants to pay for yum cha",
    "how to say no nicely",
    "old photos and old hong kong",
    "壓力好大瞓唔着",  # poor sleep without low mood
    "清明節佢想去拜山",
    "教婆婆用手機",
    "我好攰想唔做",
    "界線點樣定",  # 界 of 界線 is not 界手
    "I don't want to push her",
    "am I a volunteer or an employee",
    "social worker 唔覆我",
]


@pytest.mark.parametrize(("text", "category"), POSITIVES, ids=[t for t, _ in POSITIVES])
def test_risk_phrases_are_detected(text: str, category: str) -> None:
    match = detect_risk(text)
    assert match is not None, text
    assert match.category == category
    assert match.topic_id == TOPIC_FOR_CATEGORY[category]
    assert match.phrase


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_queries_are_not_flagged(text: str) -> None:
    assert detect_risk(text) is None


def test_list_sizes() -> None:
    assert len(POSITIVES) >= 60
    assert len(NEGATIVES) >= 20
    assert {c for _, c in POSITIVES} == set(TOPIC_FOR_CATEGORY)


# Every phrase named in BRIEF.md §5.4 and the project brief, bare.
BRIEF_PHRASES = (
    "想死", "唔想活", "唔想生存", "唔想活落去", "冇意思再活", "自殺", "跳樓", "跳落去", "燒炭",
    "儲藥", "食晒啲藥", "𠝹手", "界手", "鎅手", "割脈", "傷害自己", "打佢", "虐待", "虐老",
    "呃錢", "攞晒佢啲錢", "俾人鬧", "冇飯食", "跌親", "跌低", "暈低", "暈咗", "心口痛",
    "唞唔到氣", "抖唔到氣", "中風", "唔食嘢", "停藥", "冇希望", "絕望",
    "kill myself", "killing herself", "suicide", "suicidal", "want to die", "wants to die",
    "don't want to live", "end it all", "end my life", "better off without me", "self harm",
    "self-harm", "cutting", "hurt herself", "abuse", "abused", "hit her", "bruises",
    "took her money", "neglect", "fell", "fall", "chest pain", "can't breathe", "unconscious",
    "collapsed", "stroke", "stopped eating", "stopped medication", "hopeless",
)  # fmt: skip


@pytest.mark.parametrize("phrase", BRIEF_PHRASES)
def test_every_brief_phrase_is_detected(phrase: str) -> None:
    assert detect_risk(phrase) is not None


@pytest.mark.parametrize("phrase", ["唔瞓覺", "瞓唔着"])
def test_sleep_alone_needs_low_mood(phrase: str) -> None:
    assert detect_risk(phrase) is None
    assert detect_risk(phrase + "，又唔開心").category == SEVERE_DEPRESSION


def test_detect_all_lists_every_category_most_urgent_first() -> None:
    matches = detect_all("佢話想死，又唔食嘢，個仔仲打佢")
    assert [m.category for m in matches] == [SUICIDE, ELDER_ABUSE, SEVERE_DEPRESSION]
    assert detect_risk("佢話想死，又唔食嘢").category == SUICIDE


def test_priority_covers_every_category() -> None:
    assert set(PRIORITY) == set(TOPIC_FOR_CATEGORY)
    assert PRIORITY[0] == SUICIDE


def test_risk_topics_exist_in_the_taxonomy() -> None:
    topics = load_library().topics
    for topic_id in TOPIC_FOR_CATEGORY.values():
        assert topic_id in topics and topics[topic_id].safety_critical


@given(st.text(max_size=80))
def test_detect_risk_never_fails(text: str) -> None:
    match = detect_risk(text)
    assert match is None or match.topic_id == TOPIC_FOR_CATEGORY[match.category]

"""Search quality against the REAL bundled content.

The queries were written before the card text existed, the way a hurried
supporter would type them on a phone. Each has the set of acceptable PRIMARY
topics: a hit means the returned card's primary topic is in that set.
Improve the engine, not the queries.
"""

from __future__ import annotations

import pytest

from bot.library import Library, load_library

# (query, acceptable primary topics)
ENGLISH: list[tuple[str, set[str]]] = [
    (
        "what do I say to a bereaved client",
        {"grief.spouse_loss", "grief.recent_bereavement", "grief.dead_air"},
    ),
    ("client keeps asking for my phone number", {"boundaries.phone_number"}),
    ("how do i introduce myself", {"role.introduce"}),
    ("client wants to pay for yum cha", {"boundaries.gifts"}),
    ("she gave me a red packet at new year", {"boundaries.gifts"}),
    ("nobody answered the door", {"engagement.no_answer"}),
    ("client not picking up the phone for days", {"engagement.no_answer"}),
    ("I already gave him my whatsapp, how do I undo it", {"boundaries.phone_number"}),
    ("messages late at night", {"boundaries.after_hours"}),
    ("case closed but she keeps calling me", {"boundaries.discharged_clients"}),
    ("he says I'm the only one he can talk to", {"boundaries.dependence"}),
    ("how to say no nicely", {"boundaries.saying_no"}),
    ("her husband passed away last month", {"grief.spouse_loss", "grief.recent_bereavement"}),
    ("anniversary of his wife's death", {"grief.anniversaries"}),
    ("ching ming festival is coming and she is sad", {"grief.anniversaries"}),
    ("awkward silence during visit", {"conversation.silence", "grief.dead_air"}),
    ("what to talk about on first visit", {"conversation.starters", "role.introduce"}),
    (
        "he likes history and old news",
        {"conversation.interests", "conversation.reminiscence", "engagement.men"},
    ),
    ("how to listen better", {"conversation.active_listening"}),
    ("old photos and old hong kong", {"conversation.reminiscence"}),
    ("male client misreads my care", {"engagement.opposite_sex"}),
    ("older men don't join centre activities", {"engagement.men"}),
    ("meet at the centre instead of home", {"engagement.meet_at_centre"}),
    ("client says she doesn't need me", {"engagement.reluctant"}),
    ("keeps cancelling visits", {"engagement.reluctant"}),
    (
        "when should I tell the social worker",
        {"risk.when_to_escalate", "teamwork.social_worker", "admin.reporting"},
    ),
    ("I feel so stressed about my clients", {"selfcare.stress"}),
    ("worried I won't reach 16 hours this month", {"selfcare.hours_pressure"}),
    ("I'm exhausted and want to quit", {"selfcare.exhaustion"}),
    ("I feel like a failure after giving my number", {"selfcare.guilt", "boundaries.phone_number"}),
    (
        "who can I ask for help",
        {"selfcare.asking_for_help", "teamwork.mentorship", "teamwork.social_worker"},
    ),
    ("my social worker is always busy", {"teamwork.social_worker"}),
    ("ask a senior supporter for advice", {"teamwork.mentorship"}),
    ("I forgot what I learned in training", {"teamwork.continuous_learning"}),
    ("hotline numbers", {"resources.hotlines"}),
    ("teach client to use whatsapp video call", {"resources.smartphone_help"}),
    ("she asks me to fill in a welfare form", {"resources.welfare_referral", "role.scope"}),
    ("how do I log my hours", {"admin.log_hours"}),
    ("what to write after a visit", {"admin.reporting"}),
    ("can I use the client's full name in chat", {"admin.privacy"}),
    ("am I a volunteer or an employee", {"role.volunteer_vs_employee"}),
    ("client asks me for medical advice", {"role.scope"}),
    ("introduce neighbours to each other", {"resources.community"}),
    # Situations added after the December 2026 content review (its §5).
    ("should I go to my client's funeral", {"selfcare.client_died"}),
    ("my client passed away and I can't stop crying", {"selfcare.client_died"}),
    ("can I tell my client I had depression too", {"conversation.self_disclosure"}),
    ("client says I don't understand what it's like", {"conversation.self_disclosure"}),
    ("she smells of alcohol", {"engagement.visit_safety"}),
    ("her son was drunk and shouting at me", {"engagement.visit_safety"}),
    ("the flat is full of junk and smells of gas", {"engagement.visit_safety"}),
    ("I'm scared of the client's dog", {"engagement.visit_safety"}),
    ("client wants me to stay late at night", {"engagement.visit_safety"}),
    ("client forgets things", {"engagement.memory_changes"}),
    ("he got lost on the way home", {"engagement.memory_changes"}),
    ("she is afraid she has dementia", {"engagement.memory_changes"}),
    ("she is exhausted looking after her sick husband", {"grief.sick_spouse"}),
    ("his wife is in a hospice", {"grief.sick_spouse"}),
    ("the client's daughter keeps calling me for updates", {"boundaries.family_contact"}),
    ("her son wants me to persuade her to move to a care home", {"boundaries.family_contact"}),
    ("the daughter shouted at me", {"engagement.visit_safety", "boundaries.family_contact"}),
    ("I'm running late for my visit", {"role.work_ethics"}),
    ("client asks what religion I am", {"role.work_ethics"}),
    ("can I sell health supplements to clients", {"role.work_ethics"}),
    ("he wants to talk about politics", {"role.work_ethics"}),
    ("she wants to lend me her umbrella", {"role.work_ethics"}),
    ("typhoon signal 8 on visit day", {"engagement.weather"}),
    ("very hot weather client lives alone", {"engagement.weather"}),
]

CANTONESE: list[tuple[str, set[str]]] = [
    ("個伯伯老婆走咗點同佢傾", {"grief.spouse_loss", "grief.dead_air"}),
    ("婆婆想俾利是我", {"boundaries.gifts"}),
    ("冇人應門", {"engagement.no_answer"}),
    ("唔夠鐘數好擔心", {"selfcare.hours_pressure"}),
    ("個案問我攞電話", {"boundaries.phone_number"}),
    ("第一次探訪點樣自我介紹", {"role.introduce"}),
    ("飲茶佢堅持要請", {"boundaries.gifts"}),
    ("半夜成日有訊息", {"boundaries.after_hours"}),
    ("結咗案仲搵我", {"boundaries.discharged_clients"}),
    ("佢話淨係得我一個可以傾", {"boundaries.dependence"}),
    ("點樣拒絕佢", {"boundaries.saying_no"}),
    ("屋企人啱啱過身", {"grief.recent_bereavement", "grief.spouse_loss"}),
    ("清明節佢好唔開心", {"grief.anniversaries"}),
    ("冷場唔知講咩", {"conversation.silence", "grief.dead_air"}),
    ("有咩話題可以傾", {"conversation.starters", "conversation.interests"}),
    ("伯伯鍾意講歷史", {"conversation.interests", "conversation.reminiscence", "engagement.men"}),
    ("講返以前嘅事", {"conversation.reminiscence"}),
    ("男個案誤會我", {"engagement.opposite_sex"}),
    ("啲伯伯唔肯嚟中心", {"engagement.men", "engagement.reluctant"}),
    ("約佢喺中心見", {"engagement.meet_at_centre"}),
    ("佢話唔使我探佢", {"engagement.reluctant"}),
    ("幾時要通知社工", {"risk.when_to_escalate", "teamwork.social_worker"}),
    ("我好攰想唔做", {"selfcare.exhaustion"}),
    ("壓力好大瞓唔着", {"selfcare.stress"}),
    ("覺得自己好失敗", {"selfcare.guilt"}),
    ("社工好忙搵唔到", {"teamwork.social_worker", "risk.when_to_escalate"}),
    ("問下資深朋輩", {"teamwork.mentorship"}),
    ("培訓教咗咩都唔記得", {"teamwork.continuous_learning"}),
    ("熱線電話", {"resources.hotlines"}),
    ("教婆婆用手機", {"resources.smartphone_help"}),
    ("佢問我申請津貼", {"resources.welfare_referral", "role.scope"}),
    ("點樣記錄時數", {"admin.log_hours"}),
    ("可唔可以寫個案全名", {"admin.privacy"}),
    ("我系義工定員工", {"role.volunteer_vs_employee"}),
    ("佢老公過咗身", {"grief.spouse_loss"}),
    ("我個案過咗身我好難過", {"selfcare.client_died"}),
    ("個案出殯我去唔去好", {"selfcare.client_died"}),
    ("可唔可以同個案講我以前都抑鬱過", {"conversation.self_disclosure"}),
    ("婆婆話我唔會明白佢", {"conversation.self_disclosure"}),
    ("個案個仔飲醉酒好惡", {"engagement.visit_safety"}),
    ("佢屋企堆滿雜物好臭", {"engagement.visit_safety"}),
    ("佢隻狗成日吠我好驚", {"engagement.visit_safety"}),
    ("婆婆叫我夜晚留低陪佢", {"engagement.visit_safety"}),
    ("伯伯成日唔記得嘢講完又講", {"engagement.memory_changes"}),
    ("婆婆蕩失路", {"engagement.memory_changes"}),
    ("佢驚自己老人痴呆", {"engagement.memory_changes"}),
    ("婆婆照顧瞓床嘅老公好攰", {"grief.sick_spouse"}),
    ("伯伯老婆入咗寧養院", {"grief.sick_spouse"}),
    ("個案個女打嚟問我佢媽媽講咗咩", {"boundaries.family_contact"}),
    ("佢個仔叫我勸佢入老人院", {"boundaries.family_contact"}),
    ("我今日遲到", {"role.work_ethics"}),
    ("我要取消探訪", {"role.work_ethics"}),
    ("婆婆想我同佢去教會", {"role.work_ethics"}),
    ("可唔可以賣保健品畀個案", {"role.work_ethics"}),
    ("伯伯成日同我講政治", {"role.work_ethics"}),
    ("個案想借嘢畀我", {"role.work_ethics"}),
    ("八號風球仲使唔使探訪", {"engagement.weather"}),
    ("黑雨仲去唔去探", {"engagement.weather"}),
    ("天氣好熱婆婆唔開冷氣", {"engagement.weather"}),
]

MIXED: list[tuple[str, set[str]]] = [
    (
        "個client成日WhatsApp我",
        {"boundaries.after_hours", "boundaries.phone_number", "boundaries.dependence"},
    ),
    ("client想請我飲茶", {"boundaries.gifts"}),
    ("visit完要寫咩report", {"admin.reporting"}),
    ("berevaed client", {"grief.spouse_loss", "grief.recent_bereavement", "grief.dead_air"}),
    ("clinet keeps mesaging me at nite", {"boundaries.after_hours"}),
    ("hours唔夠點算", {"selfcare.hours_pressure"}),
    ("case結咗仲send message俾我", {"boundaries.discharged_clients"}),
    ("ＷｈａｔｓＡｐｐ group", {"boundaries.phone_number"}),
    ("老友記 wife died 點安慰", {"grief.spouse_loss"}),
    ("introdcue myself", {"role.introduce"}),
    ("男client唔想我上門", {"engagement.opposite_sex", "engagement.meet_at_centre"}),
    ("smartphone 教學", {"resources.smartphone_help"}),
    ("social worker 唔覆我", {"teamwork.social_worker"}),
    ("我好stress", {"selfcare.stress"}),
    ("个案不肯见我", {"engagement.reluctant"}),
]

# Risk queries: the matching risk card must be at rank 1, every time.
RISK: list[tuple[str, set[str]]] = [
    ("she said she wants to die", {"risk.suicide"}),
    ("佢話唔想活", {"risk.suicide"}),
    ("佢想死 what do i do", {"risk.suicide"}),
    ("he has bruises on his arm", {"risk.elder_abuse"}),
    ("son took her money", {"risk.elder_abuse"}),
    ("佢身上有瘀傷", {"risk.elder_abuse"}),
    ("佢個仔呃佢錢", {"risk.elder_abuse"}),
    ("client fell at home and can't get up", {"risk.medical_emergency"}),
    ("he has chest pain", {"risk.medical_emergency"}),
    ("婆婆跌親", {"risk.medical_emergency"}),
    ("婆婆fall低咗", {"risk.medical_emergency"}),
    ("she stopped eating and cries every day", {"risk.severe_depression"}),
    ("佢成日唔食嘢", {"risk.severe_depression"}),
    ("she is cutting herself", {"risk.self_harm"}),
    ("佢𠝹手", {"risk.self_harm"}),
    ("she says sometimes she wants to bang her head", {"risk.self_harm"}),
    ("佢話有時好想撞頭", {"risk.self_harm"}),
    # Hopelessness: the suicide card leading is as right as the depression card.
    (
        "he stopped coming to the centre and says what's the point",
        {"risk.severe_depression", "risk.suicide"},
    ),
    ("佢唔再嚟中心成日話有咩意思", {"risk.severe_depression", "risk.suicide"}),
    ("佢話想自殺", {"risk.suicide"}),
]

# A death by suicide, the client's relative's or the supporter's own client's: the safety
# card may lead (the words are risk words), but the card for the situation must follow.
SUICIDE_LOSS: list[tuple[str, set[str]]] = [
    ("her son killed himself last month", {"grief.suicide_loss"}),
    ("she hides that her husband died by suicide", {"grief.suicide_loss"}),
    ("婆婆個仔自殺走咗", {"grief.suicide_loss"}),
    ("佢唔想人知老公係自殺", {"grief.suicide_loss"}),
    ("one of my clients died by suicide and I feel guilty", {"selfcare.client_died"}),
    ("我跟嘅伯伯自殺死咗我好內疚", {"selfcare.client_died"}),
]

ALL_QUERIES = ENGLISH + CANTONESE + MIXED + RISK
RECALL_AT_1_TARGET = 0.75
RECALL_AT_3_TARGET = 0.90


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def _primary_topics(library: Library, query: str, limit: int) -> list[str]:
    return [card.primary_topic for card in library.search(query, limit=limit)]


def _recall(library: Library, queries: list[tuple[str, set[str]]], k: int) -> float:
    hits = sum(1 for query, ok in queries if ok & set(_primary_topics(library, query, limit=k)))
    return hits / len(queries)


def test_query_set_is_big_enough() -> None:
    assert len(ALL_QUERIES) >= 90
    assert len(ENGLISH) >= 40 and len(CANTONESE) >= 35 and len(MIXED) >= 15


def test_every_query_names_real_topics(library: Library) -> None:
    for query, ok in ALL_QUERIES:
        assert ok <= set(library.topics), query


def test_recall_targets(library: Library) -> None:
    misses = [
        (query, _primary_topics(library, query, limit=3))
        for query, ok in ALL_QUERIES
        if not ok & set(_primary_topics(library, query, limit=3))
    ]
    r1 = _recall(library, ALL_QUERIES, 1)
    r3 = _recall(library, ALL_QUERIES, 3)
    print(f"\nsearch quality over {len(ALL_QUERIES)} queries: recall@1={r1:.3f} recall@3={r3:.3f}")
    for query, got in misses:
        print(f"  miss@3: {query!r} -> {got}")
    assert r3 >= RECALL_AT_3_TARGET, misses
    assert r1 >= RECALL_AT_1_TARGET


@pytest.mark.parametrize(("query", "ok"), RISK, ids=[q for q, _ in RISK])
def test_risk_card_is_first(library: Library, query: str, ok: set[str]) -> None:
    top = library.search(query, limit=3)
    assert top, query
    assert top[0].primary_topic in ok, (query, [c.id for c in top])


@pytest.mark.parametrize(("query", "ok"), SUICIDE_LOSS, ids=[q for q, _ in SUICIDE_LOSS])
def test_a_death_by_suicide_finds_its_card(library: Library, query: str, ok: set[str]) -> None:
    top = _primary_topics(library, query, limit=3)
    assert ok & set(top), (query, top)


def test_suicide_talk_leads_with_the_response_card(library: Library) -> None:
    """The client's words, not the supporter's worry or a bereavement card (review S-m13)."""
    top = library.search("佢話想自殺", limit=1)
    assert top[0].id == "risk-suicide-says-doesnt-want-to-live"


def test_everyday_situations_do_not_lead_with_risk(library: Library) -> None:
    """Weather, ethics, family and home-visit questions get their own card, not a risk card."""
    everyday = [
        (q, ok)
        for q, ok in ENGLISH + CANTONESE
        if not any(t.startswith("risk.") for t in ok)
        and not ok & {"grief.suicide_loss", "selfcare.client_died"}
    ]
    led_by_risk = [q for q, _ in everyday if _primary_topics(library, q, 1)[0].startswith("risk.")]
    assert len(led_by_risk) <= 1, led_by_risk


def test_ordinary_queries_do_not_lead_with_risk(library: Library) -> None:
    """Routine questions should not be swamped by the escalation cards."""
    routine = ENGLISH[:10] + CANTONESE[:10]
    led_by_risk = [q for q, _ in routine if _primary_topics(library, q, 1)[0].startswith("risk.")]
    assert len(led_by_risk) <= 1, led_by_risk

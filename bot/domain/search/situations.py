"""Reading the situation, not just the words (issue 13.4).

Words alone mislead: "the daughter shouted at me" shares 女 and "daughter" with the card
about a child who died; "client forgets things" shares "forget" with "I've forgotten my
training". Each situation below is a pattern over the normalised message that names who is
doing what; when it fits, the topics that suit it are lifted (by a share of the best score,
so a fitting card the words barely reached can still lead) and the topics it rules out are
damped. Written and checked on the tuning part of tests/data/answers only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.domain.search.text import normalise

FAVOUR_SHARE = 0.5  # × the best card's score, added to every card of a favoured topic
DAMPING = 0.45  # × the score of a card whose topic the situation rules out
# A question tells its situation early; a 4,000-character report is read only this far, so the
# patterns cost the same for any length (the safety net reads every character elsewhere).
READ_CHARS = 500
# The least coverage (answers.MIN_COVERAGE) a best card has when a situation favoured its topic.
SITUATION_COVERAGE = 0.5


def _re(pattern: str) -> re.Pattern[str]:
    """Compiled over normalised text, so 佢既/左/系 and full-width forms match too."""
    return re.compile(normalise(pattern))


# Building blocks (plain alternations, normalised when compiled).
_DEATH = (
    r"\bdied\b|\bdies\b|\bdead\b|\bdeath\b|passed away|\bpassed\b|funeral|lost (?:her|his|their) "
    r"|走咗|過身|過咗身|死咗|去世|離世|過世|喪禮|白頭人送黑頭人|唔喺度"
)
_FAMILY = (
    r"daughter|\bson\b|\bsons\b|grandson|granddaughter|grandchild|in-law|nephew|niece|"
    r"family|relative|\bkids?\b|children|brother|sister|"
    r"個女|佢個女|個仔|佢個仔|新抱|心抱|孫|屋企人|家人|親戚|子女|仔女|阿哥|家姐|細佬|細妹|姪"
)
_SPOUSE = r"husband|\bwife\b|spouse|老公|老婆|老伴|丈夫|太太|另一半"
_HOSTILE = (
    r"shout|yell|scream|scold|rude|angry at|argu|fight|quarrel|row with|blame|kick(?:ed)? me out|"
    r"鬧|嗌|呼喝|罵|黑面|發脾氣|拍枱|趕我|唔好再嚟|多管閒事|嗌交|吵架|唔睬"
)
_AT_ME = (
    r"(?:shout|yell|scream|scold|swore|swear|rude|angry|nasty)\w* (?:at|to) me|was rude|"
    r"(?:kicked|threw|told) me (?:out|to leave|to stop|to get out)|(?:blamed|accused) me|"
    r"interfering|(?:鬧|嗌|呼喝|罵|趕|黑面俾|兇)我|叫我唔好|對住我(?:拍枱|鬧|嗌)|我多管閒事"
)
_CLIENT = (
    r"client|\bshe\b|\bhe\b|\bher\b|\bhim\b|mrs|\bmr\b|佢|婆婆|伯伯|阿婆|阿伯|個案|case|老友記|長者"
)
_FORGET = (
    r"forget|forgot|forgetful|memory|dementia|confused|repeat|same story|same question|"
    r"three times|lost (?:her|his) way|find (?:her|his) way|"
    r"唔記得|忘記|健忘|記性|糊塗|認知障礙|痴呆|腦退化|講完又講|重複|問咗(?:三|幾|兩)次|蕩失路|行失路"
)
_MY_LEARNING = (
    r"training|trainer|course|class|learn|skills|\bnotes\b|"
    r"培訓|上堂|課程|學過|學嘅|筆記|導師|訓練"
)
_ALCOHOL = r"drunk|drink|alcohol|\bbeer|wine|brandy|whisk|liquor|booze|酒|醉"
_LONELY = (
    r"lonely|loneliness|alone|nobody to talk|no one to talk|never visits|hasn't visited|"
    r"doesn't visit|ungrateful|ignores? (?:her|him)|"
    r"寂寞|孤獨|孤單|一個人住|成日一個人|冇人陪|冇人理|唔睬佢|少理佢|唔理佢|冇嚟探|唔嚟探|養兒冇用"
)
_ABUSE = (
    r"\bhit|beat|bruise|without food|no food|starv|locks? (?:her|him)|took (?:her|his) money|"
    r"打佢|打傷|瘀|唔俾佢食|冇嘢食|鎖住|收埋.{0,4}錢|搶.{0,3}錢|虐"
)
_CONTACTS_ME = (
    r"(?:call|phone|text|message|msg|contact|rang|asked)(?:s|ed)? me|my number|"
    r"搵我|打俾我|打嚟|msg我|問我|加我"
)
_ILLNESS = (
    r"cancer|dying|terminal|stroke|dementia|bedridden|sick|\bill\b|癌|末期|中風|病重|癱|照顧|長期病"
)
_LATE = r"\blate for|running late|\bbe late|\blate to|mins late|minutes late|遲到|遲咗"
_LEND = r"borrow|lend|loan|借錢|借.{0,3}蚊|借俾|借畀|問我借"
_FESTIVAL = r"anniversar|birthday|ching ming|mid autumn|生日|忌日|死忌|清明|中秋|重陽"
_MY_CLIENT_DIED = (
    r"(?:my |a )?(?:client|case)(?:'s)? (?:died|dies|passed|has died)|"
    r"(?:個案|個case|個client|婆婆|伯伯|阿婆|阿伯)(?:已經)?(?:過咗身|過身|走咗|死咗|去世|離世)|"
    r"我跟(?:開)?嘅.{0,4}(?:過咗身|過身|走咗|死咗)|伯伯走之前|婆婆走之前"
)


@dataclass(frozen=True, slots=True)
class Situation:
    name: str
    when: tuple[re.Pattern[str], ...]  # all must match
    unless: re.Pattern[str] | None
    favour: tuple[str, ...]  # topic ids, or category prefixes ending in "."
    damp: tuple[str, ...]


def _situation(
    name: str,
    when: Sequence[str],
    favour: Sequence[str] = (),
    damp: Sequence[str] = (),
    unless: str | None = None,
) -> Situation:
    return Situation(
        name,
        tuple(_re(p) for p in when),
        _re(unless) if unless else None,
        tuple(favour),
        tuple(damp),
    )


SITUATIONS: tuple[Situation, ...] = (
    # A relative turns on the supporter: their contact with me, or my safety, not grief.
    _situation(
        "family_hostile_to_me",
        [_FAMILY, _AT_ME],
        favour=["boundaries.family_contact", "engagement.visit_safety"],
        damp=["grief.", "selfcare.client_died", "conversation.starters"],
        unless=_DEATH,
    ),
    # The client and a relative fell out: listening, not grief.
    _situation(
        "family_conflict",
        [_FAMILY, _HOSTILE],
        favour=["conversation.active_listening"],
        damp=["grief.", "selfcare.client_died"],
        unless=f"{_DEATH}|{_AT_ME}",
    ),
    # The client forgets: memory changes, not my training.
    _situation(
        "client_forgets",
        [_CLIENT, _FORGET],
        favour=["engagement.memory_changes"],
        damp=["teamwork.continuous_learning", "admin.log_hours"],
        unless=f"{_MY_LEARNING}|i forgot|i've forgotten|i keep forgetting|i can't remember|"
        r"我自己唔記得|我唔記得咗佢",
    ),
    # I forget what I learned: refreshing my training, not the client's memory.
    _situation(
        "i_forget_my_training",
        [_FORGET, _MY_LEARNING],
        favour=["teamwork.continuous_learning"],
        damp=["engagement.memory_changes"],
    ),
    # Drink on a visit: my safety on home visits.
    _situation(
        "alcohol",
        [_ALCOHOL],
        favour=["engagement.visit_safety"],
        damp=["engagement.reluctant", "boundaries.discharged_clients"],
        unless=r"red wine stain|wine stain|飲茶|酒樓|酒店",
    ),
    # Lonely, or a family that stays away: listening and company, not abuse nor grief.
    _situation(
        "lonely_not_neglect",
        [_LONELY],
        favour=["resources.community", "conversation.active_listening"],
        damp=[
            "risk.elder_abuse",
            "grief.spouse_loss",
            "engagement.visit_safety",
            "boundaries.family_contact",
        ],
        unless=f"{_ABUSE}|{_DEATH}|widow|{_CONTACTS_ME}",
    ),
    # Neglect or abuse by family: the abuse card.
    _situation(
        "neglect",
        [_ABUSE, f"{_FAMILY}|{_SPOUSE}|carer|helper|工人"],
        favour=["risk.elder_abuse"],
        damp=["resources.community", "conversation.active_listening"],
    ),
    # A client of mine died: my own grief, not the client's bereavement.
    _situation(
        "my_client_died",
        [_MY_CLIENT_DIED],
        favour=["selfcare.client_died"],
        damp=["grief.spouse_loss", "grief.recent_bereavement", "boundaries.discharged_clients"],
    ),
    # A child or sibling died: recent bereavement, not widowhood.
    _situation(
        "relative_died",
        [_DEATH, _FAMILY],
        favour=["grief.recent_bereavement"],
        damp=["grief.spouse_loss", "selfcare.client_died"],
        unless=f"{_HOSTILE}|{_SPOUSE}|{_FESTIVAL}",
    ),
    # A spouse gravely ill: anticipatory grief, not widowhood.
    _situation(
        "spouse_ill",
        [_SPOUSE, _ILLNESS],
        favour=["grief.sick_spouse"],
        damp=["grief.spouse_loss"],
        unless=r"passed away|走咗之後|去世咗|過咗身",
    ),
    # The client's words, reported: how to respond to them, not the supporter's self-care.
    _situation(
        "client_said",
        [
            r"佢話|佢講|佢同我講|佢成日話|婆婆話|伯伯話|she said|he said|she says|he says|"
            r"told me (?:she|he)|keeps saying|client said|client says"
        ],
        damp=["selfcare."],
        unless=r"我自己|我好|我都|我覺得|i feel|i'm |myself|\bme too|my own",
    ),
    # Late for a visit, or money lent: work ethics.
    _situation(
        "late_or_lending",
        [f"{_LATE}|{_LEND}"],
        favour=["role.work_ethics"],
        damp=["engagement.visit_safety", "engagement.memory_changes"],
        unless=r"late at night|late night|深夜|夜晚",
    ),
    # -- what the supporter asks about the role itself --------------------------------
    # Medicine, forms, errands: is it my job? (not the depression card that names pills)
    _situation(
        "is_it_my_job",
        [
            r"my job|not my job|份工|算唔算我|係唔係我做|我做唔做|job to|my role to|"
            r"(?:medicine|medication|pills?|antidepressant|藥).{0,30}(?:should|which|better|stop|"
            r"half|停|減|食唔食|可唔可以)|(?:should|can) i tell (?:her|him) which|停藥|啲藥"
        ],
        favour=["role.scope"],
        damp=["risk.severe_depression", "role.volunteer_vs_employee"],
    ),
    _situation(
        "friend_or_worker",
        [
            r"hired help|friend or|返工|少錢|咁少錢|\$\$|for the money|meaning|意義|意思.{0,4}做|"
            r"點解要做|做嚟做咩|paid per hour|get paid"
        ],
        favour=["role.volunteer_vs_employee"],
    ),
    _situation(
        "who_am_i",
        [
            r"社署|推銷|騙子|呃人|scam|salesman|selling something|who i am|what a peer|peer 乜|"
            r"咩叫朋輩|係咪社工|are you a social worker|social worker or what|開場講咩|開場白"
        ],
        favour=["role.introduce"],
        damp=["teamwork.social_worker", "boundaries.family_contact"],
    ),
    _situation(
        "ethics",
        [
            r"六合彩|賭|election|投票|投邊個|politic|政治|宗教|福音|信耶穌|religion|church|教會|"
            r"borrow|lend|借|insurance|保險|直銷|spare tv|take his|用佢嘅"
        ],
        favour=["role.work_ethics"],
        damp=["selfcare.client_died"],
    ),
    # -- boundaries ---------------------------------------------------------------------
    _situation(
        "gift",
        [
            r"收唔收|收定唔收|應唔應該收|收咗|accept(?:ed)?|硬塞|塞俾我|塞咗|月餅|煲咗湯|現金券|"
            r"voucher|bracelet|jewel|present|red packet|利是|禮物"
        ],
        favour=["boundaries.gifts"],
        damp=["admin.log_hours", "selfcare.exhaustion"],
    ),
    _situation(
        "after_hours",
        [
            r"\b(?:9|10|11|12) ?pm|midnight|半夜|凌晨|夜晚|晚飯|瞓覺|食緊飯|weekend|weekends|假期|"
            r"till morning|late at night",
            r"call|打嚟|打俾|打電話|msg|message|text|whatsapp|電話",
        ],
        favour=["boundaries.after_hours"],
    ),
    _situation(
        "leans_on_me",
        [
            r"得你一個|淨係得我|只係得我|乜都要問我|乜都問我|唔想其他人|"
            r"only (?:one|you|me)|no one else|"
            r"nobody else but|unless i go|once a week"
        ],
        favour=["boundaries.dependence"],
        damp=["engagement.visit_safety"],
    ),
    _situation(
        "say_no",
        [
            r"唔想去|唔想幫|點拒絕|say no|turn (?:her|him|it) down|end (?:a|the) call|收線|"
            r"當我係佢工人|"
            r"工人|errands|do her shopping|買餸|going round in circles|every week"
        ],
        favour=["boundaries.saying_no"],
        damp=["role.introduce", "risk.suicide"],
    ),
    _situation(
        "old_case",
        [r"舊case|舊個案|ex-client|ex client|former client|結案|case closed|discharged"],
        favour=["boundaries.discharged_clients"],
    ),
    # -- conversation ---------------------------------------------------------------------
    _situation(
        "openers",
        [
            r"opener|開場|話題|點開口|講咩好|講乜好|what to talk about|things to chat|chat about|"
            r"第二次|今次講咩|mind goes blank|wat to talk"
        ],
        favour=["conversation.starters"],
        unless=r"以前|old days|old hong kong|過身|died|passed",
    ),
    _situation(
        "silence",
        [r"冇晒聲|唔出聲|冇聲|靜晒|stares|doesn't talk|won't talk|total silence|awkward|冷場"],
        favour=["conversation.silence"],
        damp=["grief.dead_air", "conversation.interests"],
        unless=_DEATH,
    ),
    _situation(
        "old_days",
        [
            r"old hong kong|old days|the (?:50|60|70)s|(?:50|60|70)年代|木屋|"
            r"以前(?:啲|d)?(?:嘢|野)|"
            r"以前嘅事|grew up|army days|docks|舊時"
        ],
        favour=["conversation.reminiscence"],
        damp=["conversation.interests"],
        unless=r"three times|again and again|講完又講",
    ),
    _situation(
        "my_own_depression",
        [
            r"(?:my own|i had|i've had|i was|自己以前|我自己|我以前|自己食過|自己都試過).{0,25}"
            r"(?:depress|dark|抑鬱|抗抑鬱|mental|情緒病)",
            r"tell|share|講|分享|俾佢知|disclose|client|個案|佢",
        ],
        favour=["conversation.self_disclosure"],
        damp=["selfcare.exhaustion", "selfcare.asking_for_help"],
    ),
    _situation(
        "grieving_talk",
        [
            r"唔知接咩|驚講錯|bring up (?:her|his) late|mention (?:him|her)|白頭人送黑頭人|"
            r"what not to say|唔知講咩安慰|comfort"
        ],
        favour=["grief.dead_air", "grief.recent_bereavement"],
        damp=["grief.suicide_loss", "grief.sick_spouse"],
    ),
    _situation(
        "festival",
        [
            r"mid autumn|中秋|死忌|忌日|冬至|新年|christmas|lunar new year|ching ming|清明|重陽|"
            r"birthday|生日|anniversar"
        ],
        favour=["grief.anniversaries"],
        damp=["grief.sick_spouse", "risk.suicide"],
        unless=r"present for|生日卡",
    ),
    # -- engagement -------------------------------------------------------------------------
    _situation(
        "opposite_sex",
        [
            r"男個案|女個案|男client|女client|male client|female client|opposite sex|"
            r"i'm a (?:man|woman)|太熱情|約我.{0,4}(?:單獨|睇戲|食飯)|ask(?:ed)? me out|flirt|"
            r"一個女人嚟探|一個男人嚟探"
        ],
        favour=["engagement.opposite_sex"],
        damp=["engagement.men", "grief.spouse_loss"],
    ),
    _situation(
        "at_the_centre",
        [
            r"中心見|嚟中心|出嚟中心|meet(?:ing)? (?:\w+ )*at the centre|"
            r"centre instead|centre rather"
        ],
        favour=["engagement.meet_at_centre"],
        damp=["risk.severe_depression"],
    ),
    _situation(
        "does_not_want_me",
        [
            r"唔俾我上門|唔想我去|唔想見我|硬要轉介|don'?t want (?:me|us)|doesn'?t want (?:me|us)|"
            r"dont want me|只肯電話|cancel(?:s|led|ling)? (?:every|again)"
        ],
        favour=["engagement.reluctant"],
        damp=["boundaries.discharged_clients", "boundaries.phone_number"],
    ),
    _situation(
        "unsafe_for_me",
        [
            r"拍枱|暴躁|好兇|blocking the door|block(?:ed|ing)? (?:the|my) (?:door|way)|aggressive|"
            r"threaten|unsafe|scared of|驚佢打我|坐到夜晚|唔俾我走|won't let me leave"
        ],
        favour=["engagement.visit_safety"],
        damp=["grief.sick_spouse"],
    ),
    _situation(
        "weather",
        [
            r"typhoon|signal (?:8|eight|3|three)|rainstorm|black rain|red rain|amber|"
            r"黑雨|紅雨|黃雨|"
            r"八號風球|風球|颱風|酷熱|very hot|heatwave|hot weather|好熱|冷氣"
        ],
        favour=["engagement.weather"],
        damp=["engagement.reluctant", "resources.community"],
    ),
    # -- risk and reporting -----------------------------------------------------------------
    _situation(
        "tell_the_sw_now",
        [
            r"即刻|立即|straight away|right away|immediately|urgent|緊急|how bad|誇張|"
            r"who else do i call",
            r"社工|social worker|\bsw\b|centre|report|call",
        ],
        favour=["risk.when_to_escalate"],
        damp=["admin.reporting", "engagement.no_answer", "boundaries.dependence"],
    ),
    # -- self-care ----------------------------------------------------------------------------
    _situation(
        "my_hours",
        [
            r"hours|\bhrs\b|時數|鐘數|個鐘|幾多鐘",
            r"worr|唔夠|not enough|make up|差好遠|pressure|trouble|驚|壓力|not going to make",
        ],
        favour=["selfcare.hours_pressure"],
        damp=["admin.log_hours", "selfcare.stress"],
    ),
    _situation(
        "log_hours",
        [r"\blog\b|record|記hour|點記|登記|報時數|做咗幾多個鐘|how many hours|rekord|timesheet"],
        favour=["admin.log_hours"],
        damp=["selfcare.hours_pressure"],
        unless=r"worr|唔夠|not enough|壓力",
    ),
    _situation(
        "worn_out",
        [r"唔想再做|唔想做|quit|burnt out|burned out|負能量|drained|頂唔順|撐唔住|好攰"],
        favour=["selfcare.exhaustion"],
        damp=["risk.suicide", "boundaries.phone_number", "engagement.men"],
    ),
    _situation(
        "i_feel_bad",
        [r"useless|冇用|feel bad|so stupid|後悔|replaying|內疚|自責|發脾氣.{0,8}內疚|failure"],
        favour=["selfcare.guilt"],
        damp=["risk.severe_depression", "engagement.visit_safety"],
        unless=r"養兒冇用",
    ),
    _situation(
        "who_helps_me",
        [r"搵邊個傾|who do i talk to|struggling myself|i'm struggling|撐唔住|唔想俾社工知"],
        favour=["selfcare.asking_for_help"],
        damp=["resources.hotlines", "selfcare.exhaustion"],
    ),
    _situation(
        "peers",
        [
            r"其他朋輩|other supporters|fellow supporters|swap tips|share experiences|"
            r"support group|"
            r"互助小組|supporters' whatsapp|朋輩.{0,6}(?:傾|講|飲茶)"
        ],
        favour=["teamwork.peer_sharing"],
        damp=["teamwork.mentorship", "boundaries.gifts", "boundaries.phone_number"],
    ),
    _situation(
        "my_social_worker",
        [r"supervision|督導|新社工|接手|assign|annoyed i called|社工.{0,6}(?:唔覆|冇覆|好忙)"],
        favour=["teamwork.social_worker"],
    ),
    _situation(
        "mentor",
        [r"經驗多啲|有經驗|老手|師兄|師姐|陪我去第一次|senior supporter|mentor"],
        favour=["teamwork.mentorship"],
        damp=["role.introduce", "grief.spouse_loss"],
    ),
    # -- resources and admin --------------------------------------------------------------------
    _situation(
        "company_nearby",
        [r"join|make (?:some )?friends|識朋友|活動|activit|唱歌班|早操|長者中心|neighbourhood"],
        favour=["resources.community"],
        damp=["grief.spouse_loss", "admin.reporting", "admin.log_hours"],
    ),
    _situation(
        "phone_trouble",
        [
            r"撳錯|pressing the wrong|contacts|set(?:ting)? up (?:her|his) phone|視像|video call|"
            r"smartphone|手機.{0,6}(?:教|用)"
        ],
        favour=["resources.smartphone_help"],
        damp=["selfcare.guilt", "role.volunteer_vs_employee"],
    ),
    _situation(
        "practical_help",
        [r"\brent\b|交租|老人院|宿位|院舍|nursing home|care home|allowance|津貼|綜援|生果金"],
        favour=["resources.welfare_referral"],
        damp=["role.volunteer_vs_employee", "boundaries.family_contact"],
        unless=_LEND,
    ),
    _situation(
        "notes",
        [r"jot down|write (?:it )?down|writing things down|寫低|記低|write-up|contact notes"],
        favour=["admin.reporting"],
        damp=["teamwork.continuous_learning", "engagement.memory_changes"],
    ),
    _situation(
        "privacy",
        [
            r"selfie|影相|photo|個名|full name|真名|client code|how much can i tell|"
            r"refer to clients|係咪有病.{0,6}點答|asks about my clients"
        ],
        favour=["admin.privacy"],
        damp=["grief.sick_spouse", "conversation.interests"],
    ),
)


def topic_adjustments(
    query: str, topics: Sequence[str]
) -> tuple[frozenset[str], Mapping[str, float]]:
    """(favoured topic ids, damping factor per topic id) for the situations `query` fits."""
    norm = normalise((query or "")[: READ_CHARS * 2])[:READ_CHARS]
    favoured: set[str] = set()
    damp: dict[str, float] = {}
    for situation in SITUATIONS:
        if not all(p.search(norm) for p in situation.when):
            continue
        if situation.unless is not None and situation.unless.search(norm):
            continue
        favoured.update(_expand(situation.favour, topics))
        for topic in _expand(situation.damp, topics):
            damp[topic] = DAMPING
    for topic in favoured:
        damp.pop(topic, None)  # a topic one situation favours is not damped by another
    return frozenset(favoured), damp


def _expand(names: Sequence[str], topics: Sequence[str]) -> list[str]:
    out = []
    for name in names:
        out += [t for t in topics if t.startswith(name)] if name.endswith(".") else [name]
    return out

"""Small talk: greetings, thanks, goodbyes, "ok", "are you a robot?", emoji and laughter.

An older supporter says 「唔該晒」 or "hi" the way she would to a person. That is not a
question for the refresher cards: answering it with a card (or seven hotlines) tells her the
bot did not understand. A message is small talk only when ALL of it is made of the phrases
below (after particles, punctuation and emoji are set aside), so "thanks, but what do I say
when she cries?" is still a question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from bot.domain.scope import work_spans
from bot.domain.search import normalise

GREETING = "greeting"
THANKS = "thanks"
GOODBYE = "goodbye"
ACK = "ack"
ABOUT_BOT = "about_bot"
EMOJI = "emoji_laughter"
COMPLAINT = "complaint"

# Kinds in the order a mixed message is named by: "ok thanks bye" is thanks, "hi, what can
# you do?" is about the bot, "thanks but that's wrong" is a complaint.
KINDS = (COMPLAINT, ABOUT_BOT, THANKS, GOODBYE, GREETING, ACK, EMOJI)

# Festival wishes (「中秋節快樂」, "happy 中秋", "Merry Xmas") and other greetings.
_FESTIVALS_YUE = (
    "新年", "新春", "農曆新年", "中秋", "中秋節", "端午", "端午節", "聖誕", "聖誕節", "冬至",
    "元宵",
    "元宵節", "重陽", "重陽節", "復活節", "母親節", "父親節", "七夕", "情人節", "佳節", "節日",
    "假期", "週末", "周末", "生日",
)  # fmt: skip
_FESTIVALS_EN = (
    "new year", "chinese new year", "lunar new year", "cny", "mid autumn", "mid-autumn",
    "mid autumn festival", "mid-autumn festival", "christmas", "xmas", "x'mas", "easter",
    "holidays", "weekend", "birthday", "dragon boat festival", "winter solstice",
    "chung yeung", "mother's day", "father's day", "valentine's day", "holiday",
)  # fmt: skip
_WISHES = (
    *(f + w for f in _FESTIVALS_YUE for w in ("快樂", "愉快", "好")),
    *(f"{w} {f}" for f in (*_FESTIVALS_EN, *_FESTIVALS_YUE) for w in ("happy", "merry")),
    "恭喜發財", "恭喜恭喜", "身體健康", "萬事如意", "新年進步", "龍馬精神", "心想事成", "出入平安",
    "步步高陞", "年年有餘", "笑口常開", "闔家平安", "閤家平安", "闔家歡樂", "生意興隆", "新年大吉",
    *(a + "年大吉" for a in "鼠牛虎兔龍蛇馬羊猴雞狗豬"), "新春大吉", "compliments of the season",
    "how's your day going", "how is your day going", "how's everything", "how are things",
    "how's life", "evening", "afternoon", "good evening all",
    "福壽安康", "大吉大利", "利是逗來", "今日好嗎", "你今日好嗎", "今日點呀", "你今日點呀",
    "健康快樂", "祝你", "祝大家", "kung hei fat choi", "kung hei fat choy",
    "gong hei fat choy", "gong xi fa cai", "season's greetings", "seasons greetings",
    "best wishes", "all the best",
)  # fmt: skip

PHRASES: dict[str, tuple[str, ...]] = {
    ABOUT_BOT: (
        "are you a robot", "are you a bot", "are you human", "are you a real person",
        "are you real", "is this a bot", "is this a robot", "is this a real person",
        "who are you", "what are you", "what can you do", "what do you do", "how do i use this",
        "how does this work", "how do you work", "how to use", "who made you", "what is this",
        "what is tung hang", "what's this", "can you help me", "what can i ask",
        "你係咪機械人", "你係機械人", "你係唔係機械人", "你係咪機器人", "你係機器人",
        "你係咪真人", "你係真人", "你係唔係真人", "真人定電腦", "真人定機械人", "你係咪電腦",
        "你係邊個", "你係乜嘢", "你係咩嚟", "你係乜", "你可以做啲咩", "你可以做乜", "你識做咩",
        "你識做啲咩", "你會做咩", "你有咩用", "點用", "點樣用", "點用呢個", "呢個點用",
        "呢個係咩", "呢個係乜嘢", "同行係咩", "你可以幫我咩", "可以問你咩", "你識唔識講廣東話",
        "你叫咩名", "你叫乜嘢名", "what's your name", "what is your name", "are you ai",
        "is this ai",
        "are you chatgpt", "你係咪chatgpt", "你係咪ai", "你係ai", "do you speak english",
        "do you speak cantonese", "你識唔識英文", "你識講廣東話嗎", "你明唔明廣東話",
        "你識做啲乜", "你識做乜", "你識做乜嘢", "你可以做啲乜", "你可以點幫我", "你有咩功能",
        "邊個整你", "邊個整你出嚟", "邊個寫你", "邊個設計你", "邊個整嘅", "who built you",
        "who created you", "who designed you", "who owns you", "who makes you",
        "what can you help me with", "what can you help with", "how can you help me",
        "how can you help", "what can you help me", "what do you know",
        "can you speak mandarin", "do you speak mandarin", "can you speak cantonese",
        "can you speak english", "can you speak chinese", "do you speak chinese",
        "do you understand cantonese", "do you understand english", "你識唔識講普通話",
        "你識講普通話嗎", "你識唔識普通話", "你識唔識國語", "你識唔識講國語", "你識唔識講英文",
        "你識唔識中文", "你識唔識講中文", "你識唔識聽廣東話", "你識英文嗎", "你幾多歲",
        "你住喺邊", "你係男定女", "你係男仔定女仔", "你係咪電腦程式", "你係咪人嚟",
        "are you a computer", "are you a machine", "how old are you", "are you male or female",
        "are you a man or a woman", "who am i talking to", "who is this", "who's this",
        "who runs you", "who runs this", "are you run by the centre", "do you understand me",
        "do you understand", "你明唔明我", "你識講英文嗎", "你識講普通話嗎", "可唔可以講普通話",
        "可唔可以講英文", "可唔可以用英文", "講普通話得唔得", "可唔可以講國語", "你係咪人",
        "你係邊個整嘅", "邊個整", "are you a human",
        "are you a real human", "is this a human", "am i talking to a person",
        "am i talking to a real person", "am i talking to a computer", "am i talking to a robot",
        "what languages can you speak", "which languages do you speak", "你識講咩語言",
        "聽唔明廣東話", "你係咪聽唔明廣東話", "你聽唔聽得明廣東話", "你明唔明我講咩",
    ),
    THANKS: (
        "thank you", "thank you very much", "thank you so much", "thanks", "thanks a lot",
        "thanks so much", "many thanks", "thx", "thks", "tks", "ty", "tq", "thank u", "thankyou",
        "much appreciated", "appreciate it", "very helpful", "helpful", "useful", "very useful",
        "that helps", "that helped", "great help", "good to know",
        "唔該", "唔該晒", "唔該你", "唔該曬", "m該", "多謝", "多謝晒", "多謝你", "多謝曬", "謝謝",
        "謝謝你", "感謝", "感恩", "好有用", "有用", "好幫到手", "幫到手", "幫到我", "好有幫助",
        "明白晒多謝", "thank", "thanks you", "多謝你幫手", "多謝幫手", "唔該你幫手", "好感激",
        "感激", "真係幫到我", "thanks for your help", "thank you for your help",
        "thanks for helping", "幫咗我好多", "幫到我好多", "幫咗我", "3q", "3q3q", "thx a lot",
        "with thx", "tq so much",
        # compliments get the same warm word
        "好叻", "你好叻", "叻", "好聰明", "你好聰明", "聰明", "好人", "好好人", "你好好",
        "你好好人",
        "好勁", "你好勁", "犀利", "好犀利", "好正", "讚", "贊", "好讚", "好有心", "有心",
        "smart", "so smart", "clever", "very clever", "good bot", "good job", "well done",
        "great job", "nice job", "you're very helpful", "you're helpful", "you are very helpful",
        "you are helpful", "so helpful", "really helpful", "very kind", "you're kind",
        "you're great", "you're the best", "you are the best", "excellent", "amazing",
        "brilliant", "love it", "love this", "i like it", "i like this", "真係多謝",
        "真係好多謝", "非常感謝", "萬分感謝", "多謝晒你", "thanks heaps", "ta", "tysm", "thanx",
        "thnx", "thnak you", "thank yoy", "tank you", "thankyou so much", "appreciated",
    ),
    GOODBYE: (
        "bye", "bye bye", "byebye", "bye for now", "see you", "see ya", "see you later",
        "talk to you next time", "talk to you later", "talk to you tomorrow", "talk tomorrow",
        "talk soon", "speak soon", "speak to you later",
        "good night", "goodnight", "night night", "take care", "talk later", "ttyl",
        "拜拜", "再見", "遲啲見", "聽日見", "下次見", "早唞", "晚安", "走先", "我走先", "收工",
        "下次傾", "遲啲傾", "保重", "88", "886", "下次再傾", "遲啲再傾", "cya", "bye now",
        "再會", "聽日再問你", "遲啲再問你", "see you tomorrow", "going to sleep", "去瞓喇",
        "我要出門口", "出門口",
        "先走", "要走", "我要走", "走啦", "走喇", "聽朝見", "聽晚見", "下星期見", "下個禮拜見",
        "下禮拜見", "遲下見", "下次再見", "再傾", "有緣再見", "傾到呢度", "講到呢度", "到此為止",
        "去煮飯", "去食飯", "去瞓覺", "去瞓", "瞓覺", "去休息", "休息", "去沖涼", "去買餸", "唞吓",
        "gotta go", "got to go", "have to go", "i have to go", "need to go", "i must go",
        "i'm off", "off now", "see you soon", "see you next time", "see you next week",
        "catch you later", "later", "laters", "good bye", "goodbye", "gud nite", "good nite",
        "nite", "nite nite", "gn", "nighty night", "sleep well", "sweet dreams", "好夢",
        "晚安好夢", "早啲瞓", "明天見", "明日見", "後日見", "下週見", "改天見", "得閒再傾",
        "得閒傾", "有空再傾", "再聯絡", "talk soon", "speak soon", "talk to you later",
        "talk to you soon", "have a nice day", "have a good day", "have a nice weekend",
        "have a good weekend", "enjoy your weekend", "enjoy your day", "have a good night",
        "have a nice evening", "祝你有美好嘅一天", "gotta run", "got to run", "have to run",
        "must run", "need to run",
        "早點休息", "going to bed", "off to bed", "bye bye now",
    ),
    GREETING: (
        "hi", "hello", "hey", "hiya", "hi there", "hello there", "good morning", "morning",
        "good afternoon", "good evening", "gd morning", "gm", "yo", "hallo",
        "你好", "您好", "哈囉", "哈佬", "早晨", "早安", "午安", "喂", "嗨", "大家好", "早",
        "hello你好", "係咪有人", "有冇人", "各位好", "我又嚟喇", "又嚟喇", "我係新嚟嘅",
        "食咗飯未", "食飯未", "食咗未", "食咗早餐未", "食咗晏未", "食咗晚飯未", "飲咗茶未",
        "你好嗎", "你好唔好", "你好嘛", "近排點", "近排好嗎", "點呀", "點啊", "幾好嗎", "好耐冇見",
        "好耐無見", "早晨好", "午安", "晚上好", "下午好", "how are you", "how are you doing",
        "how r u", "how are u", "how's it going", "how is it going", "how have you been",
        "how's your day", "how is your day", "how do you do", "what's up", "whats up", "sup",
        "long time no see", "mornin", "morning all", "gud morning", "good mornin",
        "gd afternoon", "gd evening", "good day", "greetings", "hey there", "hi hi",
        "哈囉你好", "hello hello", "are you there", "anyone there", "is anyone there",
        "anybody there", "you there", "在嗎", "喺唔喺度", "你喺唔喺度", "有冇人喺度", *_WISHES,
    ),
    EMOJI: ("哈哈", "哈", "呵呵", "嘻嘻", "hehe", "haha", "hahaha", "lol", "lolol", "lmao", "xd",
            "hihi", "好好笑", "笑死", "好搞笑", "得意", "好得意", "你好得意", "笑到轆地", "笑爆",
            "好笑", "lmfao", "rofl", "funny", "so funny", "that's funny", "very funny", "hahahaha",
            "嘻", "哈哈哈", "呵", "hehehe", "haha lol", "搞笑", "你好搞笑", "thats funny",
            "thats so funny", "died laughing", "nearly died laughing", "dying of laughter",
            "dying laughing", "笑到死", "笑死我", "笑到我死"),
    ACK: (
        "ok", "okay", "okie", "okey", "oki", "okok", "k", "kk", "alright", "all right", "sure",
        "got it", "noted", "noted with thanks",
        "understood", "i see", "yes", "yeah", "yep", "no problem", "fine", "cool", "right",
        "good", "great", "nice", "sounds good", "will do", "ok noted",
        "好", "好嘅", "好的", "收到", "明白", "明白晒", "知道", "知道喇", "係", "係呀", "冇問題",
        "得", "得喇", "嗯", "哦", "噢", "好呀", "咁好", "好好", "正", "好嘢", "知", "明",
        "明白了", "知道了", "可以", "我試下", "試下",
        "了解", "明瞭", "知道晒", "收到晒", "好啦", "好吖", "ok啦", "ok la", "okey dokey",
        "okie dokie", "okey dokie", "okie dokey", "okay dokey", "roger", "copy", "copy that",
        "noted thanks", "got it thanks", "i understand", "i know", "makes sense", "ok then",
        "alrighty", "all good", "no worries", "np", "yup", "yes yes", "ok sure", "oh ok",
        "oh i see",
        "嗯嗯", "唔唔", "哦哦", "係咁", "係嘅", "真係", "唔好意思", "不好意思", "sorry", "打錯",
        "打錯字", "撳錯", "撳錯咗", "typo", "typed wrong", "i typed wrong", "wrong button",
        "pressed the wrong button", "my mistake", "oops", "test", "testing", "test test",
        "testing 123", "test 123", "測試", "冇所謂", "無問題", "都好", "得得", "行",
    ),
    COMPLAINT: (
        "你答得唔啱", "答得唔啱", "答錯", "答錯咗", "你答錯", "你答錯咗", "唔啱", "唔對", "錯咗",
        "答非所問", "唔係我想問", "唔係我問", "唔係我想要", "你唔明", "你唔明白", "你聽唔明",
        "你都唔明", "蠢", "好蠢", "你好蠢", "咁蠢", "你咁蠢", "廢", "好廢", "冇用", "好冇用",
        "無用", "垃圾", "唔靈光", "唔係幾靈光", "唔係咁靈光", "幫唔到我", "你幫唔到我", "亂答",
        "useless", "useless bot", "stupid", "stupid bot", "dumb", "wrong", "wrong answer",
        "that's wrong", "that is wrong", "that's not right", "not right", "not helpful",
        "no help", "unhelpful", "not useful", "no use", "you don't understand",
        "you do not understand", "that's not what i asked", "not what i asked",
        "that answer was wrong", "the answer is wrong", "rubbish", "nonsense", "hopeless",
        "terrible", "bad bot", "you're wrong", "you are wrong", "你講乜", "你講咩", "咩話",
        "我唔明",
        "唔明", "睇唔明", "i don't understand", "what do you mean", "huh", "唔係好明",
        "唔係好明我講咩", "咩都唔識", "你咩都唔識", "乜都唔識", "咩都唔知", "唔明我講咩",
        "唔明我講乜", "聽唔明我講咩",
    ),
}  # fmt: skip

# Words that ride along without changing the kind: particles, "you", "so much", names of
# the bot, the person's own sign-off.
_FILLERS = (
    "呀", "啊", "啦", "喇", "囉", "㗎", "喎", "吖", "嘅", "啫", "咩", "呢", "嘛", "吓", "咁",
    "先", "你", "晒", "同行", "tung hang", "bot", "ah", "la", "lah", "lor", "ar", "wor", "ga",
    "ge", "ma", "a", "so much", "very much", "again", "dear", "all", "everyone", "sir", "miss",
    "madam", "you", "u", "again", "then", "and", "for", "the", "help", "now", "oh", "ah ok",
    "ya", "姑娘", "社工", "師傅", "先生", "小姐", "姐姐", "真係", "今日", "今晚", "今朝",
    "today", "tonight", "this morning", "too", "my friend", "嚟", "我", "要", "去",
    "好似", "又", "都", "really", "so", "very", "just", "it", "that", "this", "that's",
    "you're", "you are", "are", "is", "was", "我哋", "大家", "各位", "喂", "哦",
    "lah", "loh", "le", "咧", "噃", "啩", "嗎", "添", "tim", "架", "嘎", "老友", "老友記", "朋友",
    "friends", "dear all", "聽日", "聽朝", "你好似", "tomorrow", "your", "at all", "my", "reply",
    "answer",
    "info",
    "information", "advice", "time", "patience", "have", "been", "has", "thats", "i", "i'm", "回覆",
    "資料", "提醒", "意見", "解答", "耐心",
)  # fmt: skip

_MAX_CHARS = 40  # a longer message is a question or a report, even if it starts with "hi"


def _word_pattern(phrase: str) -> str:
    escaped = re.escape(phrase)
    # English phrases stand as words; Han ones may touch anything.
    return escaped if re.search(r"[^\x00-\x7f]", phrase) else rf"(?<![a-z]){escaped}(?![a-z])"


def _first_kinds(phrases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each folded phrase and its kind (the dict's order names a phrase listed twice)."""
    kinds: dict[str, str] = {}
    for kind, words in phrases.items():
        for word in words:
            kinds.setdefault(normalise(word), kind)
    return kinds


def _longest_first(words: Iterable[str]) -> re.Pattern[str]:
    """At each place the longest phrase or filler wins: 「好好笑」 is laughter, not "ok" and
    a leftover 笑; 「好似」 rides along instead of leaving 似 behind "好"."""
    return re.compile("|".join(_word_pattern(w) for w in sorted(set(words), key=len, reverse=True)))


_KIND_OF = _first_kinds(PHRASES)
_FILLER_WORDS = {normalise(f) for f in _FILLERS} - set(_KIND_OF)
_PHRASE_RE = _longest_first(_KIND_OF)
_TOKEN_RE = _longest_first([*_KIND_OF, *_FILLER_WORDS])
_SELF = "self"
_SELF_WORDS = frozenset(normalise(w) for w in ("我", "i", "i'm", "my"))
_LEFTOVER_RE = re.compile(r"[\w]")


def _is_symbol(ch: str) -> bool:
    """Emoji, punctuation, spaces: anything that is not a letter, digit or Han character."""
    return not (ch.isalnum() or unicodedata.category(ch).startswith("L"))


def classify(text: str) -> str | None:
    """The kind of small talk `text` is, or None when it says anything more."""
    norm = normalise(text or "").strip()
    if not norm or len(norm) > _MAX_CHARS:
        return None
    if all(_is_symbol(ch) for ch in norm):
        return EMOJI  # 😊, 👍🙏, "?!", stickers' emoji
    found: set[str] = set()

    def take(match: re.Match[str]) -> str:
        kind = _KIND_OF.get(match.group())
        found.add(kind if kind is not None else _SELF if match.group() in _SELF_WORDS else "")
        return " "

    rest = _TOKEN_RE.sub(take, norm)
    if _LEFTOVER_RE.search(rest) or not found & set(KINDS):
        return None
    if COMPLAINT in found and _SELF in found:
        return None  # 「我好冇用」, "I'm useless": the person speaks of herself, not of the bot
    return next(kind for kind in KINDS if kind in found)


# Real small talk carries a few words more than the phrases: "hi hi, I'm back again",
# "bye bye, talk to you next time", 「好呀好呀，就咁做」. A short message with a small-talk
# phrase, no question and at most this many other words is still small talk — when those
# words do not speak of the work ("hi, my client cried today" is not).
_LOOSE_LEFTOVER_WORDS = 5
_LOOSE_LEFTOVER_HAN = 5
_QUESTION_RE = re.compile(
    r"[?？]|點算|點做|點樣|點解|點好|點呀|點啊|幾時|邊度|邊個|乜嘢|可唔可以|應唔應該|係咪|有冇|"
    r"how |what |why |when |where |who |which |should |can i"
)


def loosely(text: str) -> str | None:
    """The kind of a short message that is small talk with a few words more, or None."""
    norm = normalise(text or "").strip()
    if not norm or len(norm) > _MAX_CHARS or _QUESTION_RE.search(norm + " "):
        return None
    tokens = [(m.span(), _KIND_OF.get(m.group())) for m in _TOKEN_RE.finditer(norm)]
    kinds = [k for k in KINDS if k not in (COMPLAINT, ABOUT_BOT) and k in {t for _, t in tokens}]
    if not kinds:
        return None
    cuts = [0, *(i for (a, b), _ in tokens for i in (a, b)), len(norm)]
    rest = " ".join(norm[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2))
    words = re.findall(r"[a-z']+", rest)
    han = re.findall(r"[\u3400-\u9fff]", rest)
    if len(words) > _LOOSE_LEFTOVER_WORDS or len(han) > _LOOSE_LEFTOVER_HAN:
        return None
    # A word of the work counts unless a small-talk phrase or filler holds all of it ("talk"
    # in "talk to you next time" does not; 好攰 is not 好 "ok" and a leftover 攰).
    for start, end in work_spans(norm):
        if not any(a <= start and end <= b for (a, b), _ in tokens):
            return None
    return kinds[0]


def opening(text: str) -> str | None:
    """The small talk a short message opens with ("早晨，今日好天喎" opens with a greeting):
    the caller treats the message as small talk only when the rest finds no card."""
    norm = normalise(text or "").strip()
    if len(norm) > _MAX_CHARS:
        return None
    match = _PHRASE_RE.match(norm)
    kind = _KIND_OF.get(match.group()) if match else None
    return kind if kind in (GREETING, THANKS, GOODBYE) else None

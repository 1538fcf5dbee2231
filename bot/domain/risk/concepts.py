"""Ideas behind the words, in both languages, for the detector's second stage.

A few thousand labelled messages cannot show a model every way of saying "she gave away the
jade bangle she wore for forty years" (婆婆將佢戴咗幾十年隻玉鈪送咗俾我). Tagging each sentence
with the ideas it holds — GIVE and TREASURE here — and with every pair of them lets the model
learn the idea once and meet it again in other words and the other language.

Han triggers are substrings of normalised text; English triggers are word beginnings
("hoard" meets hoarded, hoarding). One pass of an Aho–Corasick automaton (pyahocorasick, a
small C library) finds them all.
"""

from __future__ import annotations

import itertools
import re

import ahocorasick

from bot.domain.search import HAN_RANGES, STOP_CHARS, normalise

CONCEPTS: dict[str, tuple[str, ...]] = {
    "DEATH": ("死", "過身", "去世", "離世", "歸西", "蒙主寵召", "斷氣", "die", "dead", "death",
              "dying", "pass away", "passed away", "gone", "funeral", "grave", "coffin", "棺材",
              "喪禮", "後事", "身後事", "骨灰", "靈堂"),
    "LIVE": ("活", "生存", "做人", "生命", "人生", "條命", "日子", "世界", "live", "living", "life",
             "alive", "exist", "wake up", "醒", "天光", "明天", "聽日"),
    "NOT": ("唔", "冇", "未", "無", "莫", "not", "no", "never", "n't", "dont", "doesnt", "cant",
            "wont", "nothing", "nobody"),
    "WANT": ("想", "希望", "寧願", "不如", "唔如", "好過", "等", "want", "wish", "hope", "rather",
             "ready", "pray", "wanna", "waiting"),
    "ENOUGH": ("夠", "厭", "捱", "撐", "頂唔住", "攰", "累", "受夠", "tired", "enough", "weary",
               "can't go on", "cant go on", "exhausted", "done with", "give up", "gave up"),
    "BURDEN": ("負累", "累贅", "拖累", "連累", "麻煩", "阻住", "包袱", "負擔", "佔住", "burden",
               "nuisance", "in the way", "trouble", "load", "drag", "useless", "冇用", "廢"),
    "FAMILY": ("仔", "女", "老公", "老婆", "老伴", "先生", "太太", "孫", "家人", "屋企人", "阿媽",
               "阿爸", "媽媽", "爸爸", "son", "daughter", "husband", "wife", "family", "kids",
               "children", "grandson", "granddaughter", "grandchild"),
    "GOD": ("天", "神", "菩薩", "上帝", "天父", "主", "閻王", "閻羅", "佛", "觀音", "命", "時辰",
            "算命", "god", "heaven", "lord", "jesus", "buddha", "fate", "time is up", "my time",
            "極樂", "天堂", "天家"),
    "REUNION": ("陪", "團聚", "相聚", "見返", "等緊我", "嗰邊", "上面", "下面", "落去", "跟埋",
                "join", "be with", "see him again", "see her again", "waiting for me", "reunit",
                "together again", "where he is", "where she is"),
    "GIVE": ("送", "分晒", "交俾", "交畀", "留低", "留俾", "捐", "執晒", "give", "gave", "giving",
             "hand over", "handed", "leave to", "left to", "donat", "pass on"),
    "TREASURE": ("心愛", "寶貝", "首飾", "玉", "金", "手錶", "戒指", "存摺", "積蓄", "幾十年", "傳家",
                 "相", "雀", "書法", "treasur", "jewel", "ring", "watch", "savings", "bangle",
                 "favourite", "most precious", "loved most", "birds", "collection"),
    "GOODBYE": ("拜拜", "再見", "保重", "多謝", "最後", "永別", "道別", "交代", "唔使再", "以後",
                "goodbye", "farewell", "last time", "thank you for everything", "take care",
                "after i'm gone", "when i'm gone", "won't need", "no longer need", "paid off",
                "affairs", "letter", "envelope", "遺囑", "平安紙", "will"),
    # Settling one's own end: the funeral shop, the photo, the plot, the papers.
    "ARRANGE": ("長生店", "遺照", "墓地", "山地", "靈位", "骨灰龕", "龕位", "壽衣", "壽板", "保險",
                "安排好", "講好咗", "揀好", "交代", "memorial", "funeral package", "burial",
                "plot", "urn", "niche", "obituar", "insurance", "arrangement", "chose the photo",
                "paid for", "sorted out", "put in order", "in order"),
    # Not being here soon: "下個月我應該唔喺度", "won't be around much longer".
    "ABSENT": ("唔喺度", "唔在", "冇咗我", "冇我", "消失", "過唔到", "見唔到", "唔會再見", "冇幾耐",
               "won't be around", "wont be around", "won't be here", "wont be here", "not be here",
               "not around", "not be around", "leave this world", "disappear", "much longer",
               "not for long", "last time", "see me again", "without me"),
    # Releasing others from worry or cost: "你以後唔使再為我擔心", "they'd manage fine".
    "NO_WORRY": ("唔使擔心", "唔使再擔心", "唔使再為我", "唔使再嚟", "唔使嚟", "唔使再煮", "放心",
                 "輕鬆", "少個負擔", "好過", "don't worry", "dont worry", "no need to worry",
                 "no need worry", "no need to come", "no need come", "better off", "manage fine",
                 "easier for", "no need to pay", "no need pay", "save them", "free them"),
    "COUNT": ("數日子", "倒數", "數住", "數到頭", "剩返", "counting", "count down", "countdown",
              "days left", "not long", "numbered", "one long queue", "waiting for the end"),
    "CALM": ("平靜", "諗通", "放低", "好快就", "冇事喇", "安樂", "解脫", "calm", "at peace", "peace",
             "relieved", "sorted", "settled"),
    "MEANS": ("炭", "藥", "安眠藥", "繩", "刀", "天台", "窗", "煤氣", "跳", "樓", "海", "橋", "路軌",
              "火車", "馬路", "charcoal", "pill", "tablet", "sleeping", "rope", "knife", "roof",
              "window", "gas", "jump", "bridge", "pier", "ledge", "balcony", "railing", "train",
              "platform", "water", "dose", "how high", "how many"),
    "STORE": ("儲", "收埋", "藏", "買多", "屯", "多幾", "成樽", "成盒", "成排", "成板", "一次過",
              "幾間藥房", "hoard", "save", "saving", "store", "storing", "stash", "collect",
              "stockpil", "box of", "extra", "a lot of", "all at once", "whole strip",
              "whole bottle", "shop by shop", "different pharmac", "biscuit tin", "instead of taking"),
    "HARM": ("𠝹", "鎅", "割", "燙", "撞", "咬", "扯", "抓", "捽", "刮", "拮", "燒", "cut", "burn",
             "bang", "bite", "biting", "scratch", "pull", "slam", "punch", "pinch", "scrub", "pick",
             "hurt", "harm", "razor", "blade", "scissors", "needle"),
    "SELF": ("自己", "自身", "myself", "herself", "himself", "themselves", "oneself", "own"),
    "BODY": ("手", "腕", "臂", "大髀", "頭", "手指", "皮", "腳", "arm", "wrist", "thigh", "head",
             "skin", "finger", "leg", "knuckle", "hand"),
    "MARK": ("疤", "痕", "瘀", "傷口", "紗布", "膠布", "血", "scar", "mark", "bruis", "wound",
             "bandage", "plaster", "blood", "bleed", "sleeve", "長袖"),
    "SECRET": ("唔好話", "秘密", "唔好講", "唔好同", "收埋", "唔俾人知", "唔想人知", "secret",
               "don't tell", "dont tell", "not tell", "hide", "hid"),
    "ACTOR": ("仔", "女", "新抱", "心抱", "媳婦", "女婿", "工人", "姐姐", "外傭", "helper", "傭人",
              "護理員", "職員", "姪", "侄", "親戚", "鄰居", "老公", "老婆", "son", "daughter",
              "in-law", "nephew", "niece", "carer", "maid", "staff", "relative", "neighbour",
              "neighbor", "cousin", "husband", "wife"),
    "VIOLENCE": ("推", "打", "摑", "踢", "鬧", "罵", "兇", "呼喝", "喝", "恐嚇", "嚇", "捉", "拉扯",
                 "揪", "扭", "掟", "撞", "push", "shove", "hit", "slap", "kick", "shout", "yell",
                 "scream", "rough", "threat", "grab", "shak", "beat", "smack", "thud", "throw"),
    "INSULT": ("廢物", "垃圾", "老而不死", "死老嘢", "老鬼", "冇用", "阻住", "臭", "污糟", "丟架",
               "useless", "rubbish", "garbage", "stupid", "waste", "dirty", "smell", "disgust"),
    "MONEY": ("錢", "生果金", "津貼", "長生津", "綜援", "存摺", "銀行", "金器", "戶口", "提款",
              "account", "money", "pension", "allowance", "bank", "savings", "gold", "cash",
              "card", "cssa", "$", "rent", "loan", "guarant"),
    "TAKE": ("攞", "拎", "呃", "騙", "偷", "扣", "霸", "借", "唔還", "take", "took", "stole", "steal",
             "keep", "kept", "cheat", "scam", "borrow", "withdr", "wired", "transfer", "hand over"),
    "SIGN": ("簽", "轉名", "過戶", "授權", "手指模", "擔保", "sign", "signature", "power of attorney",
             "guarantor", "papers", "deed"),
    "NEGLECT": ("餓", "冇飯", "冇人理", "屎", "尿", "褥瘡", "污糟", "臭", "冷", "凍", "冇被", "冇暖",
                "hungry", "starv", "soiled", "alone", "nappy", "diaper", "cold", "unwashed",
                "bedsore", "crackers", "bun", "empty fridge"),
    "CONTROL": ("鎖", "困", "關", "綁", "唔俾", "唔准", "唔畀", "唔肯", "lock", "tie", "tied", "shut",
                "won't let", "not allowed", "forbid", "stop her", "stop him", "listens in",
                "barred", "sedat"),
    "FEAR": ("驚", "怕", "唔敢", "縮", "扯開話題", "眼濕濕", "afraid", "scared", "fear", "flinch",
             "frighten", "terrified", "nervous", "quiet when", "goes quiet"),
    "INSTITUTION": ("老人院", "院舍", "安老院", "護老院", "home", "care home", "nursing"),
    "CHEST": ("心口", "胸口", "心", "chest", "heart", "left arm", "膊頭"),
    "BREATH": ("氣", "呼吸", "喘", "嗆", "哽", "breath", "gasp", "choke", "choking", "wheez"),
    "SYMPTOM": ("痛", "翳", "暈", "嘔", "血", "震", "汗", "抽", "腫", "燒", "發冷", "迷糊", "唔醒",
                "唔應", "唔郁", "唔出聲", "反白", "紫", "黑", "pain", "dizzy", "vomit", "threw up",
                "blood", "shak", "sweat", "seiz", "swell", "swollen", "fever", "confus", "drows",
                "mumbl", "slump", "blue", "grey", "spinning", "numb", "weak", "cold", "pale"),
    "SUDDEN": ("突然", "忽然", "一下", "而家", "啱啱", "suddenly", "sudden", "just now", "right now",
               "all of a sudden", "minutes"),
    "FLOOR": ("地", "樓梯", "廁所", "浴室", "跌", "碌", "仆", "floor", "stairs", "bathroom", "fell",
              "fall", "slipped", "lying"),
    "CANT": ("唔到", "唔郁", "起唔", "郁唔", "唔識", "唔記得", "can't", "cant", "cannot", "unable",
             "won't", "couldn't", "not able"),
    "URGENT": ("點算", "快啲", "救命", "即刻", "999", "白車", "救護車", "急", "sos", "help", "now",
               "ambulance", "quick", "urgent", "what do i do", "what should i do"),
    "DRUG_ERR": ("食錯", "食多", "食重", "唔記得食咗", "食咗兩次", "by mistake", "wrong", "twice",
                 "double", "extra dose", "whole week", "漂白水", "bleach", "dettol", "滴露"),
    "EAT": ("食", "飯", "餐", "胃口", "肚餓", "瘦", "磅", "eat", "meal", "food", "appetite", "hungry",
            "weight", "kg", "thin", "crackers", "cook"),
    "BED": ("床", "瞓", "起身", "窗簾", "黑", "bed", "sleep", "curtain", "dark", "chair"),
    "WITHDRAW": ("唔出", "唔見", "唔聽", "唔開門", "唔應門", "收埋", "唔理", "冇出過", "唔再去",
                 "推晒", "cancel", "isolat", "won't see", "not answering", "stopped going",
                 "doesn't pick up", "hasn't been", "stopped", "used to", "以前", "而家"),
    "HOPELESS": ("冇希望", "冇用", "冇意思", "冇將來", "好唔返", "冇心機", "冇力", "乜都", "一切",
                 "hopeless", "pointless", "no future", "nothing", "never", "what's the point",
                 "what's left", "failure", "empty", "flat", "no energy"),
    "CRY": ("喊", "眼淚", "流淚", "cry", "crying", "tears", "sob"),
    "MEDS_STOP": ("停藥", "唔食藥", "冇食藥", "覆診", "醫生", "精神科", "stop", "meds", "medication",
                  "antidepress", "appointment", "clinic", "follow-up", "psychiatr"),
    "DRINK": ("酒", "啤酒", "飲", "醉", "drink", "beer", "alcohol", "bottle", "wine", "drunk"),
    "TIME_LONG": ("幾日", "成個禮拜", "幾個禮拜", "成個月", "幾個月", "一排", "成日", "日日", "每日",
                  "每晚", "days", "weeks", "months", "every day", "every night", "all day",
                  "anymore", "any more", "no longer"),
    "PAST": ("舊年", "上年", "去年", "以前", "年前", "好返", "康復", "last year", "years ago",
             "healed", "recovered", "used to be", "back then"),
    "QUESTION": ("點", "應唔應該", "係咪", "使唔使", "要唔要", "?", "how", "should", "what do",
                 "what should", "is it", "do i"),
    "CLIENT": ("婆婆", "伯伯", "阿婆", "阿伯", "client", "個案", "老人家", "mrs", "mr ", "uncle",
               "auntie", "popo", "佢"),
}  # fmt: skip

_HAN_RE = re.compile(f"[{HAN_RANGES}]")


# pyahocorasick looks a character up among a node's children in the order they were
# added, and the root has over 300: triggers starting with common characters go in first
# (English letters by frequency, then the Cantonese function characters search ignores),
# which reads the mixed bench report quicker (0.22–0.29 → 0.19 ms). What is found does
# not change.
_COMMON = "etaoinshrdlcumwfgypbvkjxqz" + "".join(sorted(STOP_CHARS))


def _automaton() -> ahocorasick.Automaton:
    """Every trigger in one Aho–Corasick automaton: one pass over a sentence finds them all
    (a 4,000-character report in well under a millisecond)."""
    entries: dict[str, tuple[tuple[str, bool, int], ...]] = {}
    for concept, triggers in CONCEPTS.items():
        for trigger in {normalise(t) for t in triggers}:
            latin = not _HAN_RE.match(trigger)
            entries[trigger] = (*entries.get(trigger, ()), (concept, latin, len(trigger)))
    rank = {ch: i for i, ch in enumerate(_COMMON)}
    automaton = ahocorasick.Automaton()
    for trigger in sorted(entries, key=lambda t: (rank.get(t[0], len(rank)), t)):
        automaton.add_word(trigger, entries[trigger])
    automaton.make_automaton()
    return automaton


_AUTOMATON = _automaton()


def concepts_in(sentence: str) -> set[str]:
    """The concepts in one normalised sentence. English triggers must start a word."""
    found: set[str] = set()
    for end, hits in _AUTOMATON.iter(sentence):
        for concept, latin, length in hits:
            start = end - length + 1
            if latin and start > 0 and "a" <= sentence[start - 1] <= "z":
                continue  # "hit" inside "white"
            found.add(concept)
    return found


# Feature names made once: a long report names a few hundred concepts and pairs.
_NAMES = {c: "c:" + c for c in CONCEPTS}
_PAIR_NAMES = {(a, b): f"c:{a}+{b}" for a in CONCEPTS for b in CONCEPTS if a < b}


def concept_features(sentence: str, concepts: set[str] | None = None) -> set[str]:
    """Each concept, and each pair of concepts, found in the sentence (`concepts`: those
    already found in it, so a long report is read once)."""
    found = sorted(concepts_in(sentence) if concepts is None else concepts)
    if not _NAMES.keys() >= set(found):  # a concept not defined here: name it on the spot
        features = {"c:" + c for c in found}
        features.update(f"c:{a}+{b}" for i, a in enumerate(found) for b in found[i + 1 :])
        return features
    features = set(map(_NAMES.__getitem__, found))
    features.update(map(_PAIR_NAMES.__getitem__, itertools.combinations(found, 2)))
    return features

"""Is a message something the refresher cards answer at all?

Supporters also ask the bot what they would ask a friend: the weather, shares, a recipe, the
last bus, tonight's TV, their own knee. A card for those would be a random card, so they get
"I'm not sure" (bot/domain/answers.py). The lists are by kind of request, not by message:
written on the tuning part of tests/data/answers, checked on the kept-out part. A message that
also speaks of a client or a visit stays in scope ("typhoon signal 8 — do I still visit?").

Questions about the bot itself ("can my social worker see what I type?", "are you AI?") are
small talk about the bot: a short reply and the menu.
"""

from __future__ import annotations

import re

from bot.domain.search import normalise


def _compile(*parts: str) -> re.Pattern[str]:
    """One pattern over normalised text. A word boundary next to Latin letters only, since
    Han characters count as word characters too ("我隻knee好痛")."""
    pattern = normalise("|".join(parts))
    pattern = re.sub(r"\\b(?=[a-z(])", "(?<![a-z])", pattern)
    return re.compile(pattern.replace("\\b", "(?![a-z])"))


_OUT_OF_SCOPE = _compile(
    # weather
    r"天氣|天文台|氣溫|幾多度|會唔會落(?:大)?雨|落唔落雨|落大雨|下雨|好天|好熱呀|好凍呀|幾時有颱風|"
    r"有(?:幾多個)?颱風|\bweather\b|forecast|temperature|will it rain|going to rain|"
    r"(?:cold|hot|sunny|rainy) (?:tomorrow|today|this weekend|tonight)",
    # money and shares
    r"股票|股價|股息|恒指|恒生指數|美股|港股|買咩股|升咗幾多|跌咗幾多|收市|開市|匯率|換錢|換yen|"
    r"交稅|報稅|差餉|銀行.{0,4}開唔開|\bstocks?\b|shares\b|share price|hang seng|dividend|"
    r"bitcoin|crypto|exchange rate|rates payment|\btax\b|interest rate",
    # food and cooking
    r"點整|食譜|點煮|點蒸|點煲|點醃|點斬|點炒|煲幾耐|煮幾耐|蒸幾耐|要煲|要煮|老火湯|蒸水蛋|咖喱|"
    r"好食|邊間茶樓|餐廳|\brecipe|how (?:do i|to|long do i) (?:cook|make|boil|steam|bake|fry)|"
    r"steam a|boil an? |turnip cake|restaurant|dim sum place|where to eat|去邊度食|好嘢食|"
    r"食(?:咩|乜|乜嘢)好|食咩餸|煮咩餸|what (?:should|shall) i (?:eat|cook)|"
    # the asker's own gadget is broken
    r"(?:電話|手機|電腦|電視|雪櫃|冷氣)(?:又)?壞咗|(?:phone|computer|tv|fridge) (?:is )?broken",
    # transport and travel
    r"點去|搭咩車|搭邊架|搭邊條|轉邊條|巴士|小巴|港鐵|地鐵|\bmtr\b|尾班|幾點有車|塞唔塞車|塞車|"
    r"的士|"
    r"渡海小輪|機票|旅行|機場|\bbus\b|minibus|how (?:do i|to) get to|taxi|peak tram|\bferry|"
    r"flights?\b|airport",
    # television, sport, games
    r"翡翠台|電視劇|煲劇|viutv|\btvb\b|\bdrama\b|netflix|\bmovie|睇戲|電影|賽馬|跑馬|馬經|邊隻馬|"
    r"六合彩|麻雀|世界盃|睇波|嘅波|今晚嘅波|煙花|賞燈|horse racing|mark six|lottery|"
    r"world cup|\bmatch\b|singing contest|on tv|tell me a joke|笑話|book to read|election|選舉",
    # shopping
    r"邊度買|邊度有.{0,6}賣|邊間.{0,6}最平|最平|平嘅|減價|網購|退貨|超市|costco|discount|"
    r"where (?:can i|to) (?:buy|get)|best place to buy|cheap",
    # the asker's own phone, home, errands and health
    r"電話費|上網費|phone bill|change plan|便宜|"
    r"月費|上網數據|數據用晒|死機|頭像|alipay|八達通|printer|\bwifi\b|data i've used|"
    r"漏水|曱甴|cockroach|stains?\b|腰骨痛|膝頭|\bknee\b|血壓|跌打|flu jab|葡萄糖胺|老花鏡|"
    r"長者咭|醫療券|renew my|my own id|translate|翻譯|作文|功課|homework|spelling|photosynthesis|"
    r"what time is it|農曆|幾時放假|winter solstice|冬至|求咗支籤|解籤|生日卡|birthday present|"
    r"太極",
    # news, stories, languages, documents, dates, repairs and chores, investments, own health
    r"新聞|\bnews\b|\bpoem|故事俾我|tell me a story|in (?:japanese|mandarin|korean|french)|"
    r"英文點講|點講英文|日文|回鄉證|passport|護照|visa|簽證|端午|公眾假期|public holiday|幾號|"
    r"back up my|backup|icloud|修電視|修電腦|repair|電腦好慢|clean (?:a|the|my)|rice cooker|"
    r"wedding|婚禮|人情|黃金|\bgold\b|investment|投資|利息|定期|基金|盈富|calorie|卡路里|"
    r"頸痛|頭痛|牙痛|咖啡|coffee|減肥|diet\b|帶遮|濕度|humidity|學書法|learn to swim|"
    r"opera shows|粵劇|football score|比分",
)

# The asker's own affairs that a visit question also names ("typhoon signal 8, do I still
# visit?", "婆婆唔識用WhatsApp打視像", "阿伯問我點申請生果金"): out of scope only when nothing
# else in the message speaks of the work (_WORK, with these words set aside).
_OWN_AFFAIRS = _compile(
    # weather warnings for the asker's own plans
    r"風球|颱風|打風|typhoon|\bt[138]\b|signal (?:no\.? ?)?\d|黑雨|紅雨|黃雨|暴雨|rainstorm|"
    r"umbrella|帶遮|寒冷天氣|酷熱天氣|heat warning|cold weather warning|會落雨|落雨嗎|有冇雨落|"
    r"(?:今日|今晚|聽日|聽朝|而家|外面)幾度|degrees (?:today|tonight|tomorrow)|天文台|"
    # the asker's own phone
    r"(?:手機|電話|phone|iphone|android|ipad)\S{0,12}(?:字|設定|視像|更新|電池|冇聲|無聲|鈴聲|密碼|"
    r"記憶體|容量|相)|視像|video call|whatsapp|screenshot|截圖|font size|text bigger|"
    r"bigger text|字(?:體)?(?:較|校|調|整|變)?大|"
    r"(?:手機|電話|phone)\S{0,6}(?:好慢|慢|hang機|唔work|上唔到網|連唔到|冇電|壞)|"
    r"(?:phone|iphone|ipad) (?:is |keeps )?(?:so )?(?:slow|freezing|frozen)|"
    r"ringtone|battery|storage|software update|block (?:a|this|that|the) number|"
    # government schemes for the asker
    r"長者生活津貼|高齡津貼|長者(?:醫療券|卡|咭|乘車|優惠)|elderly health ?care(?: voucher)?|"
    r"old age (?:living )?allowance|elderly card|senior citizen card|津貼|生果金|綜援|醫療券|"
    r"長者卡|長者咭|樂悠咭|joyyou|兩蚊|二元|公屋|居屋|強積金|\bmpf\b|"
    r"allowance|voucher|subsidy|pension|\bssa\b|\boala\b|\bcssa\b|"
    # the time and the date
    r"而家幾點|依家幾點|幾點鐘|what time is it|what's the time|星期幾|what day is it|"
    r"what's the date|what is the date|"
    # errands, bills and outings
    r"訂枱|訂位|book a table|飲茶|好去處|去邊度玩|去邊度行|where to go|things to do|day trip|郊遊|"
    r"行山|hiking|\bhike\b|電費|水費|煤氣費|交費|繳費|\bbills?\b|剪頭髮|haircut|remind me to|"
    r"提(?:吓|下)?我(?:聽日|聽朝|今晚|後日|下晝|星期|禮拜|\d)|"
    r"set (?:an |個 ?)?alarm|鬧鐘|"
    r"幫我(?:打電話|打俾|call|訂|買|book|set|較|send|叫車|叫的士)|"
    r"點樣?(?:整|煮|蒸|煲|醃|斬|炒|焗|炆|滾|煎|炸)|煲湯|雞湯|湯水|\bcongee|\bsoup\b|"
    r"講(?:個)?故事|tell me a (?:\w+ )?story|funny story|"
    r"mahjong|麻將|打牌|\bpoker\b|"
    # the asker's own aches
    r"my (?:back|knee|knees|leg|legs|foot|feet|neck|shoulder|hip|tooth|teeth|eyes?|stomach) "
    r"(?:hurts|hurt|aches|ache|is (?:so |really )?sore|is killing me)"
    r"(?:,? what (?:should|can|do) i do)?|backache|back pain|腰痛|背痛|腳痛|手痛|膊頭痛|胃痛|"
    # general knowledge
    r"人口|population|how many people live|capital of|首都|邊個發明|who invented|who won|"
    r"最高嘅山|tallest|highest mountain|how far is|有幾遠|what year did|生肖|zodiac"
)

# The work beyond _WORK that a question about the asker's own affairs may still be about: an
# outing, escorting a client to the clinic, the monthly contact form, a client code, a fall.
_WORK_TOO = _compile(
    r"outing|活動|陪診|陪覆診|覆診|escort|contact|form\b|表格|記錄|record|\b[a-z]\d{2,3}\b|暈|嘔|"
    r"跌親|跌倒|受傷|救護車|ambulance|999|emergency"
)

# A client, a visit or the role in the message: then it is a question about the work.
_ROLE = _compile(
    r"個案|老友記|探訪|探佢|家訪|上門|社工|支援者|義工|佢話|佢屋企|"
    r"client|visit|social worker|supporter|volunteer|\bshe\b|\bhe\b|\bher\b|\bhim\b|mrs|mr |"
    # an older person: 婆婆, 阿伯, or by name (黃伯, 石婆); the supporter's own case. (Not
    # HAN_RANGES: its \U escapes would be folded by normalise.)
    r"[\u4e00-\u9fff][伯婆](?!母|父|爵)|uncle|auntie|aunty|po ?po|個 ?case|\bcase\b|跟(?:咗|緊|嘅)"
)

# Words of the work itself: a client (or "佢", "she", "someone"), a visit, the centre, hours,
# training, the supporter's own strain. A message with none of them needs a much closer match
# before it gets a card (answers.MIN_COVERAGE_OFF_WORK): out-of-scope requests nobody listed
# above rarely say any of these.
_WORK = _compile(
    r"佢|婆婆|伯伯|阿婆|阿伯|個案|老友記|長者|老人|探|家訪|上門|社工|姑娘|支援者|朋輩|義工|中心|"
    r"個case|"
    r"時數|鐘數|幾多個鐘|個鐘|培訓|上堂|課程|筆記|師兄|師姐|入行|結案|私人電話|訊息|覆|拍門|敲門|"
    r"風球|唔想做|辭職|好攰|壓力|抑鬱|熱線|過身|走咗|喊|安慰|內疚|冷場|唔出聲|屋企人|個女|個仔|遲到|"
    r"client|cleint|case|visit|social worker|\bsw\b|supporter|volunteer|peer|\bshe\b|\bhe\b|"
    r"\bher\b|\bhim\b|\bthey\b|\bthem\b|\btheir\b|someone|old (?:lady|man|people|folks)|woman|"
    r"\bman\b|men\b|blokes|daughter|\bson\b|widow|mrs|\bmr\b|hours?\b|\bhrs\b|training|trainer|"
    r"course|supervision|"
    r"refresher|write-up|my number|phone call|\bcall\b|knock|door|centre|quit|burnt out|struggling|"
    r"depress|helpline|hotline|samaritans|silence|listening|lost their|died|passed away|\blate\b|"
    # people: family, neighbours, a person the supporter speaks of
    r"屋企|家人|老公|老婆|老伴|仔|女兒|孫|新抱|阿媽|阿爸|阿哥|家姐|鄰居|街坊|朋友|人哋|個人|"
    r"husband|wife|\bkids?\b|grand|family|nephew|niece|neighbou?r|friend|person|people|"
    r"lady|gentleman|elderly|aunt|uncle|brother|sister|mother|father|\bmum\b|\bdad\b|"
    # what to say and how it felt: the heart of the work
    r"點講|點答|點回應|點開口|講咩|講乜|同佢講|問我|話我|叫我|我點|點同|點樣同|點安慰|開口|傾|"
    r"唔開心|傷心|擔心|好驚|緊張|嬲|激氣|灰|後悔|孤獨|寂寞|抗拒|唔肯|拒絕|收唔收|收禮|利是|禮物|"
    r"what (?:do|should|can) i (?:say|tell|do)|how (?:do|can|should) i (?:say|tell|respond|"
    r"reply|answer|handle|help|cope|deal)|\bsay\b|\btell\b|\btalk|chat|respond|reply|"
    r"upset|\bsad\b|\bcry|cried|worried|scared|afraid|angry|guilt|lonely|alone|refus|"
    r"gift|red packet|boundar|myself|\bi feel|i'm (?:so |really )?(?:tired|stressed|sad|"
    r"worried|nervous)"
)

# Asking about the bot itself.
_ABOUT_BOT = _compile(
    r"\bbot\b|\brobot|呢個bot|機械人|機器人|chatgpt|\bai\b|你幾多歲|你記唔記得|你啲資料|"
    r"用呢個要唔要錢|"
    r"what i type|睇唔睇到我|睇唔睇到|話俾社工聽我問|save my messages|語音同你|"
    r"understand (?:cantonese|廣東話)|你 understand|what languages do you|who's behind|"
    r"change the language|啲字可唔可以大|返去主頁|is this free|我可以問你咩|真人|"
    r"person or a computer|\ba computer\b|human or|"
    # How it answers, what it can take, how it is set up; a kind word to it.
    r"real person|typing behind|電腦自動|自動覆|覆得咁快|reply so fast|answer so fast|"
    r"(?:send|leave) you (?:a )?voice|講普通話|speak mandarin|點用你|"
    r"how (?:do i|to) use (?:you|this)\b|do you (?:sleep|eat|rest|get tired)\b|"
    r"do you work (?:24|all day|all night|at night|every day|on sundays)|"
    r"don'?t you (?:need to )?(?:sleep|rest)|字太細|字好細|"
    r"words? (?:are )?(?:too|so) small|set (?:this|it) up for me|裝嚟試|"
    r"(?:like|love|enjoy) (?:chatting|talking) (?:with|to) you|you(?: are|'re) (?:so |very )?"
    r"(?:clever|smart|helpful)|你好叻|你真係叻|你好聰明|你講嘢好似|"
    # Who made it, what it is, what it can be asked.
    r"who (?:make|made|built|build|created|create|wrote|write|runs?) (?:you|this)\b|"
    # (no upper-case escapes: the pattern is normalised, which lower-cases \W into \w)
    r"^[ ?!.,~]*(?:are you|you are|you) (?:a )?(?:man|woman|boy|girl|male|female|human|person)"
    r"(?: or (?:a )?[a-z]+)?[ ?!.,~？！。]*$|"
    r"(?:^|[?.!] ?)(?:are )?you (?:from|belong to) (?:the )?(?:government|centre|center|swd)|"
    r"what (?:sort|kind|type)s? of (?:things|questions|stuff) (?:can|should|do) i ask|"
    r"邊個(?:整|寫|做|開發)(?:咗)?(?:你|呢個)|你係(?:男|女)(?:定|仔|人)|你係咪(?:政府|真人|人)|"
    r"可以問你(?:啲)?(?:咩|乜)"
)


def outside_the_role(text: str) -> bool:
    """An information request the refreshers do not answer, with no client in sight."""
    norm = normalise(text or "")
    if _ROLE.search(norm):
        return False
    if _OUT_OF_SCOPE.search(norm):
        return True
    if not _OWN_AFFAIRS.search(norm):
        return False
    rest = _OWN_AFFAIRS.sub(" ", norm)
    return not _WORK.search(rest) and not _WORK_TOO.search(rest)


def speaks_of_the_work(text: str) -> bool:
    """The message names a client, a visit, the centre, hours, training or the strain of it."""
    return bool(_WORK.search(normalise(text or "")))


def work_spans(normalised: str) -> list[tuple[int, int]]:
    """Where the words of the work are in an already normalised text."""
    return [match.span() for match in _WORK.finditer(normalised)]


def about_the_bot(text: str) -> bool:
    """A question about the bot itself (what it is, who sees what is typed, how to use it)."""
    return bool(_ABOUT_BOT.search(normalise(text or "")))

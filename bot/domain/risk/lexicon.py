"""Concept patterns for the risk detector: how older Hong Kong people and their supporters
actually say it (shared/domain/RISK_LANGUAGE.md), written as ideas with gaps, not word lists.

Two scripts, two views of the same normalised text (see `bot.domain.risk.views`):

* Han rules run on the *compact* view: spaces and punctuation dropped, sentence ends kept
  as "|". In a rule, `~` is a gap of up to 4 characters and `~~` of up to 10, never across
  a sentence end: 想~死 meets 想快啲死 and 想即刻就死.
* English rules run on the *words* view: lower case, one space between words. In a rule,
  `~` is a gap of up to three words.

A rule is one pattern, or a tuple of patterns that must all be found in the same sentence
(an actor and an act: 個仔 … 推 … 跌). Masks are idioms blanked out before any rule runs
(熱到死, 打邊爐, "my back is killing me"): they are how "not risk" is said, listed once.
Han patterns are written in ordinary characters and folded like the text (畀 → 俾,
不 → 唔, 了 → 咗…), so write them naturally; never use upper-case regex escapes in them.
"""

from __future__ import annotations

SUICIDE = "suicide"
SELF_HARM = "self_harm"
ELDER_ABUSE = "elder_abuse"
MEDICAL_EMERGENCY = "medical_emergency"
SEVERE_DEPRESSION = "severe_depression"

Rule = str | tuple[str, ...]

# --------------------------------------------------------------------------------------------
# Han: shared fragments
# --------------------------------------------------------------------------------------------

# People who may harm an older person (family, helper, carer, neighbour).
_ACTOR = (
    "(仔|女|新抱|心抱|媳婦|女婿|孫|工人|姐姐|helper|外傭|菲傭|印傭|傭人|家傭|家務助理|護理員|照顧者|"
    "老公|老婆|屋企人|家人|親戚|兒子|女兒|姪|侄|外甥|鄰居|男朋友|女朋友|同居|契仔|契女|前夫)"
)
# The older person on the receiving end.
_ELDER = (
    "(佢|婆婆|伯伯|阿婆|阿伯|老人家|媽媽|阿媽|爸爸|阿爸|老豆|老母|公公|嫲嫲|爺爺|婆|伯|"
    "老太|老伯|太太|先生|個案|client|我)"
)
# The dead someone may want to join.
_DEAD = (
    "(佢|老公|老婆|老伴|先生|太太|阿媽|阿爸|媽媽|爸爸|老豆|老母|個仔|個女|先人|祖先|阿爺|阿嫲|"
    "亡夫|亡妻|死鬼|另一半|屋企人|家人|爸媽)"
)
_ELDER_OBJ = (
    "(佢|婆婆|伯伯|阿婆|阿伯|老人家|阿媽|媽媽|佢老母|老母|老豆|阿爸|爸爸|公公|嫲嫲|爺爺|老太|老伯)"
)
# 精神好咗 (in better spirits), 主動 (of her own accord) and 今天 are not gods.
_GOD = (
    "(老天爺|老天|上天|天父|上帝|(?<!精)神(?!經)|主耶穌|耶穌|主(?!動|任|席|意|婦|角|要|持|題|管|日)|"
    "菩薩|觀音|佛祖|閻羅王|閻王|閻羅|(?<![今聽尋琴每前後成半第一兩幾])天(?!氣|台|星|橋|光|時))"
)
_MEDS = "(藥|藥丸|安眠藥|瞓覺藥|止痛藥|血壓藥|糖尿藥|薄血藥|精神科藥|抗抑鬱藥|啲藥)"
_MONEY = (
    "(錢|積蓄|生果金|長者津貼|長生津|綜援|退休金|強積金|存款|儲蓄|棺材本|養老金|人工|"
    "利是錢|老人金|家用|私己錢)"
)
# "Three days", "a whole week" — not 成日, which also means "always".
_DURATION = (
    "((幾|好多|兩|三|四|五|六|七|八|九|十|[0-9]+)(日|天|晚)|(幾|好多|一|兩|三|四|成|半)"
    "(個)?(禮拜|星期|個月))"
)

HAN_RULES: dict[str, tuple[Rule, ...]] = {
    SUICIDE: (
        # plain words and the common euphemisms
        "自殺|自盡|輕生|尋死|求死|燒炭|燒碳|了斷自己|自我了斷|了結自己|了結生命|短見|做傻事|做傻嘢|諗唔開|想唔開|一死百了|"
        "一了百了|一走了之|同歸於盡|生唔如死|早死早着|早死早超生|死唔去|等死|遺書|絕命書|"
        "結束(自己|生命|條命|性命|一切)",
        # wanting to die (唔想死 and the intensifiers are masked)
        "想(快啲|早啲|即刻|就咁|真係|不如|都|好)?(去)?死",
        "死(咗|埋)?(佢)?(好過|算(啦|罷|數)?|就好|都好|仲好|更好|就唔使|就解脫|乾淨|輕鬆|"
        "一了百了|就一了百了|咪唔使)",
        "唔如死|倒唔如|(點解|做咩|為咩|點解我)~仲(未|唔)死|(快啲|早啲)死",
        # not wanting to live or go on
        "唔想(再)?~(活|生存|做人(?!情)|捱(?!夜|更)|撐落去|撐(?!枱)|頂落去|繼續落去|醒返|醒|"
        "過落去|行落去|存在|喺呢個世界|喺度受|見到(聽日|明天|明日|第二日|天光))",
        "(活|生存|捱|撐|頂|過)(唔|都唔)落去",
        "(?<!生|快|靈|幹|復|死|存)活(得)?(夠|厭|膩|煩)(咗|晒|喇|啦)?",
        "(做人|活|活落去|活住|活着|生存|人生|生命|條命|呢條命|日子)(都|真係|好|已經|根本|實在)?"
        "(冇|唔|無)(晒)?(癮|意思|意義|價值|味道|樂趣|盼頭|用)",
        "冇心機(再)?~(活|做人|生存|捱|過日子)|冇(理由|意思|意義|心機|必要)再~(活|做人|生存|捱)",
        "條命~(唔要|唔要得|冇用|唔值錢|俾返|畀返|拎走)",
        # being a burden
        "(負累|累贅|拖累|連累)",
        "唔想再(阻住|阻|麻煩|煩住|拖|累|連累|拖累)~(仔女|屋企人|家人|你哋|大家|個仔|個女|人)",
        "(成為|做|變成|係)~(負擔|包袱)",
        "冇(咗)?我~(好|輕鬆|開心|自在|舒服|唔使|仲好|更好|快活|冇咁|少咗)",
        "我(走|死|去|唔喺度)(咗)?(之後|以後|嗰陣)?~~(輕鬆|好過|唔使|解脫|舒服|少個|冇咁辛苦|"
        "開心|保重|照顧好|記住|乾淨|唔好喊|唔好傷心|唔洗)",
        # a god or fate taking them
        f"{_GOD}~(收|帶|接|召|叫)(返|走|咗)?(我|佢)(?!錢|費|皮|租|貨|信|嘢|件|工|線|尾)",
        "(想|好想)跟(住|埋)去(?!(飲|街|食|行|買|睇|玩|旅|醫|診|覆|中心|公園|教會))|行落(水|海)",
        # on a rooftop or a ledge, and not coming down
        "(天台|屋頂|窗台|欄杆|窗邊|露台邊)~~(唔想落|唔肯落|唔落|叫佢落|落返去|唔想返|唔肯返|跳落)",
        "(快啲|早啲|幾時|求|希望|點解仲唔|點解唔|等)~(?<!我)(收|帶|接|召)(返|走)?(我|佢)(走|去|返去)"
        "(?!錢|費|皮|租|貨|信|嘢|件|工|線|尾)",
        "(閻羅王|閻王|閻羅)~(唔收|唔要|都唔)",
        # reunion with the dead
        f"(時候|想|早啲|快啲|好想|都想|去|應該)~(落去|上去|過去|去天堂|返天家)~(陪|見|搵|找)(返)?{_DEAD}",
        f"跟(埋|住)?{_DEAD}(一齊)?(走|去)(?!(飲|街|食|行|買|睇|玩|旅|醫|診|覆|中心|公園|教會|"
        "返|度|搭|超市|街市|酒樓|茶樓|探|做|攞|拎|出|入|洗|沖|剪|打|影|唱|跳|聽|參加|活動|嗰|呢|邊|拜|"
        "掃墓|上香))",
        f"{_DEAD}~(喺|響)?(上面|下面|天上|天堂|嗰邊|另一邊|底下)~等(緊|住)?(我|佢)",
        "(天上|天堂|上面|下面|嗰邊|另一個世界|下世|下輩子)~(團聚|相聚|再見|見返|重逢|見面|一齊)",
        f"同{_DEAD}~(團聚|相聚|重逢)",
        f"(快啲|早啲|好想快啲|想早啲)(去)?(見|陪|搵)(返)?{_DEAD}",
        "(係時候|差唔多|都係時候)~(落去|去陪|走喇|走啦|去喇|去啦|上路)",
        # means and preparation
        "(買|儲|收埋|藏|擺|放|屯|搬|一包|一袋|兩包|幾包)(咗)?~(炭|碳)(?!燒|爐|烤|火鍋|bbq)",
        f"(儲|收埋|藏|屯)(起|埋|咗|晒|住)?~{_MEDS}",
        f"{_MEDS}~(儲|收埋|藏|屯)(起|埋|咗|晒|住)",
        f"(食晒|一次過食|成樽|成盒|成排|成包|成袋|一樽|一盒|一排)~{_MEDS}",
        f"{_MEDS}~(食晒|一次過食)",
        "(幾多|幾)粒~~(死|夠|走|醒|瞓唔醒|一次過)",
        "(天台|樓頂|屋頂)~~(跳|望落|企出|圍欄|石壆|邊邊|邊度坐|坐喺邊)",
        "跳(樓(?!價|貨)|落去|落街|出去|落海|海|河|出窗|下去|軌|橋|落樓)",
        "(窗|窗口|窗邊|露台|騎樓)~(跳|爬出|企出|攀出|望落去)",
        "爬(出|上)~(窗|欄杆|石壆|露台|天台)",
        "(煤氣|石油氣)~~(自殺|死|吸|唔點火|冇點火|唔熄|冇熄|閂埋)|吸~(煤氣|石油氣)",
        "吊頸|上吊|自縊|(繩|索|電線|皮帶|絲巾)~~(頸|橫樑|門框|吊扇|窗花)|吊(住|喺)~(橫樑|吊扇|門框|窗花)",
        "想~~(跳樓|跳落|燒炭|吊頸|撞車|衝出馬路|食晒|割脈|淹死|跳海|消失|唔見咗|一走了之)",
        "(交代|準備|安排)(好|晒|埋|清楚|咗)?~(後事|身後事|喪事|白事)",
        "(我|自己)~(後事|身後事)",
        # farewell acts
        "(心愛|最鍾意|最寶貝|最寶貴|最珍惜|傳家|珍藏|陪咗佢幾十年)~~(送|俾|畀|交|留)(咗|晒|埋|低|返)?",
        "(送|分|派)(晒|埋)~(啲|所有|全部|心愛|首飾|金|玉|手錶|戒指|相|積蓄|存摺|遺物)(?!利是)",
        "(下世|下輩子|來世)~(報答|再見|見|做|還)|永別|訣別",
        "(想|求|等|早啲|快啲|我要|都想|就可以|就會|終於可以|好想|不如|一死)~(解脫|消失)",
        "唔想再受(罪|苦|折磨)",
        # more ways it is said (bank, tuning part)
        # round 16's shapes (tuning part): would rather die, won't see the new year, a life
        # kept for nothing, won't wake again, praying to go soon, you won't find me
        "寧願(去)?死(?!都要|都唔會放|都唔肯放)|寧願~(窗口|窗|露台|天台)~(出去|跳)|過唔到(今)?(年|冬|中秋|生日|聖誕)|"
        "(條)?命留(低|嚟|黎)?(嚟|黎)?做(乜|咩|乜嘢)|(唔好|唔會|唔使|冇得|唔想)再醒(返)?|"
        "求~(快啲|早啲)(走|去|死)|(自己|自我)了結|了結(埋)?(自己|條命)|係時候走(咗佢|咗去)|"
        "(以後|下(個)?(月|星期|禮拜|次)|到時)~搵唔(到|返)我|(捱|活|做人)咗咁(多|耐)(年)?~(夠|得)(喇|啦|嘞|囉|咯)|"
        "問~~天台(門|道門|度門|個門)|"
        "生無可戀|生冇可戀|一死咗之|自己搞掂自己|搞掂埋自己|了咗自己|早死早着|時辰到|等時辰|大限|死期",
        "(活着|活住|生存|做人)(真係|太|實在)(累|攰|痛苦|辛苦)|活(得)?太(耐|長|多)|活咁(耐|長)(都)?冇(用|意思)",
        "(瞓|睡)(落去|着|咗)?~(唔好|唔再|冇|唔會|再唔|永遠唔)(起身|醒|起返身)|希望~(唔好|唔會|唔再)醒|第二朝唔好醒",
        "(想|早啲|快啲|好想|都想|希望|等)~(去|返)(極樂|天國|天堂|天家|西方)",
        "(落去|上去)(陪|見|搵|照顧)~(老公|老婆|老伴|先生|太太|阿媽|阿爸|媽媽|爸爸|個仔|個女|孫|過咗身|死咗|走咗)",
        "去(嗰邊|另一邊|下面|上面)(照顧|陪|搵|見)",
        "(兩|幾|一)?(包|袋|盒)(炭|碳)(?!燒|爐)",
        "(安眠藥|瞓覺藥|sleepingpill)~~(買多|多幾|好多|幾排|成盒|大盒|一大|唔使醫生紙|唔要醫生紙|儲)",
        "揀(個|定)?(好)?日子~(走|去)|單程(飛|車票|機票)",
        "(係時候|都係時候)~(落車|上路|收工)",
        "(我|佢)(消失|唔喺度)(咗)?~~(好|輕鬆|easy|開心|冇煩|冇負擔)",
        "話(佢|自己)(走|死)(咗)?(?!得)~~(好|輕鬆|啱晒|唔使|乾淨|大家)",
        "交代(咗|好|晒|埋)?~~(錢|戶口|account|存款|遺產|間屋|層樓|隻貓|隻狗|隻雀)",
        # A will alone is ordinary planning (立平安紙 with the family); one written in secret is not.
        "(偷偷|靜雞雞|急急|趕住|突然)~(寫|立|整)(好|咗)?(遺囑|平安紙)|壽衣|(自己|我)(嘅|個|副)?(棺材|骨灰龕|靈位|墓地)",
        "(好似|似係|當係)~(最後一次|最後一面|永別|訣別)|最後一封",
        ("多謝", "以後(都)?唔使(再)?(嚟|探|打|搵)|唔使再(嚟|探|打俾|搵)我"),
    ),
    SELF_HARM: (
        "自殘|傷害自己|整傷自己|弄傷自己|虐待自己|懲罰自己|傷自己",
        "(𠝹|鎅|界|割|刮|劃|別)(自己|手腕|手瓜|手臂|大髀|腳瓜|脈)",
        "(𠝹|鎅|界|割)(傷)?手(?!指|機|袖|錶|套|工|續|勢)",
        "(刀|𠝹|割|鎅|界|傷|燙|抓|煙頭)(痕|疤)",
        "(手|手腕|手臂|手瓜|大髀)~(刀痕|𠝹痕|割痕|界痕|一條條|一劃劃|好多條|血痕|疤痕|新傷|傷口)",
        "煙頭~(燙|辣|灼|篤)|(燙|辣|灼|篤)(傷)?自己",
        "(用頭|拎頭|個頭)~撞|(頭|自己)~撞~(牆|牆壁|門|枱)|撞(~)(牆|牆壁)~(頭|自己)|撞自己",
        "(打|摑|揼|捶|咬|抓|扯|拔|搣|刮|篤|㩒)(~)?自己",
        "故意~~(食多|食晒|跌|撞|割|𠝹|燙|整傷|唔食|餓)",
        "長袖~~(遮|收埋|唔俾)|唔(俾|畀)(人)?(睇|掂)(佢)?(隻)?手",
        "(cut|cutting|hurt|burn|harm|pinch|scratch|hit|punch|slap|bite|bang)(咗|緊)?自己",
        "(手|臂|腕|大髀)~~(cut|cuts|scar|scars)",
        "(𠝹|鎅|界)(咗|緊|過)(?!開|個|啲|塊|條|嘢|菜|肉|瓜|紙|繩|包|件|張|盒|橙|蘋果|生果|餅|蛋糕|柚)",
        "故意~~(掂|放|撞|燙|燒|拮|刮|咬|撩|唔搽)",
        "(撩|撕|挖|整)爛~(傷口|皮|疤)",
        "用(針|刀|剪刀|鉸剪|打火機|風筒|熨斗|煙頭|界刀|刨)~~(自己|手|腳|大髀|手指|皮)",
        "(咬|扯|拔|搣|撕)(到)?~(流血|出血|成揸|甩)",
        "撼牆|揼牆|打牆|(頭|拳)~(撼|撞|揼)~牆",
    ),
    ELDER_ABUSE: (
        "虐待|虐老|疏忽照顧|照顧疏忽|家暴|家庭暴力|暴力對待|拳打腳踢|(動手|郁手)(打|推)|"
        "褥瘡|壓瘡|手印|指印|掌印|抓痕|瘀傷|成身瘀|有瘀|啲瘀|瘀晒|瘀咗|瘀青",
        (_ACTOR, "(推|打|摑|踢|揈|掟|捏|搣|揼|撻|扭|扯|揪|篤|綁|縛|恐嚇|欺負)(咗|親|到|住|埋|跌|低|完)?"
         + _ELDER_OBJ + "(?!電話|手機|call|電|號碼|whatsapp|針|出街|去|返|落|上|入|行|坐|輪椅|車)"),
        "拳打腳踢|一巴|巴掌|掌摑|推(跌|倒|低)|打到(佢)?~(瘀|腫|流血|喊|跌|傷)",
        "打(佢|婆婆|伯伯|阿婆|阿伯|老人家|阿媽|媽媽|佢老母|公公|嫲嫲)(?!個|嘅|電話|手機|call|電|"
        "號碼|whatsapp|wa|針|氣|招呼|個招呼|預防針|疫苗)",
        "(俾|畀|被)(人|佢個仔|佢個女|個仔|個女|工人|姐姐|新抱|家人|屋企人|老公|老婆|孫|女婿)"
        "~(打|推|鬧|虐待|呃|騙|鎖|綁|趕|恐嚇|欺負|摑|踢|掌摑)",
        # money and property
        "呃~錢|騙~錢|偷~錢|(攞|拎|呃|騙|偷|扣|霸|吞|袋)(晒|埋|走)~" + _MONEY,
        (_ACTOR, "(攞|拎|呃|騙|偷|扣|霸|吞|袋|揸|管|took|take|stole|steal|keep|kept)(晒|咗|埋|走|起|住)?"
         "(佢|婆婆|伯伯|阿媽|老人家|佢老母|老豆|阿爸)(啲|嘅|d)?~" + _MONEY),
        (_ACTOR, "(銀行卡|提款卡|存摺|銀行簿|存款簿|身份證|八達通|長者咭|提款咭)~"
         "(攞|拎|扣|收|揸|霸|唔還|唔俾返|唔畀返)(咗|起|埋|住|走|晒)"),
        (_ACTOR, "(攞|拎|扣|霸|揸)(咗|起|埋|住|走|晒)~(銀行卡|提款卡|存摺|銀行簿|存款簿|身份證)"),
        "(逼|迫|呃|騙|強迫|威逼|硬要|拉住佢隻手)~(簽|轉名|過戶|授權|加名|按手指模|打手指模|做擔保)",
        (_ACTOR, "(轉名|過戶|授權書|加名|按手指模|打手指模)"),
        "(層樓|間屋|物業|單位|屋契|樓契)~~(轉(咗)?名|過戶|轉咗俾|霸咗|呃咗|騙咗)",
        # threats and insults
        "(恐嚇|威脅|嚇|話要|再唔聽話|再咁|唔聽話就|如果唔)~~(送|趕|掟|丟|鎖)~(老人院|安老院|護老院|"
        "院舍|出街|走|出去)",
        "趕(佢|你|我|婆婆|伯伯|阿媽|老人家)~(出街|出去|走|出門|落街)",
        (_ACTOR, "(廢物|廢柴|老而不死|老而唔死|死老嘢|老鬼|垃圾|累贅|阻住地球轉|去死|死開|冇用嘅嘢)"),
        "(鬧|罵|話|叫)(佢|婆婆|伯伯|阿媽|老人家)?~(廢物|廢柴|老而不死|老而唔死|死老嘢|老鬼|垃圾|"
        "阻住地球轉|去死|死開)",
        # neglect
        "(尿片|片)~~(冇換|唔換|濕晒|臭|冇人換|幾日)|冇(人)?(換|幫佢換)~(尿片|衫|片)",
        "(屎|尿|屎尿)~~(冇人|成身|一身|滿|臭晒|周圍|喺床)",
        "(冇|唔)(俾|畀|煮|買)~(飯|嘢|餸)~(食|佢)",
        "冇(飯|嘢)食|餓(親|到|住|咗|成|幾)(佢|婆婆|伯伯|老人家)?",
        (_ACTOR, "(食晒|食埋)(佢|婆婆|伯伯|老人家)(啲|嘅)?~(飯|餸|嘢食|奶粉)"),
        "(唔|冇|唔肯)(俾|畀|帶)(佢|婆婆|伯伯|阿媽|老人家)?~(食藥|覆診|睇醫生|見醫生|入院|見人|"
        "出街|落街|打電話|聽電話|用電話)",
        "鎖(住|咗|埋)佢|將佢~(鎖|困|關)|(鎖|困|關)(咗|住)?佢~(喺|響)|反鎖~(佢|喺)",
        "綁(住|咗|喺)(佢|喺床|喺椅|喺櫈|手|腳)|(俾|畀|被)(人)?綁(住|咗|喺)",
        "冇人(理|照顧|煮飯俾|餵|幫佢)(佢)?~(成日|幾日|成個|餓)",
        # fear and secrecy
        "(好驚|驚|怕)(佢)?(個仔|個女|工人|新抱|心抱|女婿|老公|老婆|個孫|屋企人)~(打|鬧|嬲|發脾氣|罵|推|"
        "知道|返嚟|搵佢)",
        "唔好話(俾|畀)?(人|社工|你|任何人)?(知)?~~(仔|女|新抱|工人|老公|老婆|孫)",
        "唔敢~(講|話|出聲|返屋企|話俾人知)",
        "將(佢|婆婆|伯伯|阿婆|阿伯|老人家|阿媽)~(鎖|困|關|綁)",
        "(長生津|生果金|綜援|津貼|退休金|老人金)~~(入咗|入晒|轉咗|過數)~(個仔|個女|佢哋|新抱|戶口)",
        "(逼|迫|要)佢~(過數|交|俾|畀)~(錢|生果金|綜援|津貼)",
        (_ACTOR, "(借|borrow)~~(唔還|冇還|唔俾返)"),
        (_ACTOR, "(金器|首飾|金鈪|手鐲|戒指|玉鈪)~~(攞|拎|賣|當|冇還|唔還|took)"),
        "(唔(俾|畀)|唔准)(我|社工|我哋)~(入屋|入去|見佢|探佢|入嚟|見婆婆|見伯伯)",
        (_ACTOR, "(呼喝|兇|惡)~(佢|婆婆|伯伯|老人家)|你咁臭|唔好掂我"),
        "(唔准|唔俾|唔畀)(佢)?(開|用)~(暖爐|冷氣|電|燈|被|熱水|風扇)",
        "冇人(幫|同)佢(沖涼|抹身|換衫|洗澡)",
        "(呃|騙|偷)(咗|晒)?(佢)?~~(萬|千|蚊)",
        (_ACTOR, "唔開飯(俾|畀)佢|淨係(食|得)~(杯麵|餅乾|白飯)"),
    ),
    MEDICAL_EMERGENCY: (
        "中風|小中風|爆血管|腦出血|心臟病(發|發作)|心肌梗塞|心臟停|(冇|無)(咗)?(呼吸|脈搏|心跳)|"
        "停(咗)?~(呼吸|心跳)",
        "(嘴|口|面|口角|嘴角|半邊面|塊面)~(歪|側|垂|扁|唔對稱|唔正)",
        "(嘴角|口角|半邊面|一邊面|半邊嘴)~(冇郁|唔郁|郁唔到|跌落|落咗)",
        "(左|右)(手|腳|臂)~(舉唔起|提唔起|冇力|郁唔到|無力)|(啲)?字黐埋(一齊|一嚿)",
        "(一邊|半邊|左邊|右邊)~(手|腳|身|面)~(冇力|郁唔到|麻|軟|垂|舉唔起|無力|唔受控|唔聽使)",
        "突然~(手|腳)~(冇力|郁唔到|麻|軟|舉唔起)",
        "講嘢~(唔清|含糊|黐脷|唔鬼清楚|唔清楚|好怪|亂|糊|大舌頭|遲鈍|唔出)|口齒(唔|不)清|黐(晒)?脷|"
        "大舌頭|講唔到嘢|講唔出嘢",
        "突然~~(胡言亂語|亂講嘢|認唔到人|唔認得人|糊塗|迷糊|神志不清|神智不清|語無倫次|行唔到|"
        "企唔穩|睇唔到|聽唔到|郁唔到|跌低|暈|口齒|冇力|唔識講|頭痛)",
        "(心口|胸口|心臟)~(痛|翳|壓|悶|緊|揦|刺|唔舒服|好辛苦|扯住|有嚿|好重)",
        "(扯|唞|透)(唔|唔到|唔切|唔過|晒)~?氣|呼吸~(困難|唔到|好急|好辛苦|唔順|急促|唔暢順|好喘|"
        "有困難|好弱)|上氣唔接下氣|氣促|氣喘|喘(到|得|住|唔停|氣)",
        "(嘴唇|唇|口唇|面|面色|手指|指甲)~(發|變)?(紫|藍|黑|灰|青)(晒|咗|色)?",
        "暈(低|咗|倒|厥|過去|喺)|昏(迷|倒|低|咗)|不省人事|唔省人事|失去知覺|"
        "冇(晒)?(知覺|反應|意識)|(叫|拍|搖)~(唔醒|都唔醒|唔應|都唔應|唔郁)|叫極都唔(應|醒)",
        "(瞓|躺|伏|碌|跌)(咗)?~(喺|響)~(地|地下|地上|廁所|浴室|床邊|廚房)~"
        "(唔郁|起唔到|郁唔到|唔應|唔醒|成晚|幾粒鐘|幾個鐘|一晚|好耐)",
        "(跌|仆|絆|滑)(親|低|倒|咗)~~(起唔到|起唔返|郁唔到|爬唔起|企唔起|撞(親)?頭|流血|痛到|骨折|"
        "斷|腫|好耐|成晚|冇人知|喺地)",
        "跌親|跌低|跌倒|跌咗一跤|跌咗一交|仆親|仆低|絆親|絆低|滑親|滑倒|滑低|"
        "跌~(腰骨|髖|髀骨|盆骨|手骨|個頭)",
        "(吐|嘔|咳|屙|痾|便|瀨)~(血|黑色)|(大便|屎)~(黑|有血|血)|流血(唔止|不止|唔停|好多)|"
        "(好多|大量|成地|成身)~血|血流(唔止|不止|唔停|如注)|大量出血",
        "低血糖|血糖~(低|跌|過低)|(冒|出|標)(晒)?(冷|凍)汗",
        "(高燒|發燒|燒)~~(糊塗|亂講|神志|唔認得|抽筋|唔醒|39|40|41|四十)",
        f"(食錯|食多|食重|食雙|重複食|食咗兩次|誤食|亂食)~{_MEDS}|{_MEDS}~(食錯|食多咗|食重|食咗兩次)|"
        "食咗~(漂白水|清潔劑|殺蟲水|老鼠藥|洗潔精|消毒|滴露)",
        "抽筋~(唔停|好耐|成身|口吐白沫|冇反應)|口吐白沫|抽搐|羊癇|發羊吊|癲癇",
        "(喉嚨|舌頭)~腫|敏感~(腫|唞唔到|透唔到|呼吸)",
        "中暑|熱(到|親)~(唔醒|冇反應|神志)",
        "燒傷|着火|火燭",
        "(叫|打|call|召|搵)(咗)?~(白車|救護車)|白車|(叫|召)(咗)?999",
        "(冒|出|標)(晒)?汗~(手震|震|頭暈|迷糊|糊塗|暈)|(手震|震)~(冒汗|出汗|糊塗|迷糊)",
        "睇嘢(矇|朦|重影)|突然(睇唔到|矇)|大叫一聲",
        "(婆婆|伯伯|佢|阿婆|阿伯|client)~(唔郁|冇反應|叫唔醒|冇呼吸)(呀|啊|㗎|喇|嘅|!)?",
        "眼反(晒)?白|成身(一抽一抽|抽搐|發抖)|全身起(晒)?(紅點|疹)|(口唇|嘴唇|塊面|舌頭)腫",
        "(條腳|隻腳)~(又紅又腫|黑咗|發黑)",
        "食多咗幾粒|食咗(三|兩|幾)次~藥|唔記得食咗未~再食",
        "飲咗~(漂白水|滴露|清潔劑|殺蟲水)",
        "摔(倒|低)|起不來|起唔返|抬唔郁|扶唔起",
        "碌咗落樓梯|(條頸|個頭|背脊)~(好痛|唔敢郁|流血)",
        "流鼻血~(止唔到|唔停|好耐)",
        "突然~(唔知自己喺邊|叫錯|認唔到|唔識行|唔記得點行)",
        "傾(埋)?一邊|歪(埋)?一邊",
        "個心~(停|揸住|跳得好快|好似停)|揸住個心",
        "冇(咗|晒)(知覺|反應|意識)",
    ),
    SEVERE_DEPRESSION: (
        "(停(咗)?食|冇食|唔食)~(antidepressant|抗抑鬱藥|情緒藥|精神科藥)",
        "唔食嘢|唔肯食嘢|冇食嘢|食唔落|食極都唔落|唔食東西|唔肯食飯",
        f"{_DURATION}~(冇|唔|無|未)(肯)?~(食|食嘢|食飯|落床|起身|起床|出門|出街|沖涼|洗澡|梳洗|換衫|"
        "講嘢|開口|應門|出房|見人)",
        "(唔|冇|無)(肯)?(再)?(落床|出房|梳洗|沖涼|換衫|應門|見人)~(成|幾|好多|成個|已經|一排|好耐)",
        "瞓(咗)?(喺)?床(度|上)?~(成日|幾日|唔起|成個)",
        "停(咗)?藥|(唔|冇|無)(再)?(肯)?食藥(?!前|後|之前|先)",
        f"(抗抑鬱|精神科|情緒|醫生開嘅|血清素){_MEDS}?~(停|唔食|冇食|掉|倒|丟|收埋)",
        "(唔|冇|無)(再)?(去|返)?覆診|甩(咗)?覆診|唔肯~覆診|覆診~(唔去|冇去|甩咗|唔肯去)",
        "冇(晒)?希望|絕望|冇將來|冇出路|冇盼頭|睇唔到~(希望|將來|出路)",
        "(乜|咩|一切)(嘢)?都(冇|唔)(意思|意義|用)|(乜|咩)都唔想(做|理)",
        "(永遠|一世|點都)~(唔會|好唔返|唔得)(好返|好)|(唔會|冇可能)好返",
        "(日日|成日|每日|晚晚|成晚|夜夜|每晚)~(都)?(喊|流眼淚)|喊~(成日|成晚|唔停)|以淚洗面",
        "(唔|冇)(想|肯)(見|理|睬)~(人|任何人|朋友|仔女|我哋)|收埋自己|困(埋|住)自己",
        "(成|幾)~(禮拜|個月)~(冇|唔)(出過|出|落)(門|街|樓)",
        "死咗都冇人知|冇人知我死",
        ("(最鍾意|好鍾意|日日|成日|以前)", "(而家|依家|最近)~(唔|冇|推晒|都唔)(再)?(嚟|去|出|聽|玩|唱|做|睇|打)"),
        "(唔再|冇再)(去|嚟|返)~(中心|教會|公園|飲茶|打麻雀|唱)|叫極都唔(出嚟|出街|落嚟)",
        "唔再(聽|接|覆)~(電話|whatsapp|訊息)|拍門都唔開",
        "瘦(咗|到)~(見骨|成|幾)|瘦到見骨|越嚟越瘦",
        "一日瞓(十幾|十|成日)|瞓(成|十幾)個鐘",
        "(日日|成日|朝早)~(飲酒|開酒|開罐啤酒|飲到醉)|唔飲點過|日日飲(?!茶|湯|水|奶|咖啡)",
        "(困|收|匿)(喺|響)(房|屋企)~(唔出|成日|日日)",
        "(窗簾|燈)~(拉埋|唔開|閂晒|熄晒)~(全日|成日|黑)|坐喺黑(暗)?",
        "(信|單|水電)~~(冇開|唔開|冇交|冇理)",
        "冇人會記得(佢|我)|(我|佢)係多餘|唔使幫我|由得我|唔好理我",
        "等天黑~等天光|喊到天光",
        "(飯|嘢)都唔想食",
        # poor sleep counts alongside low mood (a two-part rule: both in one sentence)
        ("(唔瞓覺|瞓唔着|冇瞓覺|失眠|瞓唔到|成晚唔瞓)",
         "(唔開心|抑鬱|情緒低落|好灰|悶悶唔樂|喊|冇心機|心情差|好悶|低落)"),
    ),
}  # fmt: skip

# Idioms and intensifiers that sound like risk and are not (RISK_LANGUAGE.md, "Not risk").
HAN_MASKS: tuple[str, ...] = (
    "(熱|凍|攰|癐|悶|忙|笑|嚇|激|餓|曬|趕|累|癢|痕|嬲|醜|衰|肉酸|核突|肚餓|口渴|頭痕|瘡)"
    "到?(想|要|快|半|佢|我)?死",
    "(笑|嚇|激|悶|熱|凍|餓|攰|忙|趕|癐|曬|煩|嬲)死(我|人|你|佢)?",
    "想死你(哋)?(喇|啦|呀|嘞|囉|咯)|唔想死|唔係想死|怕死|死火|死慳死抵|抵死|死黨|死線|死機|死電|死板|死蠢|死牛一邊頸|死撐|死頂|"
    "死守|死人嘢|死人頭|死仔包|死妹釘|死鬼(老公|老婆|佬)|死佬|死雞撐飯蓋|死結|死纏爛打|死心",
    "死咗(部|個|隻|架)?(電話|手機|機|電腦|電視|雪櫃|冷氣|電池)|(電話|手機|電腦|電視|雪櫃|冷氣|電池|"
    "部機)~死(咗|機)",
    "打(邊爐|麻雀|牌|工|針|風|瞌睡|電話|字|卡|波|球|太極|功夫|掃|理|算|開|包|折|交|氣|扮|賞|醒|"
    "呵欠|乞嗤|噴嚏|嗝|雷|疫苗|招呼|俾|畀|返|給)",
    "跌打|打喊(露|路)|打(咗|咗個)?(俾|畀)|"
    "跳舞|跳繩|跳水|心跳|跳掣|跳過|跳樓價|跳樓貨|跳飛機|跳高|跳遠",
    "跌價|跌市|股票跌|股市跌|樓價跌|(電話|手機|筆|鎖匙|錢包|眼鏡|嘢|遮|杯|碗|碟|遙控|餐具|銀包|"
    "八達通|衫|帽)~跌(咗|親|低|落)",
    "吊鹽水|吊針|吊燈|吊帶|吊櫃|心痛|頭痛醫頭|笑到喊|感動到喊|開心到喊|喜極而泣|"
    "(講起|諗起|一諗|一講|聽到|睇到|提起)~(心口|心)(痛|翳)",
    "打工仔|負擔(唔|得)起|經濟負擔|包袱(好|太)?重",
    "竹炭|活性炭|炭燒|炭爐|木炭畫|點火|打唔着火|着唔到火|唔着火",
    # falls that did not happen: feared, prevented, nothing to trip on
    "(唔好|唔會|費事|驚|怕|防止|預防|避免|冇嘢|唔使|小心|以防|差啲|差少少|險啲|幾乎|差點)~(跌|絆|滑|仆|跣)"
    "(親|低|倒|嚫)",
    # risk as a subject (a training, a poster, a card), not as something happening to someone
    "(自殺|虐老|虐待長者|自殘|傷害自己|輕生|抑鬱)(風險|危機)?(預防)?(嘅)?(講座|培訓|訓練|工作坊|嗰堂|堂|課|海報|"
    "單張|筆記|簡報|壁報|小冊子|短片|影片)|(防止|預防|認識|關於|有關)(自殺|虐老|虐待長者|自殘|輕生)",
    "(唔好|費事|驚|怕|防止|預防|避免|小心|以防|提防)~中暑",
    # a stroke in the past, told as background ("nursing his wife since her stroke")
    "(照顧|服侍|湊|陪)(緊)?(佢)?(個|嘅)?(中風|癱瘓)(咗)?(嘅)?|中風(之後|以後|後|嗰陣|咗(幾|好多|兩|三)年)|"
    "自從~中風",
    # phoning someone who does not pick up (打 is a call here, RISK_LANGUAGE.md "Not risk")
    "打(佢|極|咗俾佢|咗畀佢)?(嘅)?(電話|手機)?(都|又|咗)?(唔聽|冇人聽|唔通|冇人接|唔接)",
    "有冇(按時)?食藥|日日飲(晒|水|多啲)",
    # a feared mistake is not one made; a neighbour's baby crying all night
    "(驚|怕|唔想|避免|防止|以免|擔心)~食錯",
    "(bb|嬰兒|細路|隔離屋|隔籬屋)~~成晚喊",
)  # fmt: skip

# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------

# "him self", "herslef", "themselfs": how it is typed on a phone
_SELF = "(?:my|him|her|them|your|our|one) ?s(?:el|le)(?:f|ves|fs)"
_POSS = "(?:my|his|her|their|the client'?s?|my client'?s?|mum'?s|mom'?s|dad'?s|grandma'?s)"
_MEDS_EN = (
    "(?:medicines?|medications?|meds|pills|tablets|drugs|sleeping pills|painkillers|panadol|"
    "antidepressants?)"
)
KIN_EN = (
    "(?:husband|wife|son|daughter|mother|father|mum|mom|dad|parents|spouse|partner|sister|"
    "brother|family|grandma|grandpa|late husband|late wife)"
)
_ACTOR_EN = (
    "(?:son|daughter|daughter-in-law|son-in-law|grandson|granddaughter|helper|maid|carer|"
    "caregiver|husband|wife|nephew|niece|family|relative|neighbou?r|boyfriend|girlfriend|"
    "in-laws?|children|kids|brother|sister|grandchild)"
)
_ELDER_EN = (
    "(?:her|him|them|the client|my client|grandma|grandpa|his mother|her mother|his mum|"
    "her mum|his mom|her mom|his dad|her dad|his father|her father|mum|mom|granny|auntie|"
    "uncle|the old (?:lady|man|woman)|the elderly|popo|pakpak)"
)
_NOT_EN = (
    "(?:not|no longer|never|don'?t|doesn'?t|didn'?t|won'?t|can'?t|cannot|can not|isn'?t|"
    "hasn'?t|haven'?t|wouldn'?t|couldn'?t|ain'?t)"
)

EN_RULES: dict[str, tuple[Rule, ...]] = {
    SUICIDE: (
        # round 15's (tuning part)
        r"(?:no intention of|not going to|won'?t|doesn'?t want to) (?:live to )?see\w* (?:another|next) "
        r"(?:chinese new year|new year|birthday|christmas|summer|winter)|envies (?:people|those) who "
        r"die|wish\w* it (?:were|was) (?:her|his|my) turn|good if (?:it|this) kill\w* (?:me|her|him)|"
        r"stop (?:the )?(?:dialysis|treatment|chemo) so (?:she|he|i) can die|how long (?:it )?takes to "
        r"drown|deep enough (?:near|to|for)|unlocked rooftops?|(?:rope|pills|tablets|charcoal) (?:\w+ )"
        r"{0,5}just in case|(?:meaning|meant|planning|intending) not to come back|(?:dream\w*) (?:\w+ )"
        r"{0,8}(?:call\w*|ask\w*|tell\w*) (?:her|him|me) to come|attempt(?:ed)? (?:過|before|once|twice)|"
        r"(?:previous|past|earlier) attempt",
        # Round 14's shapes of English said around the edges (tuning part's misses):
        # "when she gone", "once he's 'gone'", "when I'm no longer around"
        r"(?:when|once|after|if) (?:i'?m|i am|she'?s|he'?s|she is|he is|she|he|i) ['‘\"]?"
        r"(?:gone|no longer (?:here|around)|not (?:here|around) any ?more)\b['’\"]?"
        r"(?! (?:to|out|back|home|shopping|away|for (?:a|the|two|three|\d)|on (?:a|the|holiday)))",
        r"(?:won'?t|wont|will not) be (?:here|around) (?:much |very )?(?:long(?:er)?|by then|for long|"
        r"for good|any ?more)|(?:not|won'?t be) here (?:for )?long\b|i'?m not here long",
        # a burden in so many words
        r"taking up space|waste of (?:rice|space)|(?:weight|burden|millstone) (?:around|round) "
        r"(?:\w+'?s? ){0,2}neck|out of (?:your|their|everyone'?s|the) (?:hair|way) (?:soon|for good|"
        r"forever|once)|once (?:i'?m|she'?s|he'?s) out of the way",
        r"call it a day,? for good|(?:my|his|her) time(?:'s| is) (?:up|short|nearly up)\b|"
        r"(?:quick|easy) way (?:out|to check out)|overstay\w* "
        r"(?:my|her|his) welcome|sleep forever|(?:should|could) (?:have|'ve) (?:gone|died|followed|go) "
        r"(?:with|together with|before) (?:him|her|them|my|his)|catch (?:him|her) up\b|"
        r"(?:go|going) (?:and )?(?:find|meet|accompany|join) (?:him|her)(?=\s*(?:[.,;!?'’\"]|$| soon| now| there))|"
        r"(?:keep|kept) (?:him|her) company (?:again|down there|up there|soon)|"
        r"follow (?:her|his|my) (?:late )?(?:husband|wife|son|daughter|mum|mother|dad|father)\b",
        # questions about doses and means
        r"how many (?:\w+ ){0,4}(?:tablets?|pills?|panadol|paracetamol) (?:is|are|would be) "
        r"(?:too many|dangerous|enough|fatal)|(?:take|taking|swallow\w*) all (?:my|her|his|the|of "
        r"(?:my|her|his)) (?:\w+ )?(?:medicines?|medication|pills|tablets) (?:together|at once)|"
        r"(?:dangerous|deadly|fatal) in (?:large|big) (?:amounts|doses)|(?:lot of|lots of|many) "
        r"(?:panadol|paracetamol|sleeping pills) at once|(?:paracetamol|panadol|sleeping pills) from "
        r"(?:different|several) (?:pharmacies|chemists|shops)|how long (?:it )?takes to die|"
        r"measuring the distance|lowest railing|turns? the gas on without lighting|forget to light "
        r"(?:it|the gas)|(?:sea|water) (?:is )?calling (?:her|him|me)",
        # instructions for "after", said without saying after what
        r"['‘\"]after['’\"]|\bfor after\b|after what\?|(?:read|open|give (?:\w+ )?(?:to \w+ )?)after\s*"
        r"(?:[.!?;'’\"]|$)",
        rf"kil{{1,2}}(?:s|ing|ed)? {_SELF}|kil{{1,2}}(?:ing|ed)? (?:咗|左)?自己|(?:suicid|sucid|suiced|suicd|suiside|suside)\w*|overdos\w*|"
        r"end (?:it all|everything)|(?:話|要|想|就|will|plan\w* to) "
        r"end it\b(?! (?:with|between))|"
        r"(?:want\w*|wanna|going|gonna|thinking|think\w*|talk\w*|said|says|decided) (?:to|of|about) "
        r"end(?:ing)? (?:things|it)\b(?! (?:well|early|nicely|properly|on a|with|between))|"
        r"end(?:s|ing)? (?:my|his|her|their) (?:own )?life|"
        r"ending it all|put(?:s|ting)? an end to (?:it|things|everything|my life|her life|his life)",
        r"(?:want|wants|wanted|wanting|wanna|wish|wishes|wished|ready|prefer|prefers|rather|"
        r"better off|going|hope|hopes|praying|prays) to (?:just )?die\b",
        r"(?:rather|better off|prefer to|wish (?:i|he|she|they) (?:was|were)|wish(?:es)? to be) "
        r"(?:be )?dead\b",
        # Hong Kong English leaves out "to": "she say she want die", "wanna die", "want go faster"
        r"\b(?:want|wants|wanted|wanna|wish|wishes|ready|hope|hopes) (?:just )?die\b|"
        r"(?:want|wants|wanna) (?:to )?go (?:faster|quicker|sooner)\b",
        # asking heaven to take her: "why heaven not take me yet", "hope God takes me soon"
        r"(?:why|wish|hope|pray|should|please|let|ask)\w* (?:\w+ ){0,2}(?:heaven|god|lord|buddha|"
        r"jesus|the gods) (?:\w+ ){0,2}(?:not |doesn'?t |won'?t |didn'?t |don'?t )?take\w* (?:me|her|him)",
        # a farewell for the next visit: "if I'm not here next time", "maybe I already go"
        r"(?:if|maybe|may|might|in case) (?:i'?m|i am|she'?s|he'?s|i|she|he) (?:am |is )?(?:already )?"
        r"(?:not here|gone|go|already go) (?:by )?(?:next time|next week|when you come)|next time you "
        r"come,? (?:maybe |may be |perhaps )?(?:i|she|he) (?:already|will be|'?ll be|am|is)? ?(?:go|gone|"
        r"not here|dead)\b",
        r"(?:won'?t|wont|will not) be (?:here|around) (?:for|by|at|to see) (?:the )?(?:chinese new "
        r"year|new year|christmas|mid-autumn|(?:her|his|my) birthday|next year)",
        r"wish(?:es|ed)? (?:i|he|she|they) (?:could )?(?:just )?(?:die|disappear|not wake|"
        r"wouldn'?t wake|didn'?t wake|never woke|had died)",
        r"(?:not|never|don'?t|doesn'?t|won'?t|didn'?t) (?:want to |wanna )?wake up(?: again| anymore|"
        r" tomorrow| in the morning)?|go to sleep and (?:not|never) wake",
        rf"{_NOT_EN} (?:want|wants|wanna|wish|wishes|see the point) (?:to )?(?:live|be alive|go on|"
        r"carry on|continue living|exist|be here|be around)\b",
        r"(?:tired|sick|weary) of (?:living|life|being alive|this life)|lived (?:long )?enough|"
        r"had enough of (?:life|living|this life)|done with (?:life|living)|"
        r"given up on life|gave up on life|(?:no|lost (?:the|her|his|all)|losing (?:the|her|his)) will to "
        r"live",
        r"(?:no|nothing|no reason|no point|not worth|isn'?t worth|not much|nothing left) ~"
        r"(?:living|to live|live for|left to live|go on|going on|carry on|carrying on|being alive|"
        r"keep going|keep on living|stay alive|stay on|hang on)",
        # Hong Kong English: "what for I stay", "better I go early", "no meaning to live".
        r"what for (?:i|she|he|to) (?:stay|live|still alive|wake up)|better (?:i|she|he) (?:just )?"
        r"(?:go|die|"
        r"go early|disappear)\b(?! (?:home|out|back|to|and|first|there|with))",
        # Asking about doses or heights (RISK_LANGUAGE: means and preparation).
        rf"how (?:many|much) (?:\w+ )?(?:\w+ )?(?:{_MEDS_EN}|insulin|paracetamol|sleeping tablets?) "
        r"(?:\w+ )?(?:is|are|would be|will be|is it) (?:too many|too much|dangerous|fatal|lethal|enough "
        r"to)",
        r"(?:a )?(?:gentle|painless|easy|quick|peaceful) way to (?:go|die|end it)",
        r"walk(?:s|ing|ed)? (?:straight )?(?:into|in) (?:the )?(?:sea|water|harbour|harbor)\b"
        r"(?! ?(?:park|side|front|food|world))|(?:just )?(?:keep|kept) walking (?:and|into) "
        r"(?:not|never) come back",
        (r"\b(?:sea|harbour|harbor|pier|river)\b", r"(?:just|one day) (?:i |she |he )?(?:will |"
         r"gonna |'ll )?(?:just )?walk (?:in|into it)\b"),
        # A past attempt told in passing: "last time the pills didn't work".
        r"(?:last|one|that|first) time (?:the |she |he |i )?(?:\w+ )?(?:pills?|tablets?|gas|charcoal|"
        r"rope) (?:didn'?t|did not|never) work|(?:tried|try|attempted) (?:\w+ ){0,3}(?:with|using) "
        r"(?:the )?(?:gas|charcoal|pills|tablets|rope)",
        r"(?:i'?m|i am|she'?s|she is|he'?s|he is) not (?:here|around) any ?more|(?:keeps?|kept) a "
        r"(?:\w+ )?(?:rope|cord) (?:\w+ ){0,4}in case",
        r"life (?:is|isn'?t|has|'s) (?:not worth|no meaning|meaningless|pointless|over|no point)",
        r"what'?s the point (?:of|in) (?:living|life|going on|carrying on|being alive|anything)",
        r"(?:can'?t|cannot|can not|couldn'?t) (?:go on|carry on|keep going|take (?:it|this) any ?more|"
        r"bear (?:it|this|life) any ?more|face another day)",
        r"(?:tak(?:e|es|ing)|took) (?:my|his|her|their) own life|took (?:his|her|their) life",
        r"better off (?:dead|without (?:me|him|her|them|us)|if (?:i|she|he) (?:was|were) gone)",
        r"(?:a|such a|just a|only a|being a|be a|am a|'m a|'s a|feel like a|feels like a) "
        r"(?:\w+ )?(?:burden|nuisance|drag|waste of space)",
        rf"join (?:my|her|his|their) (?:late )?{KIN_EN}\b(?! (?:for|at|on|to|dinner|lunch|breakfast|"
        r"trip|gathering|party|meal|tea|celebration|reunion|outing|holiday|in (?!heaven|paradise|"
        r"the next|the other)))|be with (?:him|her|them|(?:my|his|her) {KIN_EN}) "
        r"(?:again|soon|up there|in heaven|there)|(?:he'?s|she'?s|they'?re|(?:he|she) is|"
        # "waiting for her cataract op" is not someone waiting for her
        rf"{KIN_EN} is) waiting for (?:me|him|her\b(?! (?!(?:up|there|in|to|on|now|already|at|"
        r"soon|over)\b)[a-z]))|see (?:him|her|them) again soon|reunit\w*|"
        r"follow (?:him|her|my husband|my wife) (?:soon|there|to heaven|up there)",
        # "she wants to join him" (the dead husband the sentence before), not "join her for lunch"
        r"(?:want|wants|wanted|wanting|wish|wishes|long|longs|hope|hopes|ready) to (?:join|follow)"
        r" (?:him|her|them)\b(?! (?:for|at|on|to|in|dinner|lunch|breakfast|tea|trip|"
        r"outing|holiday|shopping|church|the|next|this|when|after))",
        r"(?:god|heaven|lord|buddha|the lord|jesus|guanyin) (?:to )?(?:take|takes|took|come for|"
        r"call|calls) (?:me|her|him)|(?:take|come for) me (?:away|now|soon|home)\b",
        r"why (?:am i|is she|is he) still (?:alive|here|living|around)",
        r"(?:i'?m|i am|she'?s|he'?s|she is|he is|says she'?s|says he'?s|feel|feels) ready to (?:go|die|"
        r"leave this world)(?! (?:out|home|to|for|back|shopping|outside|now|after|again))",
        r"not (?:be|going to be) (?:here|around) (?:much longer|for long|anymore|next year)|"
        r"won'?t be (?:here|around|a (?:problem|burden)) (?:much longer|for long|anymore|next)",
        r"(?:want|wants|wish|wishes) (?:to|she could|he could|i could) (?:just )?disappear",
        r"\bcharcoal\b",
        rf"(?:hoard|sav|stockpil|collect|keep|kept|hid|hiding|hidden|stash|storing|store|bank)\w* "
        rf"(?:up )?(?:\w+ )?(?:\w+ )?{_MEDS_EN}|{_MEDS_EN} (?:saved|hidden|stashed|stockpiled|hoarded)",
        rf"how (?:many|much) ~{_MEDS_EN} ~(?:to die|would|will|does it take|kill|be enough|"
        r"enough|at once|overdose|lethal|fatal)",
        rf"hang(?:s|ing|ed)? {_SELF}|\bnoose\b|rope (?:around|round) (?:her|his|my) neck",
        r"jump(?:s|ed|ing)? (?:off|from|out of|down|in front)|(?:rooftop|roof|ledge|window|"
        r"balcony|railing|bridge) ~(?:jump|stand|climb|lean|look(?:ing|ed)? down|edge)",
        r"(?:turn(?:ed|s|ing)? on|leave|left|breathe|inhal\w*) ~(?:the )?gas\b(?! (?:bill|stove "
        r"for|company))",
        r"(?:suicide|goodbye|farewell) (?:note|letter)|wrote (?:a|her|his) (?:last )?(?:goodbye|"
        r"note to|letter to (?:her|his) (?:kids|children|family))",
        r"(?:giv|gave|given|giving) ~away ~(?:things|belongings|jewell?ery|savings|treasur\w*|"
        r"possessions|everything|stuff|watch|ring|photos)|(?:giv|gave|giving) (?:away )?(?:all )?"
        r"(?:her|his) (?:\w+ )?(?:treasur\w*|most precious|jewell?ery|belongings) to",
        r"(?:put|putting|sorted|sorting) (?:out )?(?:her|his|my) affairs|plann\w* (?:her|his|my) "
        r"own funeral|(?:her|his|my) own funeral arrangements",
        r"say(?:ing|s)? goodbye (?:for good|forever|for the last time)|last time (?:you'?ll|you "
        r"will|we'?ll|we will|i'?ll) (?:see|hear from)",
        r"(?:by|of|about|thinking of|talk\w* (?:of|about)) jumping\b|how (?:high|tall) (?:a |the )?"
        r"(?:floor|building|window|roof|block)|how many (?:floors|storeys|metres|meters)",
        r"(?:is|am|are|feel|feels|felt|was) ready to (?:go|die)(?! (?:out|home|to|for|back|shopping|outside|now|after|again))",
        r"made (?:her |his |my )?peace with (?:god|everything|dying|death|it all)|(?:the )?big sleep|"
        r"check(?:ing)? out (?:soon|early|of (?:this|the) world|for good)",
        r"(?:go|going|be) where (?:her|his|my) (?:\w+ ){0,2}(?:is|are)\b|join(?:ing)? (?:her|him|them) "
        r"(?:soon|there|up there|in heaven)|(?:i'?ll|i will|she'?ll|he'?ll) be joining",
        r"(?:hope|hopes|hoping|pray\w*|wish\w*) (?:this|the|it|that) (?:\w+ )?(?:takes|will take|"
        r"would take|finishes|finish) (?:her|him|me)|(?:god|heaven|lord) (?:is )?keep\w* (?:him|her|me) "
        r"(?:here|alive|around)",
        r"(?:water|sea|river|harbour|harbor) ~(?:calling|peaceful|inviting)|(?:stood|standing|stand|sat|"
        r"sitting) (?:at|on|near) the (?:edge|ledge|railing)",
        r"(?:gave|giving|gives|given) away (?:all )?(?:her|his) (?:\w+ ){0,2}(?:birds|radio|things|"
        r"belongings|jewell?ery|treasur\w*|collection|savings|watch|ring)",
        r"won'?t need (?:the|her|his|my|it|them|any) ?(?:\w+ )?(?:after|anymore|any more|again|much longer)|"
        r"(?:when|after|once) (?:i'?m|i am|she'?s|she is|he'?s|he is) gone\b|(?:last|final) "
        r"(?:goodbye|farewell)|i understand why (?:she|he|they) did it",
        r"(?:goodbye|farewell) and thank\w* (?:me |you )?for everything|thank\w* (?:me |you )?for "
        r"everything",
        r"lived too long|outlived (?:my|her|his) (?:use|usefulness|welcome)|(?:my|her|his) time is up|"
        r"time has come|just waiting (?:for|to) (?:die|the end|my turn|her turn|his turn|god)",
    ),
    SELF_HARM: (
        r"bit(?:e|es|ing)? (?:\w+ ){0,4}(?:until|till) (?:it |they )?bleed\w*",
        r"self[- ]?harm\w*|self[- ]?injur\w*|self[- ]?mutilat\w*",
        rf"(?:cut|cuts|cutting|scratch\w*|burn|burns|burnt|burned|burning|bit|bite|bites|biting|"
        rf"hurt|hurts|hurting|harm|harms|harming|injur\w*|punish\w*|starv\w*|hit|hits|hitting|"
        rf"punch\w*) {_SELF}",
        r"cutting\b(?! (?:back|down|short|costs?|corners|in|off|out|hair|the call|vegetables|"
        r"coupons|nails|everyone|everybody|people|ties|contact|us|them|the grass|up|paper|"
        r"cloth|fabric|fruit|meat|onions?|cake|her hair|his hair))",
        r"(?:cuts|marks|scars|scratches|burns|wounds|slashes|lines) (?:\w+ )?on (?:her|his|their|my) "
        r"(?:\w+ )?(?:wrists?|arms?|forearms?|thighs?|legs?|hands?)",
        r"slit\w* (?:my|his|her|their) wrists?|cigarette burns?",
        r"(?:hit|hits|hitting|bang|bangs|banging|bash|bashing|knock\w*) (?:her|his|my) (?:own )?"
        r"head (?:against|on|into)|head against the wall",
        r"pull(?:s|ing|ed)? (?:out )?(?:her|his) (?:own )?hair(?: out)?",
        rf"(?:extra|too many|more) {_MEDS_EN} (?:on purpose|deliberately|to hurt)",
        r"long sleeves ~(?:hide|cover)",
        (r"on purpose|deliberately|to feel (?:the )?pain|to punish (?:herself|himself)",
         r"burn|cut|hurt|hot|iron|kettle|pot|slam|bang|scratch|pills|tablets|blade|razor|scissors|needle|wound"),
        r"(?:pick|picks|picking|scratch\w*|scrub\w*|reopen\w*|tear\w*|rip\w*) (?:at )?(?:her|his|their) "
        r"(?:\w+ )?(?:wounds?|scabs?|skin|stitches|scars?) (?:till|until|so)",
        r"(?:razor|blade|scissors|knife|needle|lighter) on (?:her|his) (?:\w+ )?(?:arm|wrist|thigh|leg|skin|fingers?)",
        r"(?:bandages?|plasters?) on (?:both )?(?:her|his) wrists?|punch\w* (?:the )?wall",
        r"cut(?:s|ting)? (?:her|his|their) (?:own )?(?:arms?|wrists?|thighs?|legs?|skin)|cuts on "
        r"(?:a |the )?(?:client|her|his)",
    ),
    ELDER_ABUSE: (
        rf"(?:scared|afraid|frightened|terrified) of (?:the |her |his |my )?{_ACTOR_EN}\b|"
        r"\bt(?:ie|ies|ied|ying) (?:him|her) (?:on|to|onto|in) (?:the |a |his |her )?(?:chair|bed)|"
        r"knock\w* (?:him|her) about|"
        r"locked in\b(?! (?:the )?(?:past|traffic|a (?:deal|contract)))|has the only key|(?:dirty|wet|"
        r"soiled) (?:pants|clothes|diaper|nappy)(?: \w+){0,2} (?:since|all day|all night|for)|(?:no|not have|"
        r"without|ran out of) (?:her |his )?medicine (?:for|since) (?:a|one|two|\d+)",
        r"\babus\w*|\bneglect\w*|\bbruis\w*|bedsores?|pressure sores?|(?:finger|hand|grip)[- ]?marks",
        (rf"\b{_ACTOR_EN}\b",
         r"(?:hit|hits|hitting|beat|beats|beating|beaten|slap\w*|punch\w*|kick\w*|pinch\w*|"
         r"shov\w*|push(?:ed|es|ing)?|grab\w*|shook|shak(?:e|es|ing)|yank\w*|drag\w*|twist\w*|"
         r"tied|ties|tying|throw\w*|threw|smack\w*|lock\w*|bull(?:y|ies|ied|ying)|"
         r"threaten\w*|scream\w*|shout\w*|yell\w*|swear\w* at|curs\w*) ~?"
         rf"{_ELDER_EN}"),
        rf"(?:hit|hits|hitting|beat|beats|beating|beaten|slap\w*|punch\w*|kick\w*|smack\w*) {_ELDER_EN}\b",
        rf"(?:push|pushed|shoved) {_ELDER_EN} (?:down|over|to the (?:floor|ground)|against|into|off)",
        rf"(?:took|take|takes|taking|stole|steal\w*|stolen|cheat\w*|scam\w*|keep|keeps|kept|keeping|"
        rf"hold|holds|held|control\w*|spend|spends|spent|spending|withdr\w*|empt\w*|drain\w*|"
        rf"us(?:e|es|ed|ing)|pocket\w*) (?:all )?(?:of )?{_POSS} (?:\w+ )?(?:money|savings|pension|"
        r"cash|allowance|oaa|fruit money|ssa|bank ?card|atm card|passbook|bank ?book|id card|"
        r"cssa|salary|mpf|benefits|red packets?)",
        r"(?:forc\w*|pressur\w*|made|making|trick\w*|bull\w*|coerc\w*) (?:her|him|them) ~(?:to )?sign|"
        r"sign over|transfer\w* (?:the|her|his) (?:flat|apartment|property|house)|"
        r"(?:flat|apartment|property|house) (?:was )?(?:put|transferred) (?:in|into|to) (?:his|her|"
        r"the son'?s|the daughter'?s) name",
        (r"threat\w*|warn\w*|or else|if (?:she|he) (?:doesn'?t|does not|won'?t)|keeps saying|yell\w*|"
         r"shout\w*|scream\w*",
         r"(?:old age |care |nursing |elderly )?home\b|(?:throw|kick|put) (?:her|him) out|on the street"),
        r"(?:call\w*|yell\w*|shout\w*|scream\w*|swear\w*) (?:at )?(?:her|him|them) (?:a |an )?"
        r"(?:useless|rubbish|garbage|burden|old (?:hag|bag|fool|thing)|waste|idiot|stupid|parasite)|"
        r"told (?:her|him) to (?:die|go die|drop dead)",
        r"(?:yell|shout|scream)\w* at (?:her|him|them|the client|grandma|grandpa)\b",
        r"(?:soiled|dirty|wet|unchanged|filthy) (?:nappy|nappies|diaper|diapers|pad|pads|clothes|sheets|"
        r"bed)|(?:nappy|nappies|diaper|diapers) (?:not|never|hasn'?t been) changed",
        r"(?:left|leave|leaves|leaving) (?:her|him|them) (?:alone )?(?:all day|for days|without "
        r"(?:food|water|meals)|hungry|in the dark|locked)",
        r"(?:no|hardly any|not enough) food\b",
        r"(?:won'?t|doesn'?t|don'?t|not|never|refus\w* to) (?:let|allow) (?:her|him|them) ~?"
        r"(?:see|go out|use the phone|call|eat|have (?:his|her) (?:medicine|pills|meals))",
        r"(?:withhold\w*|hid(?:e|es|den|ing)?|(?:took|take|takes|taking|lock\w*|keep\w*|kept) away) "
        r"(?:her|his) (?:medicine|medication|pills|tablets|food|meals|phone|walking stick|"
        r"wheelchair|hearing aid|glasses)|(?:won'?t|doesn'?t|don'?t|not|never|refus\w* to) give "
        r"(?:her|him) (?:her |his )?(?:medicine|medication|pills|tablets|food|meals|anything to eat)",
        r"lock(?:s|ed|ing)? (?:her|him|them) (?:in|up|inside)|tied (?:her|him|them) (?:to|up|down)|"
        r"starv(?:e|es|ed|ing) (?:her|him|them)",
        rf"(?:afraid|scared|frightened|terrified) of (?:her|his|their) {_ACTOR_EN}",
        r"helper (?:eats|ate|takes|took) (?:her|his) (?:food|meals)",
        (rf"\b{_ACTOR_EN}\b", r"(?:would(?:n'?t)?|won'?t|doesn'?t|don'?t) let me (?:in|see (?:her|him))|"
         r"(?:keeps|kept) me out|rough with (?:her|him)|handl\w* (?:her|him) roughly|flinch\w*|cower\w*"),
        r"(?:hands?|wrists?) (?:were |was )?(?:tied|taped|bound) (?:\w+ ){0,3}(?:together|to the (?:bed|chair))",
        r"hand(?:s|ed)? over (?:his|her) (?:whole )?(?:\w+ )?(?:allowance|pension|money|savings)",
        r"new (?:mark|bruise|injury) (?:every|each|after|somewhere)|(?:not|isn'?t|wasn'?t) allowed to "
        r"(?:use|pick up|answer|go out|see|call|leave)|lock(?:ed)? on the fridge|fridge (?:is )?locked",
        r"(?:papers|documents|forms) (?:for (?:her|him) )?to sign|just sign here|sign(?:s|ed)? things",
        r"(?:thud|thuds|screaming|shouting) (?:\w+ ){0,4}(?:from|in) (?:her|his|the|their) flat",
    ),
    MEDICAL_EMERGENCY: (
        r"\bstrokes?\b(?! of)|face (?:is )?droop\w*|droop\w* face|(?:arm|leg|side) ~(?:weak|numb|limp|"
        r"went dead|can'?t move|cannot move)|slurr\w*|can'?t speak properly|words? (?:came out|coming "
        r"out) wrong|suddenly confused|sudden(?:ly)? ~(?:confus\w*|can'?t (?:speak|walk|see|stand)|"
        r"weak|collaps\w*|headache)|worst headache",
        r"chest (?:pains?|tight\w*|pressure|hurts?|hurting|heavy|heaviness|discomfort)|pain in (?:her|his|"
        r"the|my) chest|heart attack|cardiac arrest",
        r"(?:can'?t|cant|cannot|can not|couldn'?t|unable to|trouble|difficulty|struggling to|hard to) "
        r"breath\w*|short(?:ness)? of breath|not breathing|stopped breathing|breathless\w*|gasping|"
        r"wheez\w*",
        r"(?:lips|face|fingers|skin) (?:\w+ )?(?:turn\w* |went |gone |were |are |is |was |look\w* )?"
        r"(?:blue|grey|gray|purple)",
        r"\bunconscious\b|\bunresponsive\b|\bcollaps\w*|\bfaint(?:ed|ing|s)?\b|passed out|"
        r"not respond\w*|won'?t wake|can'?t wake (?:her|him)|couldn'?t wake|not waking",
        r"\b(?:fell|fall|falls|falling|fallen)\b(?! (?:asleep|behind|short|apart|out|in love|for|through|"
        r"back|of|silent|quiet|ill|sick|into place|off the list))|(?:lying|lay|found (?:her|him)|"
        r"collapsed|fallen|stuck|been) on the (?:floor|ground)|can'?t get up|"
        r"couldn'?t get up|lying on the (?:floor|ground)",
        r"(?:vomit\w*|throw\w* up|cough\w*|passing|pass\w*) (?:up )?blood|blood in (?:her|his|the) "
        r"(?:stool|poo|urine|vomit)|black (?:stool|poo)|bleeding\b|blood everywhere",
        r"\bhypo\b|blood sugar (?:is |was )?(?:low|dropped|very low)|(?:sweaty|sweating) ~(?:shaky|"
        r"shaking|confused)",
        r"(?:high|very high) fever ~(?:confus\w*|not making sense|delirious|fits?)|fever of (?:39|40|41)",
        rf"(?:wrong|double|too many|extra) (?:\w+ )?{_MEDS_EN} by (?:mistake|accident)|took (?:the )?"
        rf"wrong {_MEDS_EN}|took (?:\w+ )?{_MEDS_EN} twice|double dose|swallowed (?:bleach|detergent|"
        r"poison|cleaning)",
        r"seizures?|(?:had|having|has) (?:a )?fits?\b|convuls\w*|foaming at the mouth",
        r"(?:throat|tongue|face) ~swell\w*|swollen (?:throat|tongue|face)|heat ?stroke|"
        r"(?:badly )?burn(?:t|ed|s) (?:her|his) (?:arm|leg|hand|face)|on fire",
        r"(?:call\w*|need\w*|get|got) (?:an |the )?ambulance|\bambulance\b|call(?:ed|ing)? 999",
        r"threw up blood|vomiting (?:nonstop|non-stop|blood|since)|can'?t keep (?:water|anything) down|"
        r"blood in it",
        r"(?:drooping|lopsided|crooked) (?:smile|mouth|face)|mouth (?:is )?drooping|dribbl\w*",
        r"shaking all over|won'?t respond|not responding|eyes (?:have )?rolled|can'?t rouse|slumped",
        r"(?:lips|fingertips) (?:are |look |turned )?(?:bluish|blue|grey|gray)",
        r"burning up|(?:chest|throat) is tight|pain (?:goes|going|spreading) down (?:her|his) (?:left )?arm|"
        r"sweating buckets",
        r"(?:can'?t|cannot|couldn'?t) (?:feel|move) (?:her|his) (?:legs|arm|side|left|right)|room is "
        r"spinning|lost (?:the )?sight",
        r"(?:lying|found (?:her|him)|been) on the (?:kitchen |bathroom |bedroom )?floor",
        r"whole week'?s (?:pills|tablets|medicine)|took (?:\w+ ){0,3}(?:pills|tablets) by mistake|"
        r"drank (?:from )?(?:the )?(?:dettol|bleach)",
        r"caught fire|skin (?:is )?peeling|sugar (?:reading )?(?:is |says |of |was )?[0-3](?:\.\d)?\b|"
        r"fever (?:of )?(?:39|40|41)",
    ),
    SEVERE_DEPRESSION: (
        # round 15's English shapes (tuning part)
        r"no cook\w* (?:and )?no eat|(?:not|no|don'?t|doesn'?t|dont) cook\w* (?:\w+ ){0,2}(?:not|no|don'?t|dont) "
        r"eat|what for,? nobody (?:see|sees|care|cares)|feel\w* empty inside|nothing (?:feels |is )?worth "
        r"doing|(?:doesn'?t|don'?t|dont) want (?:anyone|anybody|people) to see (?:her|him|me) like this|"
        r"cancel\w* all (?:his|her|my) (?:\w+ ){0,3}(?:friends|meet\w*|activities|classes|plans)|"
        r"(?:not|no|hasn'?t|haven'?t|didn'?t|don'?t|dont) (?:shower\w*|bath\w*|wash\w* (?:her|his) hair|"
        r"wash(?:ed)?(?= or)|brush\w* (?:her |his )?teeth|change\w* (?:her |his )?clothes)(?: \w+){0,3} "
        r"(?:for|in) (?:over |more than |about )?(?:a|one|two|three|four|\d+|many|several) (?:days?|weeks?)",
        r"(?:hasn'?t|has not|haven'?t|not) been out of (?:bed|the (?:flat|house))|nothing to get up for|"
        r"(?:no|can'?t see any|couldn'?t see any|doesn'?t see any) reason to get up|sit(?:s|ting)? "
        r"(?:alone )?in the dark (?:all day|the whole day|all the time|all night|for hours|every day)",
        rf"stop(?:s|ped|ping)? (?:eating|taking (?:{_POSS} )?{_MEDS_EN}|{_POSS} {_MEDS_EN}|{_MEDS_EN})\b",
        rf"{_NOT_EN} (?:eat|eating|been eating|eaten)\b",
        r"(?:hasn'?t|has not|haven'?t|didn'?t|not|barely) (?:eaten|eat|left (?:her|his|the) (?:bed|"
        r"room|flat)|got out of bed|showered|washed|left the house) ~(?:for |in )?(?:days|a week|"
        r"weeks|two|three|four|several)",
        r"stay(?:s|ed|ing)? in bed (?:all day|for days|(?:the )?whole day)|won'?t get out of bed|can'?t get out of bed",
        rf"(?:stopped|stop|quit|skipping|skipped|not taking|refus\w* to take|throw\w* away|threw "
        rf"away|flush\w*) (?:take |taking )?(?:{_POSS} )?(?:\w+ )?(?:antidep\w*|{_MEDS_EN})",
        r"stopped going to (?:the )?(?:clinic|doctor|follow[- ]?ups?|appointments|psychiatrist)|"
        r"missed (?:her|his) (?:\w+ )?(?:follow[- ]?ups?|appointments?)",
        r"hopeless\w*|\bno hope\b|\bdespair\w*|no future|nothing to look forward to|nothing will "
        r"(?:ever )?(?:get|be) better|never (?:get|be) better|given up on (?:everything|life)|"
        r"gave up on (?:everything|life)",
        r"\bcr(?:y|ies|ying) (?:every ?day|all day|all the time|daily|every night|non ?stop|"
        r"constantly|all night)",
        r"(?:cut|cutting|cuts) (?:everyone|everybody|us|her family|his family|people|all of us) off|"
        r"(?:won'?t|doesn'?t|does not) (?:want to )?see (?:anyone|anybody)|isolat\w* (?:herself|"
        r"himself)|not answer\w* (?:the door|calls|the phone|her phone|his phone) (?:for|in) "
        r"(?:days|weeks)",
        r"lost (?:a lot of|so much) weight|drinking (?:more and more|heavily|every day|alone|"
        r"every night)",
        r"hasn'?t been (?:to|out|at) (?:\w+ ){0,3}(?:in|for) (?:\w+ ){0,2}(?:weeks|months)|stopped going "
        r"to (?:the )?(?:centre|center|church|park|club|temple)|stopped (?:the |his |her )?(?:chess|tai "
        r"chi|mahjong|singing|everything)",
        r"(?:doesn'?t|does not|won'?t) (?:pick up|answer) (?:for anyone|the phone|calls)|lost (?:about )?"
        r"\d+ ?(?:kg|kilos|pounds|lbs)|clothes hanging off|(?:never|not) hungry",
        r"failure as a|sleeps? (?:\d+|sixteen|twelve|fourteen) hours|fridge is empty|can'?t remember the "
        r"last time (?:she|he) felt|(?:hasn'?t|not) had a (?:proper )?meal",
        r"what'?s left for me|nothing to look forward|drinking from the morning|empty bottles|curtains "
        r"(?:closed|drawn)|open the curtains",
        r"no energy to|(?:doesn'?t|don'?t) have the energy|"
        r"crackers in bed|doesn'?t cook anymore|same clothes|every single day|barely (?:speaks|eats|"
        r"eating|talks|talking|gets up)",
        (r"(?:can'?t|cant|cannot|not|doesn'?t|doesnt|isn'?t|unable to) sleep\w*|insomnia|sleepless\w*",
         r"\b(?:sad|depress\w*|low mood|down|crying|cries|cry|miserable|withdrawn|unhappy|tearful)\b"),
    ),
}  # fmt: skip

EN_MASKS: tuple[str, ...] = (
    r"(?:dying|die|died|dies) (?:to|for) (?:see|meet|try|know|hear|go|get|a|some|my|the|her|his)\b|"
    r"to die for|(?:die|died|dying) (?:of )?laugh\w*|nearly died (?:of|from|laughing)",
    r"(?:is|are|'s|was|were) killing me|kill(?:ing)? time|could kill for|killer",
    r"(?:bored|scared|worried|sick|tired|frightened|freezing|starving|bore) to death",
    r"dead (?:tired|beat|battery|phone|end|line|lock|heat|serious|set|quiet|easy|on)|deadlines?|"
    r"drop dead gorgeous|over my dead body",
    r"hair (?:\w+ )?(?:fall\w*|loss)|(?:phone|keys?|glasses|wallet|umbrella|cup|plate|remote) "
    r"(?:\w+ ){0,2}(?:fell|fall\w*)|cutting (?:the )?(?:ginger|vegetables?|veg|meat|fish|melon|winter "
    r"melon|fruit|onions?|garlic|pork|chicken|bread|cake|beef|carrots?|potato\w*)",
    r"(?:fall|fell|falls|falling) (?:asleep|behind|short)|(?:market|shares|stocks?|prices?|index|"
    r"hang seng|sales) (?:has |have |had )?(?:fell|fall|falls|fallen|falling)",
    r"hopeless (?:with|at|about) (?:\w+ )?(?:computers?|phones?|smartphones?|technology|tech|"
    r"cooking|maps|directions|names|numbers|apps?|forms?|the|it|this|that)",
    r"cut (?:back|down|corners|costs|coupons|vegetables|hair|nails|the call|short|out|in)",
    r"hit (?:it off|the road|the jackpot|a wall|the books|the spot|me up)|beat (?:the traffic|"
    r"the heat|me at|her at|him at)|push (?:back|the button|on)|jump (?:rope|the queue|at the "
    r"chance|on the bus)|(?:i'?m|i am|i was|we'?re) starving",
    r"(?:don'?t|doesn'?t|do not|does not|not) want to die|(?:not|never) going to die",
    r"charcoal[- ](?:bbq|barbecue|grill\w*|roast\w*|burner for|stove for|drawing|sketch\w*)",
    r"kick\w* the bucket",
    r"overdos\w* on (?:dim sum|food|sweets|chocolate|cake|sugar|coffee|tea|tv|dramas?|soaps?|shopping|sunshine|carbs)",
    r"jump\w* out of (?:her|his|my|their|your) (?:seat|chair|skin)",
    r"(?:since|after|before) (?:her|his|the|my|their) stroke|(?:her|his) stroke (?:\w+ )?(?:years?|months?) ago|"
    r"(?:nurs|car)\w* (?:for )?(?:his|her|my) (?:wife|husband|mother|father) (?:since|after)",
    r"beat\w* (?:her|his|him|my|their) (?:\w+ )?(?:record|score|time|best)|(?:nearly|almost) "
    r"(?:had|have|gave (?:me|her|him)) a heart attack",
    # risk as a subject (a training, a poster, a card), not as something happening to someone
    r"(?:suicide|elder abuse|abuse|self[- ]harm|depression)(?: (?:risk|prevention|awareness))? "
    r"(?:workshop|training|course|class|poster|leaflet|card|slides|notes|session|lecture|seminar|"
    r"video)s?\b|(?:suicide|elder abuse|abuse|self[- ]harm|depression)(?: risk)? (?:嗰堂|堂|"
    r"講座|培訓|海報)|(?:workshop|training|course|class|poster|"
    r"leaflet|card|slides|notes|session|lecture|seminar)s? (?:on|about) (?:\w+ ){0,2}?(?:suicide|"
    r"elder abuse|abuse|self[- ]harm|depression)|what (?:is|counts as) (?:elder )?abuse|ask "
    r"(?:\w+ )?(?:directly )?about suicide|(?:nearly|almost) (?:fell|slipped|tripped)",
    r"(?:afraid|scared|worried|fear\w*|prevent\w*|avoid\w*|risk|in case) (?:of )?(?:her |him )?"
    r"(?:another |a )?(?:fall|falls|falling)|(?:since|after) (?:her|his|the|that) (?:\w+ )?fall\b",
)

# A match is dropped when its own sentence says it is past, healed, prevented or someone
# else's death (伯伯講起太太點樣走：半夜中風; "she had a fall last winter, all healed now").
# Only sentence-level, and only strong markers: "she fell, her son went out" must still count.
_FICTION = "劇|電視|套戲|睇戲|tvb|新聞|小說|電影|故事|documentary|紀錄片"
_PETS = "貓|狗|雀仔|金魚|鸚鵡|龜|寵物"
_EXPLAINED = (
    "冇骨折|無骨折|軟組織|抽血|吊鹽水|吊針|打針|薄血藥|x光冇事|xray冇事|x-ray冇事|照咗x光|睇咗醫生|"
    "睇咗doctor|(?<!冇)(?<!冇帶佢)(?<!冇帶佢去)睇doctor|醫生話冇事|gopd睇咗"
)
HAN_VETOES: dict[str, str] = {
    MEDICAL_EMERGENCY: (
        "舊年|上年|去年|前年|幾年前|年前|個月前|上個月|上月|好耐之前|當年|好返晒|已經好返|而家好返|"
        "早就好返|行返正常|拆咗石膏|冇事喇|康復|痊癒|過身|去世|離世|點樣走|(中風|心臟病|爆血管)走|"
        f"講座|預防|保險|散瞳|眼科|白內障|癱|{_FICTION}|{_PETS}|"
        # seen by a doctor and found fine, or treated
        "冇骨折|無骨折|照咗x光|x光冇事|x-?ray冇事|睇咗醫生|醫生話冇事|打咗石膏|recovered"
    ),
    SUICIDE: f"燒烤|bbq|生炭|火種|燒雞|燒嘢食|打邊爐|{_FICTION}",
    # A bruise a doctor has already explained (a blood test, a drip, blood thinners, an X-ray
    # with no fracture) is not a sign of abuse by itself; the model still reads the sentence.
    # A scam by strangers already reported is not abuse by someone the client depends on.
    ELDER_ABUSE: f"{_FICTION}|{_EXPLAINED}|報咗警|騙案|詐騙|騙徒|公安|電話騙|假冒|太鹹|好鹹|鹹到|太淡",
    # An ordinary cause: a cold, a toothache.
    SEVERE_DEPRESSION: f"{_FICTION}|{_PETS}|感冒|傷風|喉嚨痛|牙痛|牙醫|脫牙",
    SELF_HARM: _FICTION,
}
_FICTION_EN = r"\b(?:drama|tv|movie|film|novel|news|series|episode|soap|documentary)\b"
_PETS_EN = r"\b(?:cat|dog|bird|budgie|parrot|fish|pet|kitten|puppy)\b"
EN_VETOES: dict[str, str] = {
    # "I'm ready to go!" at the door, handbag in hand: an outing, not a farewell.
    SUICIDE: (
        rf"\b(?:bbq|barbecue|barbeque|grill)|{_FICTION_EN}|yum ?cha|dim sum|飲茶|handbag|lipstick|"
        r"booking|restaurant|when you are\b|outing|flower market|opera|matinee|excursion|\btrip\b|"
        r"walking stick|海洋公園"
    ),
    ELDER_ABUSE: (
        rf"fine now|all healed|healed|last month|{_FICTION_EN}|no fracture|nothing broken|not broken|"
        r"soft tissue|blood tests?|\bdrip\b|blood thinner|from (?:the|her|his|a) (?:fall|slip|trip)|"
        r"(?:slipp|tripp)(?:ed|ing)|x-?ray (?:was )?(?:fine|clear|ok|normal)|冇骨折|軟組織|抽血|吊鹽水|"
        r"bump(?:ed|ing)|a&e|\bgp\b|doctor (?:looked|checked|said|saw)|nurse said|x-?ray冇事|(?<!冇)(?<!冇帶佢)(?<!冇帶佢去)睇doctor|"
        r"睇咗醫生|睇咗doctor|mtr gate|brake|getting out of the bath|sugar (?:paper|level|control)|"
        r"diabet\w*|dietitian|doctor'?s? (?:diet|sugar)"
    ),
    # An ordinary cause: a toothache, a cold, a diet, fasting before an operation.
    SEVERE_DEPRESSION: (
        rf"{_FICTION_EN}|{_PETS_EN}|toothache|dentist|\bcold\b|\bflu\b|dietitian|\bdiet\b|"
        r"fasting|before (?:the|his|her|an?) (?:op|operation|surgery)|cataract"
    ),
    SELF_HARM: _FICTION_EN,
    MEDICAL_EMERGENCY: (
        r"last (?:year|winter|summer|spring|autumn|month|christmas)|(?:years|months) ago|"
        r"(?:in|last) (?:the )?(?:spring|summer|autumn|winter)|\bhealed|recovered|all better|"
        r"passed away|(?:husband|wife|mother|father|son|daughter|friend) died|funeral|prevent\w*|"
        r"workshop|talk on|insurance|舊年|上年|去年|幾年前|好返|過身|months? ago|last month|"
        rf"physio|recover\w*|{_FICTION_EN}|{_PETS_EN}|no fracture|nothing broken|doctor (?:has )?"
        r"(?:already )?checked|x-?ray (?:was )?(?:fine|clear|ok|normal)|冇骨折|睇咗醫生|照咗x光|"
        # asking which number to ring, fainting years back, caring for a past stroke, drink
        r"non-emergency|which number|what number|\blist of\b|once in|in (?:19|20)\d\d|back in|"
        r"take care|taking care|caring for|looking after|\bbeer\b|\bwine\b|whisk(?:e)?y|alcohol"
    ),
}  # fmt: skip

"""English concept patterns for the risk detector: the rules, masks and vetoes that run on the
*words* view (lower case, one space between words; in a rule `~` is a gap of up to three
words). The Han ones, the categories and the conventions are in `lexicon.py`; both files
are read the same way (see there).
"""

from __future__ import annotations

from bot.domain.risk.lexicon import (
    ELDER_ABUSE,
    MEDICAL_EMERGENCY,
    SELF_HARM,
    SEVERE_DEPRESSION,
    SUICIDE,
    Rule,
)

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
        # round 25's shapes (tuning part): see you next life, my number is called, a way out
        # found, going to see Buddha, clocking off for good, a good home found for the pet, bills
        # paid far ahead, "for when I'm not here", nothing to come back for, travelling light,
        # a short cut, one less case, saving the government money, closing the shop of a life
        r"see you (?:in )?(?:the |my )?next life|(?:number|time) (?:is |was )?(?:called|up|over)"
        r"(?: already)?\b|(?:found|find|finding) (?:the|a) way (?:out|to stop)|(?:there'?s|there is) "
        r"a way out|(?:go|going|went) (?:to )?(?:see|meet) (?:buddha|god|jesus|the lord)|room in "
        r"heaven|heaven airways|clock(?:ing|ed)? off for good|found (?:a )?(?:good |new )*home for "
        r"(?:her|his|the|my) (?:cat|dog|bird|canary|tortoise|pet|fish|parrot)",
        r"(?:pay|paid|pays|paying) (?:\w+ ){0,5}(?:in advance|ahead|until next|through (?:december|"
        r"next))|nothing (?:to come back for|keep(?:ing)? (?:her|him|me) here)|travell?ing light|"
        r"(?:take|taking) a short ?cut|(?:for|after) (?:the next few years|when i'?m not here|when "
        r"(?:she'?s|he'?s|i'?m) not here)|one less (?:case|client|mouth)|saving the government "
        r"(?:some )?money|(?:closing|close) (?:the|my|his|her) (?:life )?shop",
        # round 24's shapes (tuning part): no visits needed after a date, gone by then, one last
        # time, a photo or incense for them, rather be with the dead, choosing one's own time,
        # done with waking, things labelled or transferred, nothing left hanging, arrangements
        # made, the maximum dose, the highest floor, grilles removed, the police to open the door
        r"(?:won'?t|will not|wont) (?:be )?need(?:ing)? (?:\w+ ){0,3}(?:visit|visits|looking after|"
        r"anywhere|you to come)|(?:after|once|when) (?:i|she|he|the old man|the old lady|mum|dad) "
        r"(?:am |is |'m |'s )?gone\b(?! to| back| home| out| away| for)|(?<!try )(?<!call )one last time|(?:i'?ll|she'?ll|he'?ll|i will|"
        r"she will|he will|will) be long gone|(?:won'?t|wont|will not|not going to) live (?:to see|"
        r"till|until|past|to)|celebrate me with incense|visit my (?:photo|picture|grave|niche|urn)|"
        r"(?:light|burn) incense for me|rather be with (?:my|her|his) (?:late )?(?:wife|husband|son|"
        r"daughter|mother|father|mum|dad)|choose (?:their|her|his|my|your) own time",
        r"done with (?:waking|living|life|it all|everything)|labell?ed (?:everything|all (?:her|his|"
        r"my) things|it all)|transfer(?:red)? everything to|nothing left hanging|clean slate|(?:don'?t|"
        r"dont|not) want (?:to )?leave (?:a |any )?mess behind|(?:made|make|making) (?:all )?(?:my|"
        r"her|his) (?:final )?arrangements|(?:maximum|max|lethal|fatal) dose|(?:which|what) floor "
        r"(?:\w+ ){0,6}(?:highest|top)|highest floor|remove (?:\w+ ){0,2}(?:window )?grilles?|"
        r"(?:get|call) the police to (?:open|break)",
        # round 23's English shapes (tuning part): rest for good, "if I'm still here", come to
        # my funeral instead, farewells rung round, won't be around for it, leave this world,
        # riding to the end of the line to watch the trains, which tower is the tallest
        r"(?:rest|sleep) (?:for good|forever)|eternal rest|if (?:i'?m|i am|he'?s|he is|she'?s|she is|"
        r"he|she|i) (?:still )?(?:here|around|alive) (?:by then|next (?:week|time|month))|if "
        r"(?:i'?m|i am|he'?s|he is|she'?s|she is|he|she|i) still (?:here|around|alive)|come to "
        r"(?:his|her|my) funeral|(?:call\w*|rang|ring\w*|phon\w*) (?:\w+ ){0,6}(?:to )?(?:say )?"
        r"(?:goodbye|farewell)|(?:won'?t|will not|wont) be around (?:to|for|by|after|when)|"
        r"(?:won'?t|will not|doesn'?t|does not) (?:be )?need(?:ing)? (?:it|them|this|these) "
        r"(?:any ?more|again|where (?:she|he)|after)|(?:because|since|as) (?:she|he) (?:won'?t|will "
        r"not) be needing (?:it|them)|(?:time|ready) to leave this (?:world|life|earth)|leave this "
        r"(?:world|life)|end of the line and back|watch(?:ing)? the trains? (?:come|coming|arrive)|"
        r"which (?:\w+ ){0,4}(?:is|are) the tallest",
        # round 20's shapes (tuning part): practical questions that only make sense as
        # preparation, debts settled, a day picked, going home to the Lord, a sudden peace
        r"how (?:many floors?|high|tall) (?:\w+ ){0,2}(?:is|are) (?:the |her |his |this )?(?:\w+ )?"
        r"(?:rooftop|roof|footbridge|bridge)|(?:door|gate|key) (?:\w+ ){0,2}(?:the )?(?:rooftop|roof)|"
        r"(?:rooftop|roof) (?:door|key)|take (?:out|off) the (?:window )?grille",
        r"(?:which|how many) (?:of )?(?:\w+ ){0,4}(?:tablets?|pills?|medicines?|medications?) (?:\w+ ){0,4}"
        r"(?:be |is |are )?dangerous|dangerous (?:if )?(?:taken )?(?:all )?together|dies? by (?:their|"
        r"her|his) own hand|how long (?:it )?(?:would|will)? ?(?:take )?for (?:someone|a person|people) "
        r"to be found",
        r"(?:don'?t|dont|doesn'?t|not) want (?:to )?owe (?:anybody|anyone|nobody)|return\w* "
        r"(?:\w+ ){0,3}(?:everything|all) (?:\w+ ){0,2}borrow\w*|(?:cleared|settled|paid off) "
        r"(?:all )?(?:her|his) debts",
        r"(?:pick|picked|choose|chosen|chose|decide\w*) the day|(?:just )?waiting (?:for )?the right "
        r"day|(?:made|make) up (?:her|his|my) mind (?:\w+ ){0,4}(?:at peace|peace)|(?:ready|time) to go "
        r"home (?:to (?:the lord|god|jesus|heaven))?|go(?:ing)? home to (?:the lord|god|jesus|heaven)",
        r"out of the picture|(?:won'?t|will not|wont) (?:be )?need(?:ing)? (?:the |her |his )?(?:next )?"
        r"(?:\w+ )?(?:appointment|visit)s?(?: \w+)?,? or any|no point fixing (?:things|anything)|"
        r"(?:look|looking) after (?:my|his|her) (?:wife|husband|cat|dog|bird) after\b",
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
        # (not "live here any more", "live with her son": where to live, not whether)
        rf"{_NOT_EN} (?:want|wants|wanna|wish|wishes|see the point) (?:to )?(?:live|be alive|go on|"
        r"carry on|continue living|exist|be here|be around)\b(?! (?:here|there|in|with|alone|at|on|near|"
        r"upstairs|downstairs|by|next|together|so far|far))",
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
        r"(?:want|wants|wish|wishes) (?:to|she could|he could|i could) (?:just )?disappear"
        r"(?! for a (?:while|bit|few days|week|day))",
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
        # round 24's shapes (tuning part): on purpose, over a flame, the body made to suffer,
        # marks on the stomach, hair or brows pulled out
        r"(?:on purpose|deliberately) (?:\w+ ){0,4}(?:burn|cut|hurt|hit|bit|bite|scratch)|(?:burn|cut|"
        r"hurt|hit|bit|bite|scratch)\w* (?:\w+ ){0,4}(?:on purpose|deliberately)|(?:hold|held|holds) "
        r"(?:\w+ ){0,3}over (?:the )?(?:\w+ )?flame|(?:want|wants|wanted) (?:her|his|my) body to "
        r"suffer|punish (?:her|him|my)sel(?:f|ves)|(?:cut|scratch|burn) marks? (?:\w+ ){0,3}(?:on )?"
        r"(?:her|his) (?:stomach|belly|thigh|arm|wrist|leg)|(?:pull|pulls|pulling|pulled) (?:\w+ )"
        r"{0,2}(?:them|hair|eyebrows|eyelashes) out|(?:pull|pulls|pulling|pulled) out (?:her|his) "
        r"(?:hair|eyebrows|eyelashes)",
        r"bit(?:e|es|ing)? (?:\w+ ){0,4}(?:until|till) (?:it |they )?bleed\w*",
        r"self[- ]?harm\w*|self[- ]?injur\w*|self[- ]?mutilat\w*",
        rf"(?:cut|cuts|cutting|scratch\w*|burn|burns|burnt|burned|burning|bit|bite|bites|biting|"
        rf"hurt|hurts|hurting|harm|harms|harming|injur\w*|punish\w*|starv\w*|hit|hits|hitting|"
        rf"punch\w*) {_SELF}",
        r"(?<!paper )cutting\b(?! (?:back|down|short|costs?|corners|in|off|out|hair|the call|vegetables|"
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
        # round 24 (tuning part): a landlord cutting the power
        r"cut (?:\w+ ){0,2}(?:electricity|power|water|gas)(?! bill)",
        rf"(?:scared|afraid|frightened|terrified) of (?:the |her |his |my )?{_ACTOR_EN}\b|"
        r"\bt(?:ie|ies|ied|ying) (?:him|her) (?:on|to|onto|in) (?:the |a |his |her )?(?:chair|bed)|"
        r"knock\w* (?:him|her) about|"
        r"locked in\b(?! (?:the )?(?:past|traffic|a (?:deal|contract)))|has the only key|(?:dirty|wet|"
        r"soiled) (?:pants|clothes|diaper|nappy)(?: \w+){0,2} (?:since|all day|all night|for)|(?:no|not have|"
        r"without|ran out of) (?:her |his )?medicine (?:for|since) (?:a|one|two|\d+)",
        # (not "no abuse", 「冇 abuse」, "doesn't abuse it")
        r"(?<!no )(?<!not )(?<!冇 )(?<!n't )\babus\w*(?! it\b)|\bneglect\w*|\bbruis\w*|bedsores?|"
        r"pressure sores?|(?:finger|hand|grip)[- ]?marks",
        (rf"\b{_ACTOR_EN}\b",
         r"\b(?:hit|hits|hitting|beat|beats|beating|beaten|slap\w*|punch\w*|kick\w*|pinch\w*|"
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
         # a home for the old, not "get home before the rainstorm warning"
         r"(?:old age |old people'?s? |care |nursing |elderly |aged )home\b|\b(?:a|to|into) home\b|"
         r"(?:throw|kick|put) (?:her|him) out|on the street"),
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
        # round 24's shapes (tuning part): blood brought up, papers or milk piling up at the door,
        # a smell from the flat, sudden confusion
        r"(?:threw up|throw up|vomit\w*|cough\w*) (?:up )?(?:\w+ ){0,3}blood|(?:newspapers?|mails?|"
        r"milk(?: bottles?)?) (?:\w+ ){0,5}(?:piled|pile|piling|on the floor|outside|still there)|"
        r"smell\w* (?:\w+ ){0,4}(?:from|outside|coming from|at) (?:\w+ ){0,3}(?:door|flat|gate|unit)|"
        r"suddenly (?:\w+ ){0,2}(?:dont|don'?t|doesn'?t|can'?t|cannot|could not|couldn'?t) (?:know|"
        r"understand|recognise|recognize|remember who)",
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
        r"(?:call\w*|need\w*|get|got) (?:an |the )?ambulance|\bambulance\b(?! man| men| driver| officer)|call(?:ed|ing)? 999",
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
        # round 24's shapes (tuning part): weeks without sleep, not out of the flat since, numb
        r"(?:haven'?t|havent|hasn'?t|not|no|barely|hardly) (?:really )?slept (?:for|in) (?:like )?"
        r"(?:\w+ )?(?:weeks?|months?)|(?:hasn'?t|haven'?t|hasnt|not|didn'?t|dont|don'?t) (?:left|"
        r"leave|go down|gone down|been out of|gone out of) (?:the |her |his )?(?:flat|house|home|"
        r"building)? ?(?:since|for)|(?:she|he) feel\w* (?:so )?(?:numb|empty|hollow)|feels? (?:so )?"
        r"numb|i'?m nothing|living in a (?:fog|hole)|just empty",
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
        # (not "not eating much lunch", "not eating rice": a meal or a food left out)
        rf"{_NOT_EN} (?:eat|eating|been eating|eaten)\b(?! much (?:lunch|dinner|breakfast|at "
        r"(?:lunch|dinner))| (?:meat|rice|sweets|sugar|pork|beef|fish|spicy|fried|junk|salty|oily)\b)",
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
        # round 19's signs, as a supporter sees them (tuning part): calling herself useless,
        # crying the whole visit, the door no longer opened, interest gone, not a word said
        r"(?:call\w*|say|says|said|keep saying|thinks?) (?:she|he|herself|himself) (?:is |'s |was )?"
        r"(?:an? )?(?:useless|worthless|rubbish|a failure|no good|good for nothing)|"
        r"(?:i'?m|i am) (?:a )?(?:useless|worthless|good for nothing) (?:old )?(?:woman|man|person)?",
        r"\bcr(?:y|ies|ied|ying) (?:the |through the )?(?:whole|entire|all the) (?:visit|time|afternoon|"
        r"morning|hour)|start\w* crying (?:as soon as|every time|the moment)|crying (?:again )?(?:the "
        r"whole|every) (?:visit|time)",
        r"(?:won'?t|doesn'?t|does not|didn'?t|not|never) (?:answer|open) (?:the )?door (?:any ?more|"
        r"again)|only talks? through the door|(?:not|never) open (?:the )?door again",
        r"(?:sit|sits|sitting|sat) in (?:the )?dark\b|\bno light at all",
        r"(?:lost|losing|loses|no|zero) (?:all )?interest in (?:everything|anything|things|life|"
        r"(?:her|his) (?:\w+ )?(?:grandchildren|grandkids|hobbies|garden|birds?|plants))|totally no "
        r"interest|no (?:more )?(?:feeling|mood) (?:any ?more|already|for anything)",
        r"(?:hasn'?t|has not|haven'?t) left (?:his|her|the) (?:flat|home|house|room) (?:in|for) "
        r"(?:over |more than )?(?:a|one|two|three|\d+|several) (?:weeks?|months?)",
        r"(?:hardly|barely) (?:said|say|says|spoke|speaks) a word|(?:never|not|didn'?t) (?:talk|"
        r"speak|talked|spoken) to (?:anybody|anyone|nobody) (?:for|in) (?:\w+ ){0,2}(?:days|weeks|months)|"
        r"[0-9]+ weeks? (?:he |she )?(?:never|not) (?:talk|speak)",
        r"still in (?:her|his) (?:nightclothes|nightie|pyjamas?|pajamas?|pyjama) (?:at|in the) (?:\w+ )?"
        r"(?:afternoon|evening|pm|\d)|(?:lunch|meal|food|rice|dinner|lunch box|congee) (?:\w+ ){0,6}"
        r"untouched",
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
    r"cooking|maps|directions|names|numbers|apps?|forms?|the|it|this|that)|hopeless (?:at|with) "
    r"[a-z]+ing\b",
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
    # "I'm ready to go!" at the door, and shouting at someone who cannot hear
    r"(?:i'?m|i am) ready to go(?= ?['\"’”]? ?(?:!|喇|啦|la\b|lah\b|,? ?let'?s|and put))|(?:shout|yell)\w*(?: \S+){0,8}"
    r" (?:because|as|since) (?:she|he|po po|grandma|grandpa|uncle|auntie)?(?: is| was|'s)? ?(?:quite |"
    r"very |a bit |so )?(?:deaf|hard of hearing|can'?t hear|cannot hear|hearing)",
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
    # things that fall, and being dragged along to an errand
    r"(?:pole|holder|pot|plant|vase|phone|glasses|cup|plate|keys?|wallet|umbrella|bag|laundry|"
    r"clothes|hanger|picture|frame|box|tiles?|branch|sign) ~(?:fall|falls|fell|falling) "
    r"(?:on|off|down|from|onto)",
    r"dragg?(?:ed|ing|s)? (?:him|her|me|us) (?:along )?to (?:a |the )?(?:lawyer|doctor|clinic|"
    r"dentist|yum cha|dim sum|party|church|class|market|mall|shops?|restaurant|wedding|karaoke)",
    r"laugh\w* (?:until|till|so hard|so much|and) (?:\w+ ){0,2}(?:cannot|can'?t|couldn'?t) breathe",
)

# A match is dropped when its own sentence says it is past, healed, prevented or fiction.
_FICTION_EN = r"\b(?:drama|tv|movie|film|novel|news|series|episode|soap|documentary)\b"
_PETS_EN = r"\b(?:cat|dog|bird|budgie|parrot|fish|pet|kitten|puppy)\b"
EN_VETOES: dict[str, str] = {
    # "I'm ready to go!" at the door, handbag in hand: an outing, not a farewell.
    SUICIDE: (
        rf"\b(?:bbq|barbecue|barbeque|grill)|{_FICTION_EN}|yum ?cha|dim sum|飲茶|handbag|lipstick|"
        r"booking|restaurant|when you are\b|outing|flower market|opera|matinee|excursion|\btrip\b|"
        r"walking stick|海洋公園|airport|\bflight|\bflew\b|fly(?:ing)? (?:to|back|home)|emigrat\w*|"
        r"\btour\b|moving to (?!a better|heaven|the other|be with)|off the "
        r"(?:bus|minibus|tram)"
    ),
    ELDER_ABUSE: (
        rf"fine now|all healed|healed|last month|{_FICTION_EN}|no fracture|nothing broken|not broken|"
        r"soft tissue|blood tests?|\bdrip\b|blood thinner|from (?:the|her|his|a) (?:fall|slip|trip)|"
        r"(?:slipp|tripp)(?:ed|ing)|x-?ray (?:was )?(?:fine|clear|ok|normal)|冇骨折|軟組織|抽血|吊鹽水|"
        r"bump(?:ed|ing)|a&e|\bgp\b|doctor (?:looked|checked|said|saw)|nurse said|x-?ray冇事|(?<!冇)(?<!冇帶佢)(?<!冇帶佢去)睇doctor|"
        r"睇咗醫生|睇咗doctor|mtr gate|brake|getting out of the bath|sugar (?:paper|level|control)|"
        r"diabet\w*|dietitian|doctor'?s? (?:diet|sugar)|\bdeaf\b|can'?t hear|cannot hear|"
        r"hard of hearing|cholesterol"
    ),
    # An ordinary cause: a toothache, a cold, a diet, fasting before an operation.
    SEVERE_DEPRESSION: (
        rf"{_FICTION_EN}|{_PETS_EN}|toothache|dentist|\bcold\b|\bflu\b|dietitian|\bdiet\b|"
        r"fasting|before (?:the|his|her|an?) (?:op|operation|surgery)|cataract|dentures?|teeth "
        r"(?:pulled|out|taken out)|already (?:ate|eat|had)|(?:ate|eat|had) (?:a )?(?:big|huge|two|2) "
        r"(?:lunch|breakfast|bowls?|plates?|dim sum)"
    ),
    # Marks a doctor already explains: a blood test, a drip, blood thinners.
    SELF_HARM: rf"{_FICTION_EN}|(?:are|is|were|was) from (?:the |his |her )?(?:blood tests?|drips?|injections?|iv)\b",
    MEDICAL_EMERGENCY: (
        r"last (?:year|winter|summer|spring|autumn|month|christmas)|(?:years|months) ago|"
        r"(?:in|last) (?:the )?(?:spring|summer|autumn|winter)|\bhealed|recovered|all better|"
        r"passed away|(?:husband|wife|mother|father|son|daughter|friend) died|funeral|prevent\w*|"
        r"workshop|talk on|insurance|舊年|上年|去年|幾年前|好返|過身|months? ago|last month|"
        rf"physio|recover\w*|{_FICTION_EN}|{_PETS_EN}|no fracture|nothing broken|doctor (?:has )?"
        r"(?:already )?checked|x-?ray (?:was )?(?:fine|clear|ok|normal)|冇骨折|睇咗醫生|照咗x光|"
        # asking which number to ring, fainting years back, caring for a past stroke, drink
        r"non-emergency|which number|what number|\blist of\b|once in|in (?:19|20)\d\d|back in|"
        r"take care|taking care|caring for|looking after|\bbeer\b|\bwine\b|whisk(?:e)?y|alcohol|"
        r"in (?:the )?hospital (?:with|for|since)|(?:for|since) (?:\w+ )?(?:weeks|months|years)|"
        # already in hospital: the emergency is being met
        r"now in (?:the )?hospital|in (?:the )?hospital now|\bin (?:the )?icu\b|admitted to"
    ),
}  # fmt: skip

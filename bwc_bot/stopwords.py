"""Our own English stop-word list (NLTK's is a download, so we ship one).

Question words that carry meaning in this domain stay *out* of the list on purpose:
"long" (how long to keep footage), "before" and "after" (viewing before a report),
"off" and "on" (turning cameras off), "stop", "start", "not", "without", "tell" and
"ask" (telling people they are recorded, asking to stop). Filler phrases such as "can
you tell me" are removed whole (``STOP_PHRASES``) so "tell" only counts when it means
something.
"""

_WORDS = (
    """
    a about above again against all am an and any are aren't as at be because been
    being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have
    haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself nor of once only or other ought our ours ourselves out over own
    same shan't she she'd she'll she's should shouldn't so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're
    they've this those through to too under until up very was wasn't we we'd we'll we're
    we've were weren't what what's when when's where where's which while who who's whom
    why why's with won't would wouldn't you you'd you'll you're you've your yours yourself
    yourselves s t d ll m re ve y also just will get got gets
    please thank thanks know let like need needs want wants anyone someone something
    anything thing things us okay ok hi hello hey yes yeah really much many well way
    give go going make does doing done say says said question questions
    """.split()
)
# Tokens lose their apostrophes ("isn't" -> "isnt"), so the list holds both spellings.
STOPWORDS = frozenset(_WORDS) | frozenset(w.replace("'", "") for w in _WORDS)

# Multi-word filler removed before analysis (matched on whole words, case-folded).
STOP_PHRASES = tuple(
    tuple(p.split())
    for p in """
    can you tell me|could you tell me|would you tell me|please tell me|tell me about|tell me more about|
    tell me|can you explain|could you explain|please explain|explain to me|i want to know|i'd like to know|
    id like to know|i would like to know|i was wondering|wondering if|do you know|can i ask|may i ask|
    i have a question|quick question|can you help me with|help me understand
    """.replace("\n", " ").split("|")
    if p.strip()
)

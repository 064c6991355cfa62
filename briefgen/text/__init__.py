"""Facts of English text that several stages share: the word, date and
reporting-verb vocabulary (``lexicon``), sentences that lean back on the
one before (``leaning``), the shape of a line of a page
(``lineshape``), sentence boundaries a scrape glued (``boundaries``), the
dateline a report opens with (``dateline``), headlines (``headline``), and
term statistics over sentences (``similarity``: stems, TF-IDF, LexRank,
numbers). Nothing here knows a stage; every stage may use it.
"""

"""Facts of English text that several stages share: the word and date
vocabulary (``lexicon``), the shape of a line of a page (``lineshape``), and
term statistics over sentences (``similarity``: stems, TF-IDF, LexRank,
numbers). Nothing here knows a stage; every stage may use it.
"""

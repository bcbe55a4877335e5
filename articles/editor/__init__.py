"""The activists' web editor: its pages, forms and the one write path of their saves.

``links`` and ``posts`` save press links and campaign posts (rules, conflicts, duplicates);
``forms``, ``flow``, ``views`` and ``post_views`` are the pages over them, ``urls`` their
addresses; ``fetch`` reads a pasted page, safely, to pre-fill the form.
"""

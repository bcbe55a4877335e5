"""The activists' web editor: its pages and forms, the one write path of their saves
(``links``, ``posts``), and the safe fetcher of a pasted page (``fetch``)."""

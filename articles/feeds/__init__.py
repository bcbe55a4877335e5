"""What machines read: Atom and RSS feeds of every stream, the sitemap and robots.txt, and
the previews of a shared link on social networks.

``subjects`` names the streams a reader can follow, ``views`` their feeds, ``items`` the
entries of a feed read as rows, ``sitemaps`` the sitemap and robots.txt, ``social`` the
OpenGraph and Twitter-card properties, ``urls`` their addresses.
"""

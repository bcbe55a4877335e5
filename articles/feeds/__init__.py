"""What machines read: feeds of every stream, the sitemap, robots.txt, social previews."""

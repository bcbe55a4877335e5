"""The seed campaign post (``../shared/seeds/campaign-post.txt``) entered as a CampaignPost."""

from articles.models import Campaign, CampaignPost, Entry, PostSource
from tests.factories import BASE_TIME, make_link, make_user, retag

SOURCES_HEADING = "Sources et Ressources"
CITED_LINKS = (1, 2, 3)  # sources that point at a stored press link


def enter_seed_post(text: str) -> CampaignPost:
    """The seed as an editor would enter it: first line the title, the rest the body, with
    its 15 numbered sources (the first three being press links of the review)."""
    title, _, body = text.strip().partition("\n")
    body = body.strip().removesuffix(SOURCES_HEADING).strip()
    author = make_user("stopamazon", first_name="Stop", last_name="Amazon")
    campaign = Campaign.objects.create(name="Stop Amazon", slug="stop-amazon")
    post = CampaignPost.objects.create(
        campaign=campaign,
        episode=4,
        title=title.strip(),
        body=body,
        author=author,
        status=Entry.Status.PUBLISHED,
        published_at=BASE_TIME,
    )
    for number in range(1, 16):
        link = None
        if number in CITED_LINKS:
            link = make_link(
                title=f"Article cité {number} <b>gras</b>",
                url=f"https://www.lemonde.fr/pixels/article/amazon-{number}.html",
            )
        PostSource.objects.create(
            post=post,
            number=number,
            label=f"Ressource {number}",
            url=f"https://ressources.example/{number}",
            press_link=link,
        )
    retag(post, "#Amazon #surveillance")
    return post

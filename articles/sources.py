"""Publications: found or created from a link's domain."""

from .models import Source
from .normalize import normalize_domain

# Names of common publications, so a new source reads "Le Monde", not "lemonde.fr".
KNOWN_PUBLICATIONS = {
    "lemonde.fr": "Le Monde",
    "liberation.fr": "Libération",
    "lefigaro.fr": "Le Figaro",
    "mediapart.fr": "Mediapart",
    "humanite.fr": "L'Humanité",
    "reporterre.net": "Reporterre",
    "francetvinfo.fr": "Franceinfo",
    "franceinter.fr": "France Inter",
    "franceculture.fr": "France Culture",
    "francebleu.fr": "France Bleu",
    "lesechos.fr": "Les Échos",
    "latribune.fr": "La Tribune",
    "alternatives-economiques.fr": "Alternatives Économiques",
    "mediacites.fr": "Mediacités",
    "monde-diplomatique.fr": "Le Monde diplomatique",
    "bastamag.net": "Basta!",
    "basta.media": "Basta!",
    "lesjours.fr": "Les Jours",
    "nouvelobs.com": "L'Obs",
    "lexpress.fr": "L'Express",
    "telerama.fr": "Télérama",
    "ouest-france.fr": "Ouest-France",
    "next.ink": "Next",
    "numerama.com": "Numerama",
    "laquadrature.net": "La Quadrature du Net",
    "theguardian.com": "The Guardian",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "theintercept.com": "The Intercept",
    "cnbc.com": "CNBC",
    "motherjones.com": "Mother Jones",
    "theverge.com": "The Verge",
    "wired.com": "Wired",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "ft.com": "Financial Times",
    "bloomberg.com": "Bloomberg",
    "spiegel.de": "Der Spiegel",
    "elpais.com": "El País",
    "amnesty.org": "Amnesty International",
}


def source_for_url(url: str) -> Source | None:
    """The source of ``url``, created (named from :data:`KNOWN_PUBLICATIONS`) when new."""
    domain = normalize_domain(url) if url else ""
    if not domain:
        return None
    # get_or_create takes a source created meanwhile by another request.
    source, _created = Source.objects.get_or_create(
        domain=domain,
        defaults={"name": KNOWN_PUBLICATIONS.get(domain, domain), "home_url": f"https://{domain}/"},
    )
    return source

"""Hostile markup: whatever an author types, the rendered HTML runs no script.

Each input goes through :func:`articles.markup.render_markup`; the output is parsed twice,
by an HTML5 parser (the html5lib bleach ships, which parses like a browser) and by Python's
``html.parser``, and every element, attribute and URL is checked against the allow-lists
written here, independently of the module's own.
"""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from bleach._vendor import html5lib  # the parser bleach itself uses and depends on

from articles.markup import render_markup

ALLOWED = {
    "p": set(),
    "br": set(),
    "em": set(),
    "strong": set(),
    "a": {"href", "title", "rel", "id", "class"},
    "blockquote": set(),
    "ul": set(),
    "ol": {"class", "start"},
    "li": {"id", "class"},
    "mark": {"class"},
    "code": set(),
    "pre": set(),
    "sup": {"id", "class"},
    "sub": set(),
    "hr": set(),
    "del": set(),
    "ins": set(),
    "s": set(),
    "div": {"id", "class"},
    "span": {"class"},
    "img": {"src", "alt", "title"},
}
NEVER = {"script", "iframe", "object", "embed", "form", "meta", "base", "style", "svg", "math"}
LINK_SCHEMES = {"http", "https", "mailto"}
IMAGE_SCHEMES = {"http", "https"}
# What browsers drop from a URL before reading its scheme, and more.
URL_NOISE = re.compile(r"[\x00-\x20\x7f-\xa0\s\u200b-\u200f\u2028-\u202f\ufeff]+")

JS = "javascript:alert(1)"
HOSTILE = {
    # script elements, however spelled
    "script": "<script>alert(1)</script>",
    "script-upper-src": "<SCRIPT SRC=http://evil.example/xss.js></SCRIPT>",
    "script-split": "<scr<script>ipt>alert(1)</script>",
    "script-double-open": "<<script>alert(1)//<</script>",
    "script-slash": "<script/xss src=http://evil.example/x.js></script>",
    "break-out-attribute": '"><script>alert(1)</script>',
    "break-out-single": "'><img src=x onerror=alert(1)>",
    "script-in-paragraph": "Texte <script>alert(1)</script> suite",
    # event handlers on many tags
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-ok-src-onerror": '<img src="http://ok.example/x.png" onerror="alert(1)">',
    "img-eval-src": "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "a-onmouseover": '<a href="http://ok.example/" onmouseover="alert(1)">x</a>',
    "p-onclick": "<p onclick=alert(1)>x</p>",
    "div-onmouseover": '<div onmouseover="alert(1)">x</div>',
    "blockquote-onfocus": "<blockquote onfocus=alert(1) autofocus tabindex=1>x</blockquote>",
    "mark-onclick": '<mark class="hl" onclick=alert(1)>x</mark>',
    "span-onclick-upper": "<span ONCLICK=alert(1)>x</span>",
    "body-onload": "<body onload=alert(1)>",
    "input-onfocus": "<input autofocus onfocus=alert(1)>",
    "video-source-onerror": "<video><source onerror=alert(1)></video>",
    "audio-onerror": "<audio src=x onerror=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>x</details>",
    "marquee-onstart": "<marquee onstart=alert(1)>x</marquee>",
    "select-onfocus": "<select autofocus onfocus=alert(1)></select>",
    "unknown-tag-onclick": "<x onclick=alert(1)>click",
    "svg-onload-slash": "<svg/onload=alert(1)>",
    # javascript:, vbscript:, data: URLs, with entity and white space tricks
    "href-js": f'<a href="{JS}">x</a>',
    "href-js-upper": '<A HREF="JAVASCRIPT:alert(1)">x</A>',
    "href-js-spaces": f'<a href="  {JS}">x</a>',
    "href-js-newline": f'<a href="\n{JS}">x</a>',
    "href-js-entity-j": '<a href="&#106;avascript:alert(1)">x</a>',
    "href-js-entity-tab": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "href-js-entity-newline": '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "href-js-padded-entities": '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115'
    '&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    "href-js-hex-entities": '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;'
    '&#x74;&#x3A;alert(1)">x</a>',
    "href-js-colon-entity": '<a href="javascript&colon;alert&lpar;1&rpar;">x</a>',
    "href-js-tab": '<a href="jav\tascript:alert(1)">x</a>',
    "href-js-nul": '<a href="java\x00script:alert(1)">x</a>',
    "href-js-control": '<a href="\x01\x0bjavascript:alert(1)">x</a>',
    "href-js-entity-control": '<a href=" &#14; javascript:alert(1)">x</a>',
    "href-js-lines": '<a href="j\na\nv\na\ns\nc\nr\ni\np\nt:alert(1)">x</a>',
    "href-js-unquoted-newline": "<a\nhref=javascript:alert(1)\n>x</a>",
    "href-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "href-data-html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "href-feed-js": '<a href="feed:javascript:alert(1)">x</a>',
    "href-unclosed": f'<a href="{JS}',
    "img-src-js": f'<img src="{JS}">',
    "img-src-data": '<img src="data:image/png;base64,iVBORw0KGgo=">',
    "img-srcset": f'<img srcset="{JS}">',
    # Markdown links and images
    "md-link-js": f"[x]({JS})",
    "md-link-js-upper": "[x](JaVaScRiPt:alert(1))",
    "md-link-js-entity": "[x](&#106;avascript:alert(1))",
    "md-link-js-entity-tab": "[x](jav&#x09;ascript:alert(1))",
    "md-link-js-colon-entity": "[x](javascript&#58;alert(1))",
    "md-link-js-angle": f"[x](<{JS}>)",
    "md-link-js-space": f"[x]( {JS})",
    "md-link-vbscript": "[x](vbscript:msgbox(1))",
    "md-link-data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-link-title-quote": '[x](http://ok.example/ "t\\" onclick=\\"alert(1)")',
    "md-image-js": f"![x]({JS})",
    "md-image-data": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "md-image-data-html": "![x](data:text/html,<script>alert(1)</script>)",
    "md-reference-link": f"[x][evil]\n\n[evil]: {JS}",
    "md-reference-image": f"![x][evil]\n\n[evil]: {JS}",
    "md-reference-number": f"Voir [1].\n\n[1]: {JS}",
    "md-autolink-js": f"<{JS}>",
    "md-autolink-vbscript": "<vbscript:msgbox(1)>",
    "md-autolink-data": "<data:text/html,<script>alert(1)</script>>",
    "md-attr-list": 'Paragraphe\n{: onclick="alert(1)" }',
    "md-attr-list-link": "[x](http://ok.example/){: onclick=alert(1) }",
    "md-footnote-js": f"Note[^1]\n\n[^1]: [y]({JS})",
    "md-footnote-html": f'Note[^1]\n\n[^1]: <a href="{JS}">y</a>',
    # SVG and MathML
    "svg-onload": "<svg onload=alert(1)>",
    "svg-xlink": f'<svg><a xlink:href="{JS}"><text x="0" y="20">x</text></a></svg>',
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-animate": f'<svg><animate attributeName="href" values="{JS}"/><a><text>x</text></a></svg>',
    "mathml-mglyph": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "mathml-xlink": f'<math><mi xlink:href="{JS}">x</mi></math>',
    "mathml-maction": f'<math><maction actiontype="statusline" xlink:href="{JS}">x</maction>',
    # embedding, forms, document-level elements
    "iframe": f'<iframe src="{JS}"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": f'<object data="{JS}"></object>',
    "embed": f'<embed src="{JS}">',
    "form-action": f'<form action="{JS}"><button>x</button></form>',
    "button-formaction": f"<button formaction={JS}>x</button>",
    "meta-refresh": f'<meta http-equiv="refresh" content="0;url={JS}">',
    "base-href": f'<base href="{JS}//">',
    "link-stylesheet": f'<link rel="stylesheet" href="{JS}">',
    "table-background": f'<table><td background="{JS}">x</td></table>',
    "template": "<template><img src=x onerror=alert(1)></template>",
    # CSS
    "style-element": f"<style>body{{background:url({JS})}}</style>",
    "style-expression": '<p style="width: expression(alert(1))">x</p>',
    "style-url": f'<span style="background:url({JS})">x</span>',
    "style-behavior": '<div style="behavior: url(x.htc)">x</div>',
    "style-on-allowed-a": '<a href="http://ok.example/" style="position:fixed;top:0">x</a>',
    # broken and nested quoting
    "unclosed-img": '<img src="x onerror=alert(1)',
    "unclosed-tags": "<p><em><strong><a href='http://ok.example/'>x",
    "nested-quotes": '<a title=\'x"onclick=alert(1)\' href="http://ok.example/">x</a>',
    "quote-in-href": '<a href="http://ok.example/\\"onmouseover=alert(1)">x</a>',
    "img-triple-quote": '<img """><script>alert(1)</script>">',
    "attribute-no-space": "<a href=http://ok.example/ onclick=alert(1)//>x</a>",
    # comments, CDATA, mutation XSS
    "comment": "<!--<img src=x onerror=alert(1)>-->",
    "conditional-comment": "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "mxss-noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "mxss-noembed": '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    "mxss-svg-style": '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "mxss-textarea": '<textarea><img title="</textarea><img src=x onerror=alert(1)>">',
    # the markup of pressreview itself
    "highlight-script": "[rouge]<script>alert(1)</script>[/rouge]",
    "highlight-img": "[rouge]<img src=x onerror=alert(1)>[/rouge]",
    "highlight-break-out": '[vert]"><script>alert(1)</script>[/vert]',
    "highlight-link-js": f"[bleu][x]({JS})[/bleu]",
    "highlight-crossed-script": "[rouge]a<script>[vert]b[/rouge]alert(1)[/vert]</script>",
    "hashtag-lt": "#[fr]<script>alert(1)</script>",
    "hashtag-quote": '#[fr]x"onmouseover="alert(1)',
    "hashtag-theme-break-out": '##x"><img src=x onerror=alert(1)>',
    "hashtag-then-script": "#tag<script>alert(1)</script>",
    "hashtag-in-href": '<a href="javascript:(#tag)">x</a>',
    "ref-break-out": '[1]"><script>alert(1)</script>',
    "bare-url-quote": 'http://ok.example/"onmouseover="alert(1)',
    "bare-url-script": "https://ok.example/<script>alert(1)</script>",
    "bare-url-js-path": "http://ok.example/javascript:alert(1)",
    "forged-placeholders": "\x02tag:0\x03 \x02wzxhzdk:0\x03 \x02klzzwxh:0\x03 #a <b>",
    "protocol-relative": '<a href="//evil.example/">x</a>',
    "backslash-host": '<a href="/\\evil.example/">x</a>',
}


def _parse_html5(output: str):
    root = html5lib.parseFragment(output, treebuilder="etree", namespaceHTMLElements=False)
    for element in root.iter():
        if element is root:
            continue
        assert isinstance(element.tag, str), "comment or processing instruction in output"
        name = element.tag.rsplit("}", 1)[-1].lower()  # SVG/MathML come namespaced
        yield name, dict(element.attrib)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        raise AssertionError(f"comment in output: {data!r}")


def _parse_stdlib(output: str):
    collector = _Collector()
    collector.feed(output)
    collector.close()
    return collector.found


def _decoded(url: str) -> str:
    """Character references decoded until none is left: stricter than any browser."""
    while (decoded := html.unescape(url)) != url:
        url = decoded
    return url


def _scheme(url: str) -> str:
    cleaned = URL_NOISE.sub("", _decoded(url)).lower()
    if cleaned.startswith(("#", "/", "?")):
        return ""
    before, colon, _rest = cleaned.partition(":")
    if not colon or "/" in before or "?" in before or "#" in before:
        return ""
    return urlsplit(cleaned).scheme or before


def _assert_safe(elements) -> None:
    for name, attributes in elements:
        assert name not in NEVER, name
        assert name in ALLOWED, f"<{name}> is not allowed"
        for attribute, value in attributes.items():
            attribute = attribute.rsplit("}", 1)[-1].lower()
            assert not attribute.startswith("on"), (name, attribute)
            assert attribute != "style", name
            assert attribute in ALLOWED[name], f"{attribute} on <{name}>"
            if attribute == "href":
                assert _scheme(value) in LINK_SCHEMES | {""}, value
            if attribute == "src":
                assert _scheme(value) in IMAGE_SCHEMES, value


def assert_safe_html(output: str) -> None:
    """``output`` holds allowed HTML only, read by an HTML5 parser and by ``html.parser``."""
    _assert_safe(_parse_html5(output))
    _assert_safe(_parse_stdlib(output))


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_hostile_input_renders_to_allowed_html_only(text, language):
    output = str(render_markup(text, sources={1: "source"}, language=language))
    assert_safe_html(output)


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_input_inside_markup_context(text):
    """The same inputs inside a list, a quote, a highlight and a footnote."""
    wrapped = f"- {text}\n\n> {text}\n\n[rouge]{text}[/rouge] #tag [1]\n\nx[^1]\n\n[^1]: {text}"
    output = str(render_markup(wrapped, sources={1: "source"}))
    assert_safe_html(output)


def test_corpus_is_large():
    assert len(HOSTILE) >= 60


def test_links_leaving_the_site_carry_nofollow():
    output = str(render_markup('<a href="//evil.example/">x</a> <a href="/\\evil.example/">y</a>'))
    links = [attributes for name, attributes in _parse_html5(output) if name == "a"]
    assert [link.get("rel") for link in links] == ["nofollow noopener ugc"] * 2


def test_checker_catches_what_it_must():
    """The checks themselves fail on unsafe HTML (parsed, not searched as strings)."""
    for unsafe in (
        "<script>x</script>",
        '<a href="&#106;avascript:x">x</a>',
        '<a href="jav&#x09;ascript:x">x</a>',
        '<img src="data:image/png;base64,AA">',
        '<p onclick="x">x</p>',
        '<p style="x">x</p>',
        "<svg><a>x</a></svg>",
    ):
        with pytest.raises(AssertionError):
            _assert_safe(_parse_html5(unsafe))

"""A document's Markdown text as safe HTML.

Markdown (tables, lists, headings, emphasis, links) is rendered, then cleaned with nh3 to a short
list of tags and attributes: whatever HTML the text carries — ``<script>``, ``<style>``, an
``onclick``, a ``javascript:`` link, an image from elsewhere — never reaches the page. The
content security policy forbids inline scripts and styles as a second line.
"""

import markdown
import nh3
from django.utils.safestring import mark_safe

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "sup", "sub",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
# Tags removed together with what they contain (not only the tag).
DROPPED = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
SCHEMES = {"http", "https", "mailto", "tel"}


def render(text):
    """``text`` (Markdown) as cleaned HTML, safe to put on a page."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, clean_content_tags=DROPPED, url_schemes=SCHEMES,
                        link_rel="noopener noreferrer")
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 to the tags above

"""What a reader sees of a catalogue page: its results and its facets."""

import re


def titles(response):
    return [
        re.sub(r"\s+", " ", title).strip()
        for title in re.findall(
            r'class="result-title"[^>]*>([^<]*)<', response.content.decode()
        )
    ]


def facet(response, param):
    (group,) = [g for g in response.context["search"].facets if g["param"] == param]
    return {option["label"]: option for option in group["options"]}


def result_links(response):
    return re.findall(
        r'class="result-title"[^>]*href="([^"]*)"', response.content.decode()
    ) or re.findall(
        r'href="([^"]*)"[^>]*class="result-title"', response.content.decode()
    )

"""The API's query parameters beyond its filters: strict checking, and facets."""

from difflib import get_close_matches

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from registry.search.facets import FACET_BY_PARAM, count_facets, facets_of


def refuse_unknown_parameters(request, known):
    """A 400 naming each parameter the endpoint does not know, with the one meant
    when a known one is close (``contry`` → ``country``)."""
    errors = {}
    for name in request.query_params:
        if name in known:
            continue
        close = get_close_matches(name, sorted(known), n=1, cutoff=0.6)
        errors[name] = [
            _("Unknown parameter. Did you mean “%(name)s”?") % {"name": close[0]}
            if close
            else _("Unknown parameter. This endpoint accepts: %(names)s.")
            % {"names": ", ".join(sorted(known))}
        ]
    if errors:
        raise ValidationError(errors)


def requested_facets(request, kind):
    """The facets ``?facet=country&facet=region`` (or ``facet=country,region``)
    asks for, in order; a 400 naming ``facet`` for one this endpoint lacks."""
    names = []
    for item in request.query_params.getlist("facet"):
        names += [part.strip() for part in item.split(",") if part.strip()]
    if not names:
        return []
    offered = [facet.param for facet in facets_of(kind)] if kind else []
    unknown = [name for name in names if name not in offered]
    if unknown:
        raise ValidationError(
            {
                "facet": [
                    _("No facet %(names)s here. Facets offered: %(offered)s.")
                    % {
                        "names": ", ".join(unknown),
                        "offered": ", ".join(offered) or _("none"),
                    }
                ]
            }
        )
    return [FACET_BY_PARAM[name] for name in dict.fromkeys(names)]


def facet_data(kind, queryset, facets):
    """``{"country": [{"value", "label", "count"}, …], …}`` over the whole filtered
    ``queryset`` (not the page), most frequent first; years newest first."""
    counted = count_facets(kind, queryset, facets)
    data = {}
    for facet in facets:
        counts = counted[facet.param]
        labels = facet.labels(list(counts))
        options = [
            {"value": value, "label": labels[value], "count": n}
            for value, n in counts.items()
            # A value without a public label (a draft perpetrator) is not offered.
            if value in labels
        ]
        if facet.param == "year":
            options.sort(key=lambda option: option["value"], reverse=True)
        else:
            options.sort(key=lambda option: (-option["count"], option["label"]))
        data[facet.param] = options
    return data

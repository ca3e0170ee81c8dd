"""How big a synthetic registry is: how many of each record to make."""

from dataclasses import dataclass


@dataclass
class Scale:
    """How many of each record to make. Unset counts follow ``events``."""

    events: int = 1_000
    sites: int | None = None
    structures_per_site: float = 3.0
    looting: int | None = None
    objects: int | None = None
    people: int | None = None
    sources: int | None = None
    actors: int = 60
    assessments: int | None = None

    def resolved(self):
        """The scale with every count filled in from the number of events."""
        events = self.events
        return Scale(
            events=events,
            sites=self.sites if self.sites is not None else max(10, events // 10),
            structures_per_site=self.structures_per_site,
            looting=self.looting if self.looting is not None else events // 20,
            objects=self.objects if self.objects is not None else events // 10,
            people=self.people if self.people is not None else max(5, events // 500),
            sources=self.sources if self.sources is not None else max(5, events // 100),
            actors=self.actors,
            assessments=self.assessments
            if self.assessments is not None
            else events // 5,
        )

"""What an import did, as a reader should see it."""

from dataclasses import dataclass, field

from registry.models import ImportBatch


@dataclass
class Summary:
    """What an import did (or, in a dry run, would have done)."""

    rows: int = 0
    dry_run: bool = False
    export_year: int | None = None
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    no_state_party: list[str] = field(default_factory=list)
    no_longer_listed: list[str] = field(default_factory=list)
    ended: dict[str, str] = field(default_factory=dict)  # id_no -> why
    entered_danger: list[str] = field(default_factory=list)
    left_danger: list[str] = field(default_factory=list)
    terms_created: list[str] = field(default_factory=list)
    published: int = 0
    batch: ImportBatch | None = None
    # id_no -> what changed on an updated site
    changes: dict[str, list[str]] = field(default_factory=dict)

    def lines(self, verbose=False):
        """The summary as a reader should see it, one line each."""
        head = "Dry run, nothing written: " if self.dry_run else ""
        out = [
            f"{head}{self.rows} rows (export of {self.export_year}): "
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged."
        ]
        if self.no_state_party:
            out.append(
                "Under no State Party (imported without a country, with a note): "
                + ", ".join(f"UNESCO no. {id_no}" for id_no in self.no_state_party)
                + "."
            )
        if self.entered_danger:
            out.append(
                "Entered the List in Danger: " + ", ".join(self.entered_danger) + "."
            )
        if self.left_danger:
            out.append("Left the List in Danger: " + ", ".join(self.left_danger) + ".")
        if self.terms_created:
            out.append("Site types added: " + ", ".join(self.terms_created) + ".")
        if self.no_longer_listed:
            out.append(
                f"No longer in the file (kept, not deleted): "
                f"{len(self.no_longer_listed)}: "
                + ", ".join(self.no_longer_listed)
                + "."
            )
        out += [
            f"  World Heritage designation of {id_no} ended: {why}"
            for id_no, why in self.ended.items()
        ]
        if self.published:
            out.append(f"Published: {self.published} sites.")
        if self.batch is not None and not self.dry_run:
            out.append(f"Import batch {self.batch.pk}.")
        if verbose:
            out += [
                f"  updated {id_no}: {', '.join(changes)}"
                for id_no, changes in self.changes.items()
            ]
        return out

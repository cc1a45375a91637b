package org.monsoon.taxii;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.monsoon.advisory.Uuid5;

/** The read-only collections Monsoon's TAXII API root offers. */
public enum TaxiiCollection {
    ADVISORIES(
            "advisories",
            "Regional advisories",
            "Every advisory version as STIX 2.1: a report and the indicators, vulnerabilities and malware it"
                    + " lists. A withdrawn advisory is revoked; an expired one has its indicators' valid_until set."),
    INDICATORS(
            "indicators",
            "Correlated indicators",
            "Every indicator reported by two or more member states, as STIX 2.1, one object per indicator"
                    + " whatever advisory lists it; revoked when no advisory lists it any more.");

    private static final UUID NAMESPACE = UUID.fromString("5f0c9a0e-63a1-4c5b-9d43-2f7f2d6c1e11");

    private final String alias;
    private final String title;
    private final String description;

    TaxiiCollection(String alias, String title, String description) {
        this.alias = alias;
        this.title = title;
        this.description = description;
    }

    /** The collection's id: a UUID that stays the same on every instance and release. */
    public String id() {
        return Uuid5.of(NAMESPACE, "collection:" + alias).toString();
    }

    public String alias() {
        return alias;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The collection named by id or alias. */
    public static Optional<TaxiiCollection> find(String idOrAlias) {
        return Arrays.stream(values())
                .filter(c -> c.id().equals(idOrAlias) || c.alias.equals(idOrAlias))
                .findFirst();
    }
}

package org.monsoon.cli;

import org.monsoon.misp.MispImporter;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;
import picocli.CommandLine.Option;

/**
 * What an import takes where the source does not say it: the severity, the RSIT class and type, the
 * TLP of a MISP event without a tlp: tag, and whether MISP attributes not marked to_ids count. Shared by
 * {@code produce} (STIX and MISP files) and {@code connect} (MISP feeds and TAXII collections).
 */
final class ImportOptions {
    @Option(
            names = "--severity",
            defaultValue = "MEDIUM",
            description = "For STIX, or MISP when the threat level is undefined: the report's severity"
                    + " (${COMPLETION-CANDIDATES}; default ${DEFAULT-VALUE})")
    Severity severity;

    @Option(
            names = "--category",
            defaultValue = "other",
            description = "For STIX, or MISP without an rsit: tag: RSIT class (default: ${DEFAULT-VALUE})")
    String category;

    @Option(
            names = "--type",
            defaultValue = "undetermined",
            description = "For STIX, or MISP without an rsit: tag: RSIT type (default: ${DEFAULT-VALUE})")
    String type;

    @Option(
            names = "--default-tlp",
            defaultValue = "AMBER",
            description = "For MISP: the TLP of an event without a tlp: tag (default: ${DEFAULT-VALUE})")
    Tlp defaultTlp;

    @Option(
            names = "--include-non-ids",
            description = "For MISP: import attributes not marked to_ids too (by default they are skipped)")
    boolean includeNonIds;

    /** The MISP importer's options. */
    MispImporter.Options misp() {
        return new MispImporter.Options(defaultTlp, severity, category, type, !includeNonIds);
    }
}

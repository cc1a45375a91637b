package org.monsoon.misp;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monsoon.schema.Tlp;

/**
 * What Monsoon reads from MISP tag names: the TLP label ({@code tlp:} taxonomy, TLP 1.0 and 2.0
 * forms), the RSIT class and type ({@code rsit:} and the older {@code ecsirt:} taxonomy, e.g.
 * {@code rsit:malicious-code="malware-distribution"}) and malware family names from galaxy tags
 * ({@code misp-galaxy:malpedia="Emotet"}, {@code misp-galaxy:mitre-malware="BlackEnergy - S0089"}).
 */
public final class MispTags {
    private static final Pattern MACHINE_TAG = Pattern.compile("([a-z0-9-]+):([a-z0-9-]+)=\"([^\"]*)\"");
    private static final Pattern GALAXY = Pattern.compile("misp-galaxy:(malpedia|mitre-malware|ransomware|"
            + "mitre-tool|tool|android|backdoor|banker|botnet|rat|stealer|exploit-kit)=\"([^\"]+)\"");
    private static final Pattern MITRE_ID = Pattern.compile("\\s+-\\s+S\\d{4}$");

    private MispTags() {}

    /** The result of reading a tag as TLP: not a TLP tag, a label, or an unknown {@code tlp:} label. */
    public sealed interface TlpTag {
        /** A {@code tlp:} label Monsoon knows. */
        record Label(Tlp tlp) implements TlpTag {}

        /** A {@code tlp:} tag Monsoon does not know: the import fails closed to RED. */
        record Unknown(String tag) implements TlpTag {}

        /** Not a TLP tag. */
        record None() implements TlpTag {}
    }

    /** {@code tlp:white} (TLP 1.0) is CLEAR; {@code tlp:amber+strict} is TLP 2.0's AMBER+STRICT. */
    public static TlpTag tlp(String tag) {
        String name = tag.strip().toLowerCase(Locale.ROOT);
        if (!name.startsWith("tlp:")) {
            return new TlpTag.None();
        }
        return switch (name.substring(4).replace("\"", "")) {
            case "white", "clear" -> new TlpTag.Label(Tlp.CLEAR);
            case "green" -> new TlpTag.Label(Tlp.GREEN);
            case "amber" -> new TlpTag.Label(Tlp.AMBER);
            case "amber+strict", "amber-strict" -> new TlpTag.Label(Tlp.AMBER_STRICT);
            case "red" -> new TlpTag.Label(Tlp.RED);
            default -> new TlpTag.Unknown(tag);
        };
    }

    /** An RSIT class and type. */
    public record Rsit(String category, String type) {}

    /** The RSIT class and type of an {@code rsit:} or {@code ecsirt:} tag. */
    public static Optional<Rsit> rsit(String tag) {
        Matcher m = MACHINE_TAG.matcher(tag.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || !(m.group(1).equals("rsit") || m.group(1).equals("ecsirt"))) {
            return Optional.empty();
        }
        String type = m.group(3).strip().replace(' ', '-');
        return Optional.of(new Rsit(m.group(2), type.isEmpty() ? "undetermined" : type));
    }

    /** The malware family named by a galaxy tag, without MITRE's {@code - S0089} suffix. */
    public static Optional<String> malware(String tag) {
        Matcher m = GALAXY.matcher(tag.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(MITRE_ID.matcher(m.group(2).strip()).replaceFirst(""));
    }
}

package org.monsoon.misp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.monsoon.schema.Indicator;
import org.monsoon.schema.IndicatorType;

/**
 * Between MISP attribute types and Monsoon indicators. Composite types give the part Monsoon knows
 * ({@code filename|sha256} its hash, {@code ip-dst|port} its address) or both parts
 * ({@code domain|ip}); an address range is skipped, because Monsoon correlates single addresses.
 */
public final class MispAttributes {
    /** The indicators of one attribute, or why it gives none. */
    public record Mapped(List<Indicator> indicators, String skipped) {
        static Mapped of(Indicator... indicators) {
            return new Mapped(List.of(indicators), null);
        }

        static Mapped skip(String reason) {
            return new Mapped(List.of(), reason);
        }
    }

    /** A MISP type and category for each Monsoon type, as MISP's describeTypes accepts them. */
    public record Export(String type, String category, boolean toIds) {}

    private static final Map<IndicatorType, Export> EXPORTS = Map.of(
            IndicatorType.IPV4, new Export("ip-dst", "Network activity", true),
            IndicatorType.IPV6, new Export("ip-dst", "Network activity", true),
            IndicatorType.DOMAIN, new Export("domain", "Network activity", true),
            IndicatorType.URL, new Export("url", "Network activity", true),
            IndicatorType.EMAIL, new Export("email-src", "Payload delivery", true),
            IndicatorType.MD5, new Export("md5", "Payload delivery", true),
            IndicatorType.SHA1, new Export("sha1", "Payload delivery", true),
            IndicatorType.SHA256, new Export("sha256", "Payload delivery", true),
            IndicatorType.CVE, new Export("vulnerability", "External analysis", false),
            IndicatorType.MALWARE, new Export("malware-type", "Payload delivery", false));

    private MispAttributes() {}

    /** The MISP attribute type and category an indicator is exported as. */
    public static Export export(IndicatorType type) {
        return EXPORTS.get(type);
    }

    /** The indicators of a MISP attribute of the given type and value. */
    public static Mapped map(String misptype, String value) {
        String type = misptype.toLowerCase(Locale.ROOT);
        String v = value.strip();
        return switch (type) {
            case "ip-src", "ip-dst" -> address(v);
            case "ip-src|port", "ip-dst|port" -> address(before(v));
            case "domain", "hostname" -> Mapped.of(new Indicator(IndicatorType.DOMAIN, v));
            case "hostname|port" -> Mapped.of(new Indicator(IndicatorType.DOMAIN, before(v)));
            case "domain|ip" ->
                v.contains("|")
                        ? join(Mapped.of(new Indicator(IndicatorType.DOMAIN, before(v))), address(after(v)))
                        : Mapped.skip("domain|ip value without '|'");
            case "url" -> Mapped.of(new Indicator(IndicatorType.URL, v));
            case "email", "email-src", "email-dst" -> Mapped.of(new Indicator(IndicatorType.EMAIL, v));
            case "md5" -> Mapped.of(new Indicator(IndicatorType.MD5, v));
            case "sha1" -> Mapped.of(new Indicator(IndicatorType.SHA1, v));
            case "sha256" -> Mapped.of(new Indicator(IndicatorType.SHA256, v));
            case "filename|md5", "malware-sample" -> Mapped.of(new Indicator(IndicatorType.MD5, after(v)));
            case "filename|sha1" -> Mapped.of(new Indicator(IndicatorType.SHA1, after(v)));
            case "filename|sha256" -> Mapped.of(new Indicator(IndicatorType.SHA256, after(v)));
            case "vulnerability" -> Mapped.of(new Indicator(IndicatorType.CVE, v.toUpperCase(Locale.ROOT)));
            case "malware-type" -> Mapped.of(new Indicator(IndicatorType.MALWARE, v));
            case "uri" -> Mapped.skip("attribute type uri is a path, not a URL Monsoon can correlate");
            case "link" -> Mapped.skip("attribute type link is a reference, not an indicator");
            default -> Mapped.skip("attribute type " + misptype + " is not imported");
        };
    }

    private static Mapped address(String value) {
        if (value.contains("/")) {
            return Mapped.skip("address range " + value + " is not imported: Monsoon correlates single addresses");
        }
        return Mapped.of(new Indicator(value.contains(":") ? IndicatorType.IPV6 : IndicatorType.IPV4, value));
    }

    private static Mapped join(Mapped a, Mapped b) {
        if (b.skipped() != null) {
            return new Mapped(a.indicators(), null);
        }
        return new Mapped(List.of(a.indicators().get(0), b.indicators().get(0)), null);
    }

    private static String before(String value) {
        int bar = value.indexOf('|');
        return bar < 0 ? value : value.substring(0, bar);
    }

    private static String after(String value) {
        int bar = value.lastIndexOf('|');
        return bar < 0 ? value : value.substring(bar + 1);
    }
}

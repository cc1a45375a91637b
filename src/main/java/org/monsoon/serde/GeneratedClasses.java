package org.monsoon.serde;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * How Monsoon uses its generated classes. Avro 1.12 refuses to instantiate classes by schema name unless they are trusted (a defence against
 * gadget classes named in a hostile schema). Monsoon trusts exactly its generated package, on top of
 * whatever the JVM already trusts; Avro keeps this list JVM-wide, so it is extended once.
 */
final class GeneratedClasses {
    static final String PACKAGE = "org.monsoon.schema";
    private static final AtomicBoolean TRUSTED = new AtomicBoolean();
    /**
     * The model for internal records: the generated classes' own encoders and decoders
     * ({@code customEncode}/{@code customDecode}, written field by field at build time) instead of
     * Avro's schema-walking reflection. Avro leaves them off unless asked (a JVM-wide system property);
     * the profile showed that walk as a fifth of the stream thread, in the correlate stage's store
     * writes. Classes the generator gave no custom coders (those with logical types) take the generic
     * path as before; a reader still resolves an older writer schema field by field.
     */
    private static final ClassValue<SpecificData> CUSTOM_CODERS = new ClassValue<>() {
        @Override
        protected SpecificData computeValue(Class<?> type) {
            SpecificData data = new SpecificData(type.getClassLoader());
            data.setCustomCoders(true);
            // The generic path, for a class without generated coders, needs the class's logical-type
            // conversions (a MatchNotice's Instants inside a CampaignChange's union, say).
            SpecificData.getForClass(type).getConversions().forEach(data::addLogicalTypeConversion);
            return data;
        }
    };

    private GeneratedClasses() {}

    /** The model for one generated class, with its coders on; it holds no state but Avro's class caches. */
    static SpecificData model(Class<?> type) {
        return CUSTOM_CODERS.get(type);
    }

    static void trust() {
        if (TRUSTED.compareAndSet(false, true)) {
            ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
            ClassSecurityValidator.setGlobal(
                    ClassSecurityValidator.composite(previous, type -> PACKAGE.equals(type.getPackageName())));
        }
    }
}

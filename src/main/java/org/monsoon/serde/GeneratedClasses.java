package org.monsoon.serde;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes by schema name unless they are trusted (a defence against
 * gadget classes named in a hostile schema). Monsoon trusts exactly its generated package, on top of
 * whatever the JVM already trusts; Avro keeps this list JVM-wide, so it is extended once.
 */
final class GeneratedClasses {
    static final String PACKAGE = "org.monsoon.schema";
    private static final AtomicBoolean TRUSTED = new AtomicBoolean();

    private GeneratedClasses() {}

    static void trust() {
        if (TRUSTED.compareAndSet(false, true)) {
            ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
            ClassSecurityValidator.setGlobal(
                    ClassSecurityValidator.composite(previous, type -> PACKAGE.equals(type.getPackageName())));
        }
    }
}

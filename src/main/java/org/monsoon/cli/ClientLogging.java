package org.monsoon.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;

/**
 * Kafka's clients warn at length about what a newcomer cannot act on (a broker not up yet, a topic
 * still being created). Commands show only Kafka's errors unless asked ({@code --verbose} or
 * {@code MONSOON_DEBUG=1}); {@code monsoon run}, the service operators watch, keeps Kafka's warnings.
 */
final class ClientLogging {
    private ClientLogging() {}

    static void configure(CommandLine.ParseResult parsed, boolean debug) {
        boolean verbose = debug;
        String command = null;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption("--verbose");
            if (p != parsed && command == null) {
                command = p.commandSpec().name();
            }
        }
        Level kafka = verbose || "run".equals(command) ? Level.WARN : Level.ERROR;
        Configurator.setLevel("org.apache.kafka", kafka);
        Configurator.setLevel("kafka", kafka);
    }
}

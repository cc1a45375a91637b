package org.monsoon.registry;

/**
 * A schema as the registry holds it under a subject: its global id, its version within the subject and
 * its canonical text.
 */
public record RegisteredSchema(String subject, int version, int id, String schema) {}

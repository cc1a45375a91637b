package org.monsoon.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The credential that may change the registry (HTTP basic auth): a user and a password. Reads stay
 * open, since every Confluent-API client reads schemas by id; writes need this.
 */
public record RegistryCredentials(String user, String password) {
    /** The user {@link #loadOrCreate} gives the embedded registry's administrator. */
    public static final String ADMIN_USER = "monsoon-admin";
    /** Where the embedded registry keeps its credential, inside the data directory. */
    public static final String FILE_NAME = "registry-credentials";

    public RegistryCredentials {
        if (user == null || user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("registry user must be non-empty and without ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("registry password must not be empty");
        }
    }

    /** Parses {@code user:password} (the password may contain ':'). */
    public static RegistryCredentials parse(String userInfo) {
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        if (colon <= 0 || colon == userInfo.length() - 1) {
            throw new IllegalArgumentException("registry credentials must be USER:PASSWORD");
        }
        return new RegistryCredentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    /** The credential and whether this call created it. */
    public record Loaded(RegistryCredentials credentials, Path file, boolean created) {}

    /**
     * Reads the credential file of a data directory, creating it with a random password and owner-only
     * permissions on first use.
     */
    public static Loaded loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
                try {
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, ADMIN_USER + ":" + password + "\n", StandardCharsets.UTF_8);
                    return new Loaded(new RegistryCredentials(ADMIN_USER, password), file, true);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it between the check and now: read theirs
                } catch (UnsupportedOperationException notPosix) {
                    Files.writeString(file, ADMIN_USER + ":" + password + "\n", StandardCharsets.UTF_8);
                    return new Loaded(new RegistryCredentials(ADMIN_USER, password), file, true);
                }
            }
            return new Loaded(read(file), file, false);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the registry credential " + file + ": " + e, e);
        }
    }

    /** Reads a {@code user:password} file (first line). */
    public static RegistryCredentials read(Path file) throws IOException {
        String line = Files.readString(file, StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("")
                .strip();
        try {
            return parse(line);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold USER:PASSWORD");
        }
    }

    /** {@code user:password}, as the {@code basic.auth.user.info} setting spells it. */
    public String userInfo() {
        return user + ":" + password;
    }

    /** Whether an {@code Authorization} header carries exactly this credential; constant time. */
    public boolean matches(String authorizationHeader) {
        byte[] expected = ("Basic "
                        + Base64.getEncoder().encodeToString(userInfo().getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
        byte[] given = authorizationHeader == null ? new byte[0] : authorizationHeader.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "RegistryCredentials[user=" + user + ", password=(hidden)]";
    }
}

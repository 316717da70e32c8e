package dev.hubbub.apphost;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A secret parameter whose default is generated, Aspire's {@code CreateDefaultPasswordParameter}: the value comes
 * from configuration key {@code Parameters:<name>} when set, else a random password made once per app-host run
 * (Aspire also stores it in the app host's user secrets; Hubbub keeps it in memory only). In the manifest its input
 * carries {@code "default": {"generate": {"minLength": 22, ...}}} so that the deployment tool generates one too.
 */
public final class GeneratedParameterResource extends ParameterResource {

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String NUMERIC = "0123456789";
    // Aspire's PasswordGenerator special set.
    private static final String SPECIAL = "-_.{}~()*+!";

    private final int minLength;
    private final boolean special;

    /**
     * @param name resource name, e.g. {@code cache-password}
     * @param configuration where a configured value is read from ({@code Parameters:<name>})
     * @param minLength length of a generated value (Aspire: 22, about 128 bits)
     * @param special whether a generated value may hold special characters (Redis: no, since StackExchange.Redis
     *     connection strings cannot carry a comma and the value goes into a shell command line in the container)
     */
    public GeneratedParameterResource(String name, Configuration configuration, int minLength, boolean special) {
        super(name, configuration, "Parameters:" + name, true, new Once(minLength, special));
        if (minLength < 1) {
            throw new IllegalArgumentException("minLength of parameter '" + name + "' must be positive, was " + minLength);
        }
        this.minLength = minLength;
        this.special = special;
    }

    /** @return the length of a generated value */
    public int minLength() {
        return minLength;
    }

    /** @return whether generated values may hold special characters */
    public boolean special() {
        return special;
    }

    /** Generates the value the first time it is asked for, then keeps it (the whole run sees one password). */
    private static final class Once implements java.util.function.Supplier<String> {
        private static final SecureRandom RANDOM = new SecureRandom();
        private final int length;
        private final String alphabet;
        private volatile @org.jspecify.annotations.Nullable String value;

        Once(int length, boolean special) {
            this.length = length;
            this.alphabet = LOWER + UPPER + NUMERIC + (special ? SPECIAL : "");
        }

        @Override
        public synchronized String get() {
            String v = value;
            if (v == null) {
                StringBuilder sb = new StringBuilder(length);
                for (int i = 0; i < length; i++) {
                    sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
                }
                v = sb.toString();
                value = v;
            }
            return Objects.requireNonNull(v);
        }

        @Override
        public String toString() {
            return "generated";
        }
    }
}

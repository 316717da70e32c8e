package dev.hubbub.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps secret values off the page: environment values whose names look secret (or that the app host
 * marks secret) are masked whole; {@code AccessKey=...} and similar parts of connection strings are masked
 * in every value; and every secret value seen is masked wherever it appears later (console lines,
 * telemetry attributes). Thread-safe.
 */
public final class SecretMasker {

    /** What a masked value shows. */
    public static final String MASK = "********";
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(key|secret|password|passwd|pwd|token|credential|signature|connectionstring|apikey).*");
    // key=value parts of connection strings and header lists: AccessKey=..., Password=..., x-otlp-api-key=...
    private static final Pattern SECRET_PART = Pattern.compile(
            "(?i)((?:accesskey|sharedaccesskey|password|pwd|secret|token|api-key|apikey|x-otlp-api-key|accountkey)\\s*=\\s*)([^;,&\\s]+)");
    private static final int MIN_SECRET_LENGTH = 6;

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /**
     * @param name a variable name
     * @return whether its value is masked whole
     */
    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** @param value a secret to mask wherever it appears from now on */
    public void addSecret(String value) {
        if (value.length() >= MIN_SECRET_LENGTH) {
            known.add(value);
        }
    }

    /**
     * Masks an environment for display; remembers the secret values so that {@link #mask(String)} hides them later.
     *
     * @param environment names and values
     * @param secretNames names the app host marks secret
     * @return the same names, values masked where secret
     */
    public Map<String, String> maskEnvironment(Map<String, String> environment, Set<String> secretNames) {
        Map<String, String> out = new LinkedHashMap<>();
        environment.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String value = e.getValue();
            if (secretNames.contains(e.getKey()) || isSecretName(e.getKey())) {
                rememberParts(value);
                addSecret(value);
                out.put(e.getKey(), value.isEmpty() ? "" : MASK);
            } else {
                rememberParts(value);
                out.put(e.getKey(), mask(value));
            }
        });
        return out;
    }

    private void rememberParts(String value) {
        var m = SECRET_PART.matcher(value);
        while (m.find()) {
            addSecret(m.group(2));
        }
    }

    /**
     * @param text any text bound for the page
     * @return it with every secret masked
     */
    public String mask(String text) {
        String out = SECRET_PART.matcher(text).replaceAll("$1" + MASK);
        for (String secret : known) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}

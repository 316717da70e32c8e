package dev.hubbub.apphost.azure;

import dev.hubbub.apphost.DistributedApplicationException;
import java.util.Locale;

/**
 * Which Aspire release's Azure output publishing reproduces ({@code --output-format}, configuration key
 * {@code Publishing:OutputFormat}).
 */
public enum AzureOutputFormat {
    /**
     * The default: Aspire 9.1, the release the seed shows. Role assignments inside {@code <name>.module.bicep}
     * with {@code principalType}/{@code principalId} parameters; only {@code output hostName}.
     */
    ASPIRE_9_1("aspire-9.1"),
    /**
     * Aspire 13.2 (dotnet/aspire main as of March 2026): {@code disableLocalAuth: true}; outputs {@code hostName},
     * {@code name}, {@code id}; role assignments in {@code <name>-roles.module.bicep}; references also inject
     * {@code <NAME>_URI}.
     */
    ASPIRE_13("aspire-13");

    private final String id;

    AzureOutputFormat(String id) {
        this.id = id;
    }

    /** @return the value of {@code --output-format} */
    public String id() {
        return id;
    }

    /**
     * @param value {@code aspire-9.1} or {@code aspire-13}
     * @return the format
     * @throws DistributedApplicationException for anything else
     */
    public static AzureOutputFormat parse(String value) {
        for (AzureOutputFormat f : values()) {
            if (f.id.equals(value.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new DistributedApplicationException("Unknown output format '" + value
                + "' (--output-format, Publishing:OutputFormat): use aspire-9.1 (the default, the seed's output) or aspire-13.");
    }
}

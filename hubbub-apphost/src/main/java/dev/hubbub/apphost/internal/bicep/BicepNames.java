package dev.hubbub.apphost.internal.bicep;

/** Bicep identifier and resource-name rules of Azure.Provisioning. */
public final class BicepNames {

    private BicepNames() {
    }

    /**
     * {@code NormalizeBicepIdentifier}: characters outside {@code [A-Za-z0-9_]} become {@code _};
     * a leading digit gets a {@code _} prefix.
     *
     * @param name any name
     * @return a valid Bicep identifier
     */
    public static String normalizeIdentifier(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(isIdentifierChar(c) ? c : '_');
        }
        if (sb.length() > 0 && Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }

    /**
     * The prefix of a generated SignalR service name: the identifier with characters not allowed
     * in SignalR names (anything but letters, digits, hyphens) dropped.
     *
     * @param bicepIdentifier the service's identifier
     * @return the name prefix
     */
    public static String signalRNamePrefix(String bicepIdentifier) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bicepIdentifier.length(); i++) {
            char c = bicepIdentifier.charAt(i);
            if (c == '-' || (c < 128 && Character.isLetterOrDigit(c))) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @param key an object key @return true if it can be written without quotes */
    public static boolean isPlainIdentifier(String key) {
        if (key.isEmpty() || Character.isDigit(key.charAt(0))) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (!isIdentifierChar(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}

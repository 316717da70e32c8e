package dev.hubbub.apphost.internal.model;

/** Aspire's resource name rules ({@code ModelName.ValidateName}) with its exact messages. */
public final class ResourceNames {

    private ResourceNames() {
    }

    /**
     * @param name a resource name
     * @throws IllegalArgumentException with Aspire's message if the name is invalid
     */
    public static void validate(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        String prefix = "Resource name '" + name + "' is invalid. ";
        if (name.isEmpty() || name.length() > 64) {
            throw new IllegalArgumentException(prefix + "Name must be between 1 and 64 characters long.");
        }
        boolean lastHyphen = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (c == '-') {
                if (lastHyphen) {
                    throw new IllegalArgumentException(prefix + "Name cannot contain consecutive hyphens.");
                }
                lastHyphen = true;
            } else if (letter || (c >= '0' && c <= '9')) {
                lastHyphen = false;
            } else {
                throw new IllegalArgumentException(prefix + "Name must contain only ASCII letters, digits, and hyphens.");
            }
        }
        char first = name.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            throw new IllegalArgumentException(prefix + "Name must start with an ASCII letter.");
        }
        if (name.endsWith("-")) {
            throw new IllegalArgumentException(prefix + "Name cannot end with a hyphen.");
        }
    }
}

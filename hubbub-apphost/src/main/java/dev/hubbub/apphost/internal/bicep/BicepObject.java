package dev.hubbub.apphost.internal.bicep;

import dev.hubbub.apphost.internal.bicep.BicepExpression.ObjectExpression;
import dev.hubbub.apphost.internal.bicep.BicepExpression.Property;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link ObjectExpression} property by property, in order. */
public final class BicepObject {

    private final List<Property> properties = new ArrayList<>();

    /** @return a new, empty object */
    public static BicepObject of() {
        return new BicepObject();
    }

    /** @param key key @param value value @return this */
    public BicepObject put(String key, BicepExpression value) {
        properties.add(new Property(key, value));
        return this;
    }

    /** @param key key @param value string value @return this */
    public BicepObject put(String key, String value) {
        return put(key, BicepExpression.string(value));
    }

    /** @param key key @param value nested object @return this */
    public BicepObject put(String key, BicepObject value) {
        return put(key, value.build());
    }

    /** @param key an interpolated key such as {@code '${id}'} @param value value @return this */
    public BicepObject put(BicepExpression key, BicepExpression value) {
        properties.add(new Property("", value, key));
        return this;
    }

    /** @return whether no property was put */
    public boolean isEmpty() {
        return properties.isEmpty();
    }

    /** @return the expression */
    public ObjectExpression build() {
        return new ObjectExpression(List.copyOf(properties));
    }
}

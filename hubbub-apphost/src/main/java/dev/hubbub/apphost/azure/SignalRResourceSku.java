package dev.hubbub.apphost.azure;

import org.jspecify.annotations.Nullable;

/** The {@code sku} of a SignalR service: name (e.g. {@code Free_F1}, {@code Premium_P1}), tier, capacity. */
public final class SignalRResourceSku {

    private @Nullable String name;
    private @Nullable String tier;
    private @Nullable Integer capacity;

    /** @return the sku name, or null when not emitted */
    public @Nullable String name() {
        return name;
    }

    /** @param name sku name, e.g. {@code Premium_P1} */
    public void setName(@Nullable String name) {
        this.name = name;
    }

    /** @return the tier ({@code Free}, {@code Basic}, {@code Standard}, {@code Premium}), or null */
    public @Nullable String tier() {
        return tier;
    }

    /** @param tier the tier */
    public void setTier(@Nullable String tier) {
        this.tier = tier;
    }

    /** @return the unit count, or null */
    public @Nullable Integer capacity() {
        return capacity;
    }

    /** @param capacity the unit count */
    public void setCapacity(@Nullable Integer capacity) {
        this.capacity = capacity;
    }
}

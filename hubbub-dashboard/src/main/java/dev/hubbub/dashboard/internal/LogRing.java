package dev.hubbub.dashboard.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} items of a stream, oldest dropped first, each with a sequence number that
 * never repeats (so a page can ask for what came after the last one it has). Thread-safe (guarded by {@code this}).
 *
 * @param <T> the item type
 */
public final class LogRing<T> {

    private final Object[] items;
    private long next; // sequence number of the next item added; items[next % capacity] is the oldest when full

    /** @param capacity items kept */
    public LogRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.items = new Object[capacity];
    }

    /**
     * @param item appended
     * @return its sequence number
     */
    public synchronized long add(T item) {
        items[(int) (next % items.length)] = item;
        return next++;
    }

    /** @return how many are kept now */
    public synchronized int size() {
        return (int) Math.min(next, items.length);
    }

    /** @return the sequence number the next item will get */
    public synchronized long nextSequence() {
        return next;
    }

    /** @return every item kept, oldest first */
    public List<T> snapshot() {
        return since(0);
    }

    /**
     * @param sequence the first sequence number wanted
     * @return the items kept from {@code sequence} on, oldest first
     */
    @SuppressWarnings("unchecked")
    public synchronized List<T> since(long sequence) {
        long first = Math.max(sequence, next - items.length);
        first = Math.max(first, 0);
        List<T> out = new ArrayList<>((int) Math.max(0, next - first));
        for (long s = first; s < next; s++) {
            out.add((T) items[(int) (s % items.length)]);
        }
        return out;
    }
}

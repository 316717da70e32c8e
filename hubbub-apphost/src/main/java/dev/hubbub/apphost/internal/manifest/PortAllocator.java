package dev.hubbub.apphost.internal.manifest;

import java.util.HashSet;
import java.util.Set;

/** Target ports for endpoints without one: the lowest port from the start up that the manifest has not used yet. */
final class PortAllocator {

    private final Set<Integer> used = new HashSet<>();
    private int next;

    PortAllocator(int start) {
        this.next = start;
    }

    int allocate() {
        while (used.contains(next)) {
            next++;
        }
        return next;
    }

    void markUsed(int port) {
        used.add(port);
    }
}

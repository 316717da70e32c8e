package dev.hubbub.dashboard.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Server-sent events to every open page. Events are queued and written every {@link #flush} (the server calls it
 * every 100 ms) as one write per page, so a burst of log lines costs one syscall per page, not one per line.
 * The queue is bounded: past {@value #MAX_PENDING} events the oldest are dropped and pages are told to reload
 * ({@code event: resync}). A page whose socket is not writable (a slow reader) skips events and is told to resync
 * once it catches up. Thread-safe.
 */
public final class EventHub {

    static final int MAX_PENDING = 20_000;

    private final Set<Channel> pages = ConcurrentHashMap.newKeySet();
    private final Set<Channel> lagging = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private volatile boolean dropped;
    private volatile boolean resourcesDirty;
    private static final long KEEP_ALIVE_NANOS = 15_000_000_000L;
    private volatile long lastWrite = System.nanoTime(); // only the flushing thread writes it
    private final Supplier<String> resourcesJson;

    /** @param resourcesJson the resources as JSON, sent after {@link #resourcesChanged()} */
    public EventHub(Supplier<String> resourcesJson) {
        this.resourcesJson = resourcesJson;
    }

    /** @param page a channel that has sent its SSE response head */
    public void add(Channel page) {
        pages.add(page);
        page.closeFuture().addListener(f -> {
            pages.remove(page);
            lagging.remove(page);
        });
    }

    /** @return how many pages are connected */
    public int pages() {
        return pages.size();
    }

    /** Resources are sent (whole) at the next flush. */
    public void resourcesChanged() {
        resourcesDirty = true;
    }

    /**
     * @param event the event name
     * @param json its data, one line of JSON
     */
    public void publish(String event, String json) {
        if (pages.isEmpty()) {
            return;
        }
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pending.poll();
            pendingCount.decrementAndGet();
            dropped = true;
        }
        pending.add("event: " + event + "\ndata: " + json + "\n\n");
    }

    /** Writes what is queued to every page. */
    public void flush() {
        StringBuilder batch = new StringBuilder();
        if (resourcesDirty) {
            resourcesDirty = false;
            batch.append("event: resources\ndata: ").append(resourcesJson.get()).append("\n\n");
        }
        String e;
        while ((e = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            batch.append(e);
        }
        if (dropped) {
            dropped = false;
            batch.append("event: resync\ndata: {}\n\n");
        }
        long now = System.nanoTime();
        if (batch.length() == 0) {
            if (now - lastWrite < KEEP_ALIVE_NANOS) {
                return;
            }
            batch.append(": keep-alive\n\n");
        }
        lastWrite = now;
        byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
        for (Channel page : pages) {
            if (!page.isActive()) {
                continue;
            }
            if (!page.isWritable()) {
                lagging.add(page);
                continue;
            }
            ByteBuf buf;
            if (lagging.remove(page)) {
                byte[] resync = "event: resync\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);
                buf = Unpooled.wrappedBuffer(bytes, resync);
            } else {
                buf = Unpooled.wrappedBuffer(bytes);
            }
            page.writeAndFlush(new DefaultHttpContent(buf));
        }
    }
}

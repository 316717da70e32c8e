package dev.hubbub.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The page's files, read once from the classpath ({@code dev/hubbub/dashboard/web/}). */
public final class StaticFiles {

    /** One file: its bytes (never modified) and content type. */
    public static final class File {
        private final byte[] bytes;
        private final String contentType;

        File(byte[] bytes, String contentType) {
            this.bytes = bytes;
            this.contentType = contentType;
        }

        /** @return the content, shared: callers only read it */
        public byte[] bytes() {
            return bytes;
        }

        /** @return the Content-Type */
        public String contentType() {
            return contentType;
        }
    }

    private static final String BASE = "/dev/hubbub/dashboard/web/";
    private final Map<String, File> files = new HashMap<>();

    /** Reads the files. */
    public StaticFiles() {
        load("index.html", "text/html; charset=utf-8");
        load("app.js", "text/javascript; charset=utf-8");
        load("app.css", "text/css; charset=utf-8");
        File index = files.get("/index.html");
        if (index != null) {
            files.put("/", index);
        }
    }

    private void load(String name, String type) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard's " + name + " is missing from the classpath (" + BASE + name + ")");
            }
            files.put("/" + name, new File(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param path a request path
     * @return its file, or null
     */
    public @Nullable File get(String path) {
        return files.get(path);
    }
}

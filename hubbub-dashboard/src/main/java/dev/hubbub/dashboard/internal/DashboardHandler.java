package dev.hubbub.dashboard.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's routes. {@code /login?t=TOKEN} sets the session cookie; every other page and API route needs
 * it (401 with a body that names nothing otherwise); {@code /v1/*} is the OTLP receiver, which needs the
 * {@code x-otlp-api-key} header the app host gives its children instead. Runs on the event loop: every route
 * reads memory only, and commands go to {@code commands}.
 */
public final class DashboardHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger("dev.hubbub.dashboard");
    /** The header a command request carries (a cross-site form cannot set it). */
    public static final String COMMAND_HEADER = "x-hubbub-dashboard";
    /** The OTLP API key header, as Aspire's dashboard names it. */
    public static final String OTLP_KEY_HEADER = "x-otlp-api-key";
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'";

    private final DashboardState state;
    private final TokenAuth auth;
    private final OtlpReceiver otlp;
    private final String otlpKey;
    private final StaticFiles files;
    private final Executor commands;

    /**
     * @param state what the page reads
     * @param auth login token and cookie
     * @param otlp the receiver
     * @param otlpKey the key OTLP requests must carry
     * @param files the page's files
     * @param commands where resource commands run
     */
    public DashboardHandler(DashboardState state, TokenAuth auth, OtlpReceiver otlp, String otlpKey, StaticFiles files,
            Executor commands) {
        this.state = state;
        this.auth = auth;
        this.otlp = otlp;
        this.otlpKey = otlpKey;
        this.files = files;
        this.commands = commands;
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, text(HttpResponseStatus.BAD_REQUEST, "Bad request"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.startsWith("/v1/")) {
            receiveOtlp(ctx, request, path);
            return;
        }
        if (path.equals("/login")) {
            login(ctx, request, uri);
            return;
        }
        if (!auth.isSession(request.headers().get(HttpHeaderNames.COOKIE))) {
            send(ctx, request, unauthorized());
            return;
        }
        route(ctx, request, path, uri);
    }

    private void login(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        List<String> t = uri.parameters().get("t");
        if (t == null || t.size() != 1 || !auth.isToken(t.get(0))) {
            send(ctx, request, unauthorized());
            return;
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND);
        r.headers().set(HttpHeaderNames.LOCATION, "/");
        r.headers().set(HttpHeaderNames.SET_COOKIE, auth.setCookie());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        r.headers().set("Referrer-Policy", "no-referrer");
        send(ctx, request, r);
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request, String path, QueryStringDecoder uri) {
        boolean get = request.method().equals(HttpMethod.GET);
        if (get && path.equals("/api/events")) {
            openEvents(ctx);
            return;
        }
        if (get && path.equals("/api/resources")) {
            send(ctx, request, json(state.resourcesModel()));
        } else if (get && path.equals("/api/logs")) {
            String resource = first(uri, "resource");
            send(ctx, request, json(resource == null ? List.of() : state.consoleLines(resource)));
        } else if (get && path.equals("/api/telemetry/logs")) {
            send(ctx, request, json(state.telemetry().logs()));
        } else if (get && path.equals("/api/telemetry/traces")) {
            send(ctx, request, json(state.telemetry().traces()));
        } else if (get && path.startsWith("/api/telemetry/traces/")) {
            send(ctx, request, json(state.telemetry().trace(path.substring("/api/telemetry/traces/".length()))));
        } else if (get && path.equals("/api/telemetry/metrics")) {
            send(ctx, request, json(state.telemetry().instruments()));
        } else if (get && path.equals("/api/livetrace")) {
            send(ctx, request, json(state.liveTraceJsonModel()));
        } else if (request.method().equals(HttpMethod.POST) && path.startsWith("/api/resources/")) {
            command(ctx, request, path.substring("/api/resources/".length()));
        } else if (get || request.method().equals(HttpMethod.HEAD)) {
            StaticFiles.File f = files.get(path);
            if (f == null) {
                send(ctx, request, text(HttpResponseStatus.NOT_FOUND, "Not found"));
            } else {
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(f.bytes()));
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, f.contentType());
                send(ctx, request, r);
            }
        } else {
            send(ctx, request, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method not allowed"));
        }
    }

    private void command(ChannelHandlerContext ctx, FullHttpRequest request, String rest) {
        if (!"1".equals(request.headers().get(COMMAND_HEADER))) {
            send(ctx, request, text(HttpResponseStatus.FORBIDDEN, "Commands need the " + COMMAND_HEADER + ": 1 header."));
            return;
        }
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            send(ctx, request, text(HttpResponseStatus.NOT_FOUND, "Use POST /api/resources/{name}/{stop|start|restart}"));
            return;
        }
        String name = QueryStringDecoder.decodeComponent(rest.substring(0, slash));
        String command = rest.substring(slash + 1);
        FullHttpRequest retained = request.retain();
        commands.execute(() -> {
            FullHttpResponse r;
            try {
                state.backend().execute(name, command);
                r = text(HttpResponseStatus.ACCEPTED, "Accepted: " + command + " " + name);
            } catch (IllegalArgumentException | IllegalStateException e) {
                r = text(HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("Dashboard command {} on '{}' failed", command, name, e);
                r = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "The command failed: " + e);
            }
            FullHttpResponse answer = r;
            ctx.executor().execute(() -> {
                try {
                    send(ctx, retained, answer);
                } finally {
                    retained.release();
                }
            });
        });
    }

    private void openEvents(ChannelHandlerContext ctx) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        HttpUtil.setTransferEncodingChunked(head, true);
        secure(head);
        ctx.writeAndFlush(head);
        state.events().add(ctx.channel());
        // the first resources event, so a page renders without waiting for a change
        state.events().resourcesChanged();
    }

    private void receiveOtlp(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        String key = request.headers().get(OTLP_KEY_HEADER);
        if (key == null || !java.security.MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                otlpKey.getBytes(StandardCharsets.UTF_8))) {
            send(ctx, request, unauthorized());
            return;
        }
        if (!request.method().equals(HttpMethod.POST)) {
            send(ctx, request, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "OTLP/HTTP takes POST."));
            return;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        byte[] body = ByteBufUtil.getBytes(request.content());
        try {
            byte[] answer = otlp.receive(path, contentType, body);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(answer));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, OtlpReceiver.PROTOBUF);
            send(ctx, request, r);
            state.events().publish("telemetry", "{\"signal\":\"" + path.substring(4) + "\"}");
        } catch (OtlpException e) {
            LOG.debug("OTLP {} refused: {}", path, e.getMessage());
            send(ctx, request, text(HttpResponseStatus.valueOf(e.status()), String.valueOf(e.getMessage())));
        }
    }

    private static @Nullable String first(QueryStringDecoder uri, String name) {
        List<String> v = uri.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static FullHttpResponse unauthorized() {
        return text(HttpResponseStatus.UNAUTHORIZED,
                "Unauthorized. Open the dashboard with the login URL the app host printed.");
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return r;
    }

    private static FullHttpResponse json(Object model) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(DashboardState.json(model), StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return r;
    }

    private static void secure(HttpResponse r) {
        r.headers().set("Content-Security-Policy", CSP);
        r.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().set("X-Frame-Options", "DENY");
        if (!r.headers().contains(HttpHeaderNames.CACHE_CONTROL)) {
            r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
    }

    static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse r) {
        secure(r);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setContentLength(r, r.content().readableBytes());
        if (request.method().equals(HttpMethod.HEAD)) {
            r.content().clear();
        }
        HttpUtil.setKeepAlive(r, keepAlive);
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Dashboard connection failed: {}", cause.toString());
        ctx.close();
    }
}

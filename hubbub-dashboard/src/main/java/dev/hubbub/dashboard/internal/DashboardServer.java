package dev.hubbub.dashboard.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The Netty listener: one event loop thread (the dashboard is for one developer), HTTP/1.1, SSE. */
public final class DashboardServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;
    private final @Nullable Channel ipv6;
    private final ExecutorService commands;

    private DashboardServer(EventLoopGroup group, Channel channel, @Nullable Channel ipv6, ExecutorService commands) {
        this.group = group;
        this.channel = channel;
        this.ipv6 = ipv6;
        this.commands = commands;
    }

    /**
     * Binds and starts flushing events every 100 ms.
     *
     * @param host the address
     * @param port the port or 0
     * @param state what the page reads
     * @param auth token and cookie
     * @param otlp the receiver
     * @param otlpKey the OTLP API key
     * @param maxBody the largest request body
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     */
    public static DashboardServer start(String host, int port, DashboardState state, TokenAuth auth, OtlpReceiver otlp,
            String otlpKey, int maxBody) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "hubbub-dashboard");
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        ExecutorService commands = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hubbub-dashboard-command");
            t.setDaemon(true);
            return t;
        });
        StaticFiles files = new StaticFiles();
        DashboardHandler handler = new DashboardHandler(state, auth, otlp, otlpKey, files, commands);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(), new OtlpAwareAggregator(maxBody), handler);
                        }
                    });
            Channel ch = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
            // The printed URL says localhost, which may resolve to ::1 first: listen there too when it can.
            Channel v6 = null;
            if (host.equals("127.0.0.1")) {
                var bound = bootstrap.bind(new InetSocketAddress("::1", ((InetSocketAddress) ch.localAddress()).getPort()))
                        .awaitUninterruptibly();
                v6 = bound.isSuccess() ? bound.channel() : null;
            }
            group.next().scheduleWithFixedDelay(state.events()::flush, 100, 100, TimeUnit.MILLISECONDS);
            return new DashboardServer(group, ch, v6, commands);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            commands.shutdownNow();
            throw e;
        }
    }

    /** @return the bound port */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        Channel v6 = ipv6;
        if (v6 != null) {
            v6.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        commands.shutdownNow();
    }
}

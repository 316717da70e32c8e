package dev.hubbub.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket I/O a Hubbub server or client runs on: Netty's native epoll transport where Linux provides it
 * (fewer copies and system calls, no selector garbage), the JDK's NIO everywhere else.
 *
 * <p>{@link #best()} chooses NIO unless {@code -Dhubbub.transport.epoll=true} and {@code Epoll.isAvailable()}:
 * under CPU load a browser client of the Spring sample behind the dev service failed to connect over epoll and
 * not over NIO (e2e {@code sample-spring-chat}), so epoll stays opt-in until that is understood.
 * {@code -Dhubbub.transport.nio=true} forces NIO.
 */
public enum IoTransport {
  /** Netty's native epoll transport (Linux, x86_64 and aarch64). */
  EPOLL,
  /** The JDK's NIO selector. */
  NIO;

  /** Epoll when asked for ({@code hubbub.transport.epoll}) and available, else NIO. */
  public static IoTransport best() {
    return Boolean.getBoolean("hubbub.transport.epoll") && !Boolean.getBoolean("hubbub.transport.nio")
        && Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** The I/O handler for event loops of this transport. */
  public IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /** The listening socket class. */
  public Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** The client socket class. */
  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}

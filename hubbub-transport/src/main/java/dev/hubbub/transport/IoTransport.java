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
 * <p>{@link #best()} chooses epoll where {@code Epoll.isAvailable()}, else NIO; {@code -Dhubbub.transport.nio=true}
 * (or {@code -Dhubbub.transport.epoll=false}) forces NIO. Epoll was opt-in for a while because a browser client
 * of the Spring sample failed to connect more often over it under CPU load; the cause was the WebFlux mount
 * answering a hub request before the application's previous response had ended, fixed there, and epoll is the
 * default again.
 */
public enum IoTransport {
  /** Netty's native epoll transport (Linux, x86_64 and aarch64). */
  EPOLL,
  /** The JDK's NIO selector. */
  NIO;

  /** Epoll where available and not turned off ({@code hubbub.transport.nio}, {@code hubbub.transport.epoll}), else NIO. */
  public static IoTransport best() {
    boolean off = Boolean.getBoolean("hubbub.transport.nio")
        || "false".equalsIgnoreCase(System.getProperty("hubbub.transport.epoll"));
    return !off && Epoll.isAvailable() ? EPOLL : NIO;
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

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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket I/O a Hubbub server or client runs on: Netty's native epoll transport where Linux provides it
 * (fewer copies and system calls, no selector garbage), the JDK's NIO everywhere else, and Netty's io_uring
 * transport when asked for.
 *
 * <p>{@link #best()} reads {@code -Dhubbub.transport=epoll|io_uring|nio}. Without it (or with {@code epoll}) it
 * chooses epoll where {@code Epoll.isAvailable()}, else NIO; {@code -Dhubbub.transport.nio=true} (or
 * {@code -Dhubbub.transport.epoll=false}) forces NIO as before, whatever {@code hubbub.transport} says.
 * {@code io_uring} runs on Netty's io_uring transport where {@code IoUring.isAvailable()} (Linux 5.14 or later,
 * io_uring not disabled by the kernel or a seccomp profile, as container runtimes often do) and falls back to the
 * default otherwise, saying why at WARN.
 * Epoll was opt-in for a while because a browser client of the Spring sample failed to connect more often over
 * it under CPU load; the cause was the WebFlux mount answering a hub request before the application's previous
 * response had ended, fixed there, and epoll is the default again.
 */
public enum IoTransport {
  /** Netty's native epoll transport (Linux, x86_64 and aarch64). */
  EPOLL,
  /** Netty's io_uring transport (Linux, x86_64 and aarch64): opt-in. */
  IO_URING,
  /** The JDK's NIO selector. */
  NIO;

  private static final Logger log = LoggerFactory.getLogger(IoTransport.class);

  /**
   * The transport {@code -Dhubbub.transport} asks for where available, else epoll where available, else NIO; the
   * older switches to NIO win over it.
   *
   * @throws IllegalArgumentException when {@code hubbub.transport} names no transport
   */
  public static IoTransport best() {
    String asked = System.getProperty("hubbub.transport", "").trim().toLowerCase(Locale.ROOT);
    if (!asked.isEmpty() && !asked.equals("epoll") && !asked.equals("io_uring") && !asked.equals("nio")) {
      throw new IllegalArgumentException("hubbub.transport must be epoll, io_uring or nio, was '" + asked + "'");
    }
    if (asked.equals("nio") || Boolean.getBoolean("hubbub.transport.nio")
        || "false".equalsIgnoreCase(System.getProperty("hubbub.transport.epoll"))) {
      return NIO;
    }
    IoTransport fallback = Epoll.isAvailable() ? EPOLL : NIO;
    if (asked.equals("io_uring")) {
      if (IoUring.isAvailable()) {
        return IO_URING;
      }
      log.warn("io_uring was asked for (hubbub.transport) but is not available here ({}); using {}",
          IoUring.unavailabilityCause(), fallback == EPOLL ? "epoll" : "NIO");
    }
    return fallback;
  }

  /** The I/O handler for event loops of this transport. */
  public IoHandlerFactory ioHandlerFactory() {
    return switch (this) {
      case EPOLL -> EpollIoHandler.newFactory();
      case IO_URING -> IoUringIoHandler.newFactory();
      case NIO -> NioIoHandler.newFactory();
    };
  }

  /** The listening socket class. */
  public Class<? extends ServerChannel> serverChannel() {
    return switch (this) {
      case EPOLL -> EpollServerSocketChannel.class;
      case IO_URING -> IoUringServerSocketChannel.class;
      case NIO -> NioServerSocketChannel.class;
    };
  }

  /** The client socket class. */
  public Class<? extends SocketChannel> socketChannel() {
    return switch (this) {
      case EPOLL -> EpollSocketChannel.class;
      case IO_URING -> IoUringSocketChannel.class;
      case NIO -> NioSocketChannel.class;
    };
  }
}

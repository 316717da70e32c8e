package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.DistributedApplicationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for endpoints without a fixed port. */
final class Ports {
    private Ports() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new DistributedApplicationException("Cannot find a free port on loopback: " + e.getMessage(), e);
        }
    }
}

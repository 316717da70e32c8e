package dev.hubbub.apphost.testapps;

import dev.hubbub.server.Hub;
import dev.hubbub.server.HubServer;
import dev.hubbub.server.redis.RedisBackplane;

/**
 * A hub server that takes its Redis backplane by reference: {@code ConnectionStrings__cache}, as the app host's
 * {@code withReference(cache)} injects it. Prints {@code backplane=<toString>} once started, then stays alive.
 */
public final class RedisHubServerApp {
    private RedisHubServerApp() {
    }

    /** A hub with one method. */
    public static class EchoHub extends Hub {
        /** @param message any text @return the same text */
        public String echo(String message) {
            return message;
        }
    }

    /** @param args unused @throws InterruptedException never in practice */
    public static void main(String[] args) throws InterruptedException {
        RedisBackplane backplane = RedisBackplane.fromConnectionString(System.getenv("ConnectionStrings__cache"));
        HubServer server = HubServer.builder().port(0).hub("/echo", EchoHub.class).backplane(backplane).start();
        System.out.println("backplane connected=" + backplane.isConnected() + " " + backplane + " port=" + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

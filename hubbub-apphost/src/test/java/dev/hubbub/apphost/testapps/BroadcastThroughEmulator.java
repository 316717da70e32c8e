package dev.hubbub.apphost.testapps;

import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;

/**
 * A referencing app: builds a management SDK client from {@code ConnectionStrings__signalr}, checks the
 * service's health, broadcasts once through the REST API, prints what happened and stays alive.
 */
public final class BroadcastThroughEmulator {
    private BroadcastThroughEmulator() {
    }

    /** @param args unused @throws InterruptedException never in practice */
    public static void main(String[] args) throws InterruptedException {
        ServiceManager manager = new ServiceManagerBuilder().fromConfiguration("signalr").build();
        System.out.println("healthy=" + manager.isServiceHealthy());
        ServiceHubContext chat = manager.createHubContext("chat");
        chat.clients().all().send("newMessage", "apphost", "hello");
        System.out.println("broadcast sent to " + manager.endpoint());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

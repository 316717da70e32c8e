package dev.hubbub.samples.chat;

import dev.hubbub.apphost.Configuration;
import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The chat sample's app host: runs the SignalR emulator (the Hubbub service, in this JVM) and the chat API
 * ({@link ChatApi}, in its own JVM), which receives the emulator's connection string as
 * {@code ConnectionStrings__signalr}. Prints the page's URL once the API is healthy; Ctrl-C stops everything.
 *
 * <pre>
 * java -jar samples/chat/target/hubbub-chat.jar [--port 8080]
 * java -jar samples/chat/target/hubbub-chat.jar --publisher manifest --output-path out
 * java -jar samples/chat/target/hubbub-chat.jar --publisher azure --output-path out --container-images tar
 * </pre>
 */
public final class ChatAppHost {

    /** The page's port when neither {@code --port} nor the configuration key {@code port} is given. */
    public static final int DEFAULT_PORT = 8080;

    private ChatAppHost() {
    }

    /**
     * Runs (or, with {@code --publisher manifest --output-path DIR}, publishes) the chat application.
     *
     * @param args {@code --port <port>} for the page, and any app host setting as {@code --key value}
     */
    public static void main(String[] args) {
        var builder = DistributedApplication.createBuilder(args);
        int port = pagePort(builder.configuration());
        if (builder.executionContext().isRunMode() && !isFree(port)) {
            System.err.println("Port " + port + " is in use, so the chat page cannot listen on it. Stop what uses it, "
                    + "or choose another port: java -jar samples/chat/target/hubbub-chat.jar --port " + (port + 1));
            System.exit(2);
        }

        var signalR = builder.addAzureSignalR("signalr", AzureSignalRServiceMode.SERVERLESS)
                .runAsEmulator();

        builder.addProject("api", ChatApi.class)
                .withReference(signalR)
                .waitFor(signalR)
                .withHttpEndpoint(port, "PORT")
                .withExternalHttpEndpoints()
                .withHttpHealthCheck("/health")
                .onResourceReady(api -> System.out.println(
                        "Open http://localhost:" + port + "/ in two browser tabs to chat. Press Ctrl-C to stop."));

        builder.build().run();
    }

    static int pagePort(Configuration configuration) {
        String value = configuration.get("port").orElse(String.valueOf(DEFAULT_PORT)).trim();
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("Invalid --port '" + value + "': use a number from 1 to 65535, e.g. --port " + DEFAULT_PORT);
        System.exit(2);
        return -1;
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}

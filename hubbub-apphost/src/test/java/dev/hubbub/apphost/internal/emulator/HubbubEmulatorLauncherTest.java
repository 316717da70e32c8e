package dev.hubbub.apphost.internal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.apphost.azure.AzureSignalRServiceMode;
import dev.hubbub.apphost.azure.spi.EmulatorOptions;
import dev.hubbub.apphost.azure.spi.RunningEmulator;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.service.HandshakeRequestMessage;
import dev.hubbub.protocol.service.HandshakeResponseMessage;
import dev.hubbub.protocol.service.MessageExtensions;
import dev.hubbub.protocol.service.ServiceMessageReader;
import dev.hubbub.protocol.service.ServiceProtocol;
import dev.hubbub.service.ServiceMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The emulator runs in the mode the resource was declared with: Default mode is the real thing, not Serverless. */
class HubbubEmulatorLauncherTest {
    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    @Test
    void eachDeclaredModeIsTheServicesMode() {
        assertThat(HubbubEmulatorLauncher.serviceOptions(0,
                new EmulatorOptions("signalr", AzureSignalRServiceMode.DEFAULT, KEY)).mode())
                .isEqualTo(ServiceMode.DEFAULT);
        assertThat(HubbubEmulatorLauncher.serviceOptions(0,
                new EmulatorOptions("signalr", AzureSignalRServiceMode.SERVERLESS, KEY)).mode())
                .isEqualTo(ServiceMode.SERVERLESS);
    }

    /** Only a Default-mode service lets a hub server in at {@code /server}; a Serverless one refuses its handshake. */
    @Test
    void aDefaultModeEmulatorAcceptsHubServers() throws Exception {
        assertThat(serverHandshakeError(AzureSignalRServiceMode.DEFAULT)).isEmpty();
        assertThat(serverHandshakeError(AzureSignalRServiceMode.SERVERLESS)).contains("'Serverless' service mode");
    }

    /** Dials {@code /server/?hub=chat} as a hub server does and returns the service's handshake error ("" if none). */
    private static String serverHandshakeError(AzureSignalRServiceMode mode) throws Exception {
        try (RunningEmulator emulator = new HubbubEmulatorLauncher().start(0, new EmulatorOptions("signalr", mode, KEY))) {
            URI endpoint = emulator.endpoint();
            String token = AccessTokenIssuer.builder(KEY).build().issue(
                    "http://" + endpoint.getHost() + "/server/?hub=chat",
                    TokenClaims.builder().nameId("srv").build(), Duration.ofMinutes(5));
            CompletableFuture<HandshakeResponseMessage> response = new CompletableFuture<>();
            ServiceMessageReader reader = new ServiceMessageReader();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://" + endpoint.getHost() + ":" + endpoint.getPort()
                            + "/server/?hub=chat"), new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                                    try {
                                        reader.read(data, m -> {
                                            if (m instanceof HandshakeResponseMessage h) {
                                                response.complete(h);
                                            }
                                        });
                                    } catch (ProtocolException e) {
                                        response.completeExceptionally(e);
                                    }
                                    w.request(1);
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            try {
                ws.sendBinary(ByteBuffer.wrap(ServiceProtocol.write(new HandshakeRequestMessage(
                        HandshakeRequestMessage.PROTOCOL_VERSION, 0, "", 0, MessageExtensions.NONE, false))), true);
                String error = response.get(10, TimeUnit.SECONDS).errorMessage();
                return error == null ? "" : error;
            } finally {
                ws.abort();
            }
        }
    }
}

package dev.hubbub.apphost.azure.spi;

/**
 * Starts a local SignalR emulator. Implementations need a public no-argument constructor and a
 * {@code META-INF/services/dev.hubbub.apphost.azure.spi.SignalREmulatorLauncher} entry. The app host
 * uses the first implementation found.
 *
 * <p>Contract: {@link #start} returns once the emulator accepts connections on the returned
 * {@link RunningEmulator#endpoint()}; it answers {@code GET /api/health} with 200 when healthy; it
 * accepts the connection string
 * {@code Endpoint=http://localhost:<port>;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;}.
 */
public interface SignalREmulatorLauncher {

    /**
     * Starts an emulator.
     *
     * @param portOrZero port to bind on loopback, or 0 for any free port
     * @param options what the app host knows about the resource
     * @return the running emulator; the app host closes it on stop
     * @throws Exception if it cannot start (the resource becomes FailedToStart with this message)
     */
    RunningEmulator start(int portOrZero, EmulatorOptions options) throws Exception;
}

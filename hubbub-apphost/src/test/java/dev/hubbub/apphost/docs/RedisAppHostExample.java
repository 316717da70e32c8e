package dev.hubbub.apphost.docs;

import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.DistributedApplicationBuilder;
import dev.hubbub.apphost.testapps.RedisHubServerApp;

/** The app host of docs/apphost.md's Redis section, compiled (and run by RedisRunModeTest) so the guide stays true. */
public final class RedisAppHostExample {
    private RedisAppHostExample() {
    }

    /**
     * The guide's model on a builder made elsewhere (the test's, isolated from the machine's environment).
     *
     * @param builder the builder
     * @return the same builder
     */
    public static DistributedApplicationBuilder model(DistributedApplicationBuilder builder) {
        var cache = builder.addRedis("cache");
        builder.addProject("hub", RedisHubServerApp.class)
                .withReference(cache)
                .waitFor(cache);
        return builder;
    }

    /** @param args the app host's arguments ({@code --publisher manifest --output-path out} to publish) */
    public static void main(String[] args) {
        DistributedApplicationBuilder builder = DistributedApplication.createBuilder(args);
        model(builder);
        builder.build().run();
    }
}

package dev.hubbub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenAuthTest {

    private static final String TOKEN = "the-login-token-for-tests-0123456789";
    private Dashboard dashboard;
    private DashboardClient client;
    private final TestBackend backend = new TestBackend();

    @BeforeEach
    void start() {
        dashboard = Dashboard.start(DashboardOptions.DEFAULTS.withToken(TOKEN), backend);
        client = new DashboardClient(dashboard.port());
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    @Test
    void loginUrlIsOnLocalhostWithTheToken() {
        assertThat(dashboard.loginUrl()).isEqualTo("http://localhost:" + dashboard.port() + "/login?t=" + TOKEN);
    }

    @Test
    void randomTokenWhenNoneIsGiven() {
        try (Dashboard other = Dashboard.start(DashboardOptions.DEFAULTS, backend)) {
            String token = other.loginUrl().substring(other.loginUrl().indexOf("t=") + 2);
            assertThat(token).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(TOKEN);
        }
    }

    @Test
    void everyPageAndApiRouteNeedsTheCookie() throws Exception {
        for (String path : List.of("/", "/index.html", "/app.js", "/api/resources", "/api/logs?resource=api",
                "/api/events", "/api/telemetry/traces", "/api/telemetry/logs", "/api/telemetry/metrics", "/api/livetrace",
                "/nothing-here")) {
            HttpResponse<String> r = client.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertNothingLeaked(r);
        }
        HttpResponse<String> command = client.post("/api/resources/api/stop", new byte[0], Map.of("x-hubbub-dashboard", "1"));
        assertThat(command.statusCode()).isEqualTo(401);
        assertThat(backend.commands).isEmpty();
    }

    @Test
    void wrongOrMissingTokenIs401WithNoCookie() throws Exception {
        for (String path : List.of("/login", "/login?t=", "/login?t=wrong", "/login?t=" + TOKEN + "x",
                "/login?t=" + TOKEN.substring(1), "/login?t=" + TOKEN + "&t=" + TOKEN, "/login?token=" + TOKEN)) {
            HttpResponse<String> r = client.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("set-cookie")).as(path).isEmpty();
            assertNothingLeaked(r);
        }
    }

    @Test
    void theTokenSetsAnHttpOnlyCookieAndRedirects() throws Exception {
        HttpResponse<String> r = client.login(dashboard.loginUrl());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("location")).contains("/");
        String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).startsWith("hubbub_dashboard=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain(TOKEN);
        assertThat(client.get("/").statusCode()).isEqualTo(200);
        assertThat(client.get("/api/resources").body()).contains("\"name\":\"api\"");
    }

    @Test
    void aForgedCookieIsRefused() throws Exception {
        client.cookie = "hubbub_dashboard=" + TOKEN;
        assertThat(client.get("/api/resources").statusCode()).isEqualTo(401);
        client.cookie = "hubbub_dashboard=";
        assertThat(client.get("/api/resources").statusCode()).isEqualTo(401);
    }

    @Test
    void commandsNeedTheDashboardHeader() throws Exception {
        client.login(dashboard.loginUrl());
        assertThat(client.post("/api/resources/api/restart", new byte[0], Map.of()).statusCode()).isEqualTo(403);
        assertThat(backend.commands).isEmpty();
        HttpResponse<String> ok = client.post("/api/resources/api/restart", new byte[0], Map.of("x-hubbub-dashboard", "1"));
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(backend.commands).containsExactly("restart api");
        HttpResponse<String> unknown = client.post("/api/resources/nope/stop", new byte[0], Map.of("x-hubbub-dashboard", "1"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("nope");
    }

    private static void assertNothingLeaked(HttpResponse<String> r) {
        assertThat(r.body()).doesNotContain(TOKEN).doesNotContain("signalr").doesNotContain("api\"")
                .doesNotContain(TestBackend.ACCESS_KEY).doesNotContain(TestBackend.PASSWORD).hasSizeLessThan(200);
    }
}

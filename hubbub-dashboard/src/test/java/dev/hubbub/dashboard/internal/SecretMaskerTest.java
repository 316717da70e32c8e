package dev.hubbub.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    @Test
    void valuesOfSecretLookingNamesAreMaskedWhole() {
        SecretMasker m = new SecretMasker();
        Map<String, String> shown = m.maskEnvironment(Map.of(
                "ConnectionStrings__signalr", "Endpoint=http://localhost:1;AccessKey=" + KEY + ";Version=1.0;",
                "DB_PASSWORD", "hunter2hunter2",
                "OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=abcdef123456",
                "PORT", "8080"), Set.of());
        assertThat(shown).containsEntry("ConnectionStrings__signalr", SecretMasker.MASK)
                .containsEntry("DB_PASSWORD", SecretMasker.MASK)
                .containsEntry("OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=" + SecretMasker.MASK)
                .containsEntry("PORT", "8080");
    }

    @Test
    void namesTheAppHostMarksSecretAreMaskedWhateverTheirName() {
        SecretMasker m = new SecretMasker();
        assertThat(m.maskEnvironment(Map.of("GREETING", "open sesame"), Set.of("GREETING")))
                .containsEntry("GREETING", SecretMasker.MASK);
        assertThat(m.mask("the greeting is open sesame")).doesNotContain("open sesame");
    }

    @Test
    void secretPartsOfOtherValuesAreMasked() {
        SecretMasker m = new SecretMasker();
        Map<String, String> shown = m.maskEnvironment(Map.of("SIGNALR", "Endpoint=http://x;AccessKey=" + KEY + ";"), Set.of());
        assertThat(shown.get("SIGNALR")).isEqualTo("Endpoint=http://x;AccessKey=" + SecretMasker.MASK + ";");
    }

    @Test
    void secretsSeenOnceAreMaskedInLaterText() {
        SecretMasker m = new SecretMasker();
        m.maskEnvironment(Map.of("ConnectionStrings__signalr", "Endpoint=http://x;AccessKey=" + KEY + ";"), Set.of());
        assertThat(m.mask("Connecting with key " + KEY + " now")).isEqualTo("Connecting with key " + SecretMasker.MASK + " now");
        assertThat(m.mask("Password=letmein; user=bob")).isEqualTo("Password=" + SecretMasker.MASK + "; user=bob");
    }

    @Test
    void shortValuesAreNotRememberedSoOrdinaryTextSurvives() {
        SecretMasker m = new SecretMasker();
        m.maskEnvironment(Map.of("API_KEY", "1"), Set.of());
        assertThat(m.mask("1 2 3")).isEqualTo("1 2 3");
    }
}

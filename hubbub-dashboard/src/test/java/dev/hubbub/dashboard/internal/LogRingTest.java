package dev.hubbub.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.dashboard.DashboardBackend;
import dev.hubbub.dashboard.ResourceSnapshot;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LogRingTest {

    @Test
    void keepsTheLastCapacityItemsOldestFirst() {
        LogRing<Integer> ring = new LogRing<>(3);
        IntStream.range(0, 5).forEach(ring::add);
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.snapshot()).containsExactly(2, 3, 4);
        assertThat(ring.nextSequence()).isEqualTo(5);
    }

    @Test
    void sinceAnswersFromASequenceNumberOrTheOldestKept() {
        LogRing<String> ring = new LogRing<>(4);
        for (int i = 0; i < 10; i++) {
            ring.add("line " + i);
        }
        assertThat(ring.since(8)).containsExactly("line 8", "line 9");
        assertThat(ring.since(0)).containsExactly("line 6", "line 7", "line 8", "line 9");
        assertThat(ring.since(10)).isEmpty();
    }

    @Test
    void consoleKeepsTenThousandLinesPerResource() {
        DashboardBackend none = new DashboardBackend() {
            @Override
            public List<ResourceSnapshot> resources() {
                return List.of();
            }

            @Override
            public void execute(String resource, String command) {
            }
        };
        DashboardState state = new DashboardState(none, new SecretMasker(), 10_000);
        for (int i = 0; i < 10_050; i++) {
            state.log("api", "stdout", "line " + i);
        }
        state.log("other", "stderr", "only line");
        List<DashboardState.ConsoleLine> lines = state.consoleLines("api");
        assertThat(lines).hasSize(10_000);
        assertThat(lines.get(0).text()).isEqualTo("line 50");
        assertThat(lines.get(9_999).text()).isEqualTo("line 10049");
        assertThat(lines.get(9_999).seq()).isEqualTo(10_049);
        assertThat(state.consoleLines("other")).extracting(DashboardState.ConsoleLine::text).containsExactly("only line");
        assertThat(state.consoleLines("missing")).isEmpty();
    }
}

package dev.hubbub.apphost.internal.run;

import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.RunningApplication;
import java.util.List;

/** Starts resources in run mode. */
public final class Orchestrator {
    private Orchestrator() {
    }

    /** @param resources model @return running application */
    public static RunningApplication start(List<Resource> resources) {
        throw new UnsupportedOperationException("not yet");
    }
}

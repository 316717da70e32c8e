package dev.hubbub.apphost.internal.model;

import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.ReferenceAnnotation;
import dev.hubbub.apphost.Resource;
import dev.hubbub.apphost.WaitAnnotation;
import dev.hubbub.apphost.azure.AzureSignalREmulatorResource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/** Graph rules checked at {@code build()}: known targets, no self-wait, no wait cycles. */
public final class ModelValidator {

    private ModelValidator() {
    }

    /** @param resources the model @throws DistributedApplicationException on the first violation */
    public static void validate(List<Resource> resources) {
        Set<Resource> known = Collections.newSetFromMap(new IdentityHashMap<>());
        known.addAll(resources);
        for (Resource r : resources) {
            for (WaitAnnotation w : r.annotations(WaitAnnotation.class)) {
                Resource dep = unwrap(w.dependency());
                if (dep == r) {
                    throw new DistributedApplicationException("The '" + r.name() + "' resource cannot wait for itself.");
                }
                if (!known.contains(dep)) {
                    throw new DistributedApplicationException("Resource '" + r.name() + "' waits for '" + dep.name()
                            + "', which is not part of this application: add it with this builder, not another one.");
                }
            }
            for (ReferenceAnnotation ref : r.annotations(ReferenceAnnotation.class)) {
                Resource target = unwrap(ref.target());
                if (!known.contains(target)) {
                    throw new DistributedApplicationException("Resource '" + r.name() + "' references '" + target.name()
                            + "', which is not part of this application: add it with this builder, not another one.");
                }
            }
        }
        Map<Resource, Integer> state = new IdentityHashMap<>();
        for (Resource r : resources) {
            visit(r, state, new ArrayList<>());
        }
    }

    private static void visit(Resource r, Map<Resource, Integer> state, List<Resource> path) {
        Integer s = state.get(r);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>();
            for (Resource p : path.subList(path.indexOf(r), path.size())) {
                cycle.add("'" + p.name() + "'");
            }
            cycle.add("'" + r.name() + "'");
            throw new DistributedApplicationException("Resources wait for each other in a cycle: " + String.join(" -> ", cycle)
                    + ". Remove one of these waitFor calls.");
        }
        state.put(r, 1);
        path.add(r);
        for (WaitAnnotation w : r.annotations(WaitAnnotation.class)) {
            visit(unwrap(w.dependency()), state, path);
        }
        path.remove(path.size() - 1);
        state.put(r, 2);
    }

    private static Resource unwrap(Resource r) {
        return r instanceof AzureSignalREmulatorResource e ? e.innerResource() : r;
    }
}

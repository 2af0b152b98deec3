package dev.zkmlc.optimizer.search;

import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backends' dry-run outcomes, remembered per (backend, per-layer choices, layout knobs), so that no plan
 * search simulates the same layout twice: the layout searches of a plan search share them, and so does a second
 * search of the same model under other limits (a compile that finds nothing within the default memory budget
 * searches again without one; limits are applied to the remembered counts, not baked into them). Dry runs are
 * deterministic, so a remembered outcome is the outcome. One per compile; thread-safe (a plan search simulates
 * flips in parallel, each a program of its own).
 */
public final class DryRuns {
    /**
     * What one dry run gave: the counts, or why the backend cannot lay the program out at those knobs.
     *
     * @param stats the backend's counts (null when it failed)
     * @param failure the backend's message (null when it succeeded)
     */
    record Outcome(LayoutStats stats, String failure) {}

    private final Map<String, Map<LayoutOptions, Outcome>> byProgram = new HashMap<>();
    private final Map<String, Map<LayoutOptions, Optional<LayoutStats>>> floorsByProgram = new HashMap<>();

    /** The outcomes of one backend on the program lowered under {@code choices}, by knobs (a live view). */
    synchronized Map<LayoutOptions, Outcome> of(String backend, LoweringChoices choices) {
        return byProgram.computeIfAbsent(backend + " " + choices, x -> new ConcurrentHashMap<>());
    }

    /**
     * The backend's floors ({@link dev.zkmlc.circuit.backend.Backend#statsFloor}, empty when it knows none) of the
     * program lowered under {@code choices}, by knobs (a live view): floors too are deterministic, and a search asks for
     * the same ones again (a second search, the final layout search of the descent's choices).
     */
    synchronized Map<LayoutOptions, Optional<LayoutStats>> floorsOf(String backend, LoweringChoices choices) {
        return floorsByProgram.computeIfAbsent(backend + " " + choices, x -> new ConcurrentHashMap<>());
    }

    /** Dry runs remembered so far, over every backend and program. */
    public synchronized int size() {
        int n = 0;
        for (Map<LayoutOptions, Outcome> m : byProgram.values()) {
            n += m.size();
        }
        return n;
    }
}

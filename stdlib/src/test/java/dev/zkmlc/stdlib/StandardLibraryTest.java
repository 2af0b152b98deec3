package dev.zkmlc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandardLibraryTest {
    @Test
    void everyListedModuleShipsItsSource() {
        for (String name : StandardLibrary.MODULES) {
            Optional<String> text = StandardLibrary.source(name);
            assertTrue(text.isPresent(), name);
            assertTrue(text.get().startsWith("# std." + name + ":"), "each module opens with its name: " + name);
        }
    }

    @Test
    void unknownModulesAreEmpty() {
        assertEquals(Optional.empty(), StandardLibrary.source("nnn"));
        assertEquals(Optional.empty(), StandardLibrary.source("../nn"));
    }
}

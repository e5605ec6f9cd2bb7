package dev.switchboard.update;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void numbersCompareAsNumbersAndAReleaseOutranksItsSnapshot() {
        assertTrue(Versions.isNewer("0.10.0", "0.9.9"));
        assertTrue(Versions.isNewer("v1.2.0", "1.1.9"));
        assertTrue(Versions.isNewer("0.1.0", "0.1.0-SNAPSHOT"));
        assertTrue(Versions.isNewer("1.0.0-rc2", "1.0.0-rc1"));
        assertTrue(Versions.isNewer("0.1.0", "dev"));
        assertFalse(Versions.isNewer("1.0", "1.0.0"));
        assertFalse(Versions.isNewer("1.0.0-SNAPSHOT", "1.0.0"));
    }

    @Test
    void preReleasesFollowSemVerPrecedence() {
        // the example order of SemVer 2.0.0 §11.4
        var ordered = java.util.List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        for (int i = 1; i < ordered.size(); i++) {
            assertTrue(Versions.isNewer(ordered.get(i), ordered.get(i - 1)), ordered.get(i) + " > " + ordered.get(i - 1));
            assertFalse(Versions.isNewer(ordered.get(i - 1), ordered.get(i)), ordered.get(i - 1) + " < " + ordered.get(i));
        }
    }

    @Test
    void aReleaseCandidatesNumberComparesAsANumber() {
        assertTrue(Versions.isNewer("1.0.0-rc10", "1.0.0-rc2"));
        assertFalse(Versions.isNewer("1.0.0-rc2", "1.0.0-rc10"));
    }

    @Test
    void buildMetadataDoesNotMakeAVersionNewer() {
        assertFalse(Versions.isNewer("1.0.0+build.7", "1.0.0"));
        assertFalse(Versions.isNewer("1.0.0", "1.0.0+build.7"));
        assertTrue(Versions.isNewer("1.0.1+build.1", "1.0.0+build.9"));
    }
}

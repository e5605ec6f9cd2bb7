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
}

package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The packaged runtime's module list ({@code package.modules} in {@code pom.xml}) holds every module that jdeps
 * finds {@code target/switchboard.jar} using. The list is fixed in the pom rather than computed at package time
 * (the pom says why); this is what keeps it right when a dependency starts needing another module, in every
 * {@code verify}, without building the packages.
 */
class JlinkModulesIT {
    @Test
    void thePackagedRuntimeHasEveryModuleJdepsSeesTheJarUse() {
        var jdeps = ToolProvider.findFirst("jdeps");
        assumeTrue(jdeps.isPresent(), "no jdeps in this Java (a JRE?)");
        var jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")).toAbsolutePath();
        var listed = System.getProperty("switchboard.package.modules", "");
        assertFalse(listed.isBlank(), "failsafe passes package.modules from the pom");
        var out = new StringWriter();
        var err = new StringWriter();

        int code = jdeps.get().run(new PrintWriter(out), new PrintWriter(err), "--print-module-deps",
                "--ignore-missing-deps", "--multi-release", "17", jar.toString());

        assertEquals(0, code, err.toString());
        Set<String> needed = new TreeSet<>(Arrays.asList(out.toString().strip().split(",")));
        Set<String> packaged = new TreeSet<>(Arrays.asList(listed.split(",")));
        var missing = new TreeSet<>(needed);
        missing.removeAll(packaged);
        assertTrue(missing.isEmpty(), "jdeps says switchboard.jar needs " + missing + ", which package.modules in"
                + " pom.xml lacks: add them, or the packaged Switchboard fails where it first uses them");
        // The ones jdeps cannot see (reflection, services) stay listed: the pom says why each is there.
        assertTrue(packaged.containsAll(List.of("jdk.crypto.ec", "jdk.zipfs", "jdk.charsets")), packaged.toString());
    }
}

package io.zstor.engine.codec.rs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Kernel choice in fresh JVMs: with and without the incubator module, and forced by the system property. */
class KernelSelectionTest {

    @Test
    void fallsBackToScalarWithoutTheVectorModule() throws Exception {
        assertThat(probe(false, null)).isEqualTo("SCALAR true");
    }

    @Test
    void picksVectorWhenTheModuleIsPresent() throws Exception {
        assertThat(probe(true, null)).isEqualTo("VECTOR true");
    }

    @Test
    void propertyForcesAKernel() throws Exception {
        assertThat(probe(true, "scalar")).isEqualTo("SCALAR true");
        assertThat(probe(false, "vector")).startsWith("error: the vector Reed-Solomon kernel is unavailable");
        assertThat(probe(true, "simd")).isEqualTo(
                "error: system property zstor.rs.kernel must be 'scalar' or 'vector', got 'simd'");
    }

    private static String probe(boolean vectorModule, String kernelProperty) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorModule) {
            command.add("--add-modules");
            command.add("jdk.incubator.vector");
        }
        if (kernelProperty != null) {
            command.add("-D" + ReedSolomon.KERNEL_PROPERTY + "=" + kernelProperty);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KernelProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
